// The knowledge base from Node: a product's own documents added, searched with filters and
// citations, updated without re-embedding what did not change, deleted, reopened, and cited by
// interview practice in a workflow.
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { InvalidInputError, KnowledgeBase, Workflow } from '../index.mjs';
import { startPeer } from './peer.mjs';

const SAMPLES = new URL('../../../samples/', import.meta.url);
const OWNER = 'user-42';
const ONBOARDING = `# Engineering onboarding at Acme

## Incident review
Every production incident gets a blameless review within five working days. The review names
the trigger, the detection gap and one follow-up owned by the on-call engineer.

## Code review
Pull requests need one approval from the owning team. Reviews focus on correctness and tests.
`;
const BENEFITS = `# Benefits

## Parental leave
Acme offers twenty weeks of paid parental leave to every parent.
`;

let peer;
before(async () => {
  peer = await startPeer();
});
after(() => peer.stop());

const tempDir = () => mkdtemp(path.join(tmpdir(), 'careerkit-node-kb-'));

test('own documents are searched, filtered, updated and deleted', async () => {
  const kb = await KnowledgeBase.open(await tempDir(), { seedBuiltin: false });
  assert.equal(await kb.chunkCount(), 0);
  const report = await kb.upsert([
    { id: 'onboarding.md', text: ONBOARDING, source: 'handbook', tags: ['engineering'] },
    { id: 'benefits.md', text: BENEFITS, source: 'hr' },
  ]);
  assert.equal(report.documents_indexed, 2);
  assert.ok(report.chunks > 0 && report.chunks_embedded === report.chunks);
  assert.deepEqual(await kb.documentIds(), ['benefits.md', 'onboarding.md']);

  const [top] = await kb.search('what happens after an outage in production', 3);
  assert.equal(top.citation.document, 'onboarding.md');
  assert.equal(top.citation.heading_path.at(-1), 'Incident review');
  assert.match(top.text, /blameless/);
  const onlyHr = await kb.search('what happens after an outage in production', 3, { sources: ['hr'] });
  assert.ok(onlyHr.length > 0 && onlyHr.every((p) => p.citation.document === 'benefits.md'));

  const again = await kb.upsert([{ id: 'benefits.md', text: BENEFITS, source: 'hr' }]);
  assert.equal(again.documents_unchanged, 1);
  assert.equal(again.chunks_embedded, 0);
  assert.equal(await kb.deleteDocuments(['benefits.md', 'missing.md']), 1);
  assert.deepEqual(await kb.documentIds(), ['onboarding.md']);
  await assert.rejects(kb.upsert([{ text: 'no id' }]), InvalidInputError);
  assert.deepEqual(await kb.documentIds(), ['onboarding.md']);
});

test('a reopened knowledge base keeps its index and a workflow cites it', async () => {
  const dir = await tempDir();
  const kb = await KnowledgeBase.open(dir, { seedBuiltin: false });
  await kb.upsert([{ id: 'onboarding.md', text: ONBOARDING }]);
  const reopened = await KnowledgeBase.open(dir, { seedBuiltin: false });
  assert.deepEqual(await reopened.documentIds(), ['onboarding.md']);
  assert.equal((await reopened.search('blameless incident review', 1))[0].source, 'local');

  const wf = await Workflow.open(await tempDir(), { provider: 'openai:scripted', baseUrl: peer.baseUrl, knowledgeBase: kb });
  const { id } = await wf.createSession(OWNER, 'practice');
  await wf.uploadResume(OWNER, id, 'resume.md', await readFile(new URL('resume_jordan_rivera.md', SAMPLES)));
  assert.equal(await wf.runDueJobs(), 1);
  await wf.submitJob(OWNER, id, await readFile(new URL('jd_platform_engineer.txt', SAMPLES), 'utf8'));
  const questions = await wf.interviewQuestions(OWNER, id, { count: 3 });
  const cited = new Set(questions.flatMap((q) => q.sources.map((p) => p.citation.document)));
  assert.deepEqual([...cited], ['onboarding.md']);
});
