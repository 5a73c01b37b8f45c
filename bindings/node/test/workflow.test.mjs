// The session API end to end against the scripted model server: upload, parse job, JD,
// analysis, an agent run that proposes a rewrite, the approval, the run's events and export.
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { ConflictError, InvalidInputError, NotFoundError, Workflow } from '../index.mjs';
import { mentoringBullet, rewriteSteps, startPeer } from './peer.mjs';

const SAMPLES = new URL('../../../samples/', import.meta.url);
const OWNER = 'user-42';
let peer;

before(async () => {
  peer = await startPeer();
});
after(() => peer.stop());

async function open() {
  const dir = await mkdtemp(path.join(tmpdir(), 'careerkit-node-'));
  return Workflow.open(dir, { provider: 'openai:scripted', baseUrl: peer.baseUrl, apiKey: 'test-key' });
}

async function analysed(wf) {
  const { id } = await wf.createSession(OWNER, 'Platform engineer at Acme');
  await wf.uploadResume(OWNER, id, 'resume.md', await readFile(new URL('resume_jordan_rivera.md', SAMPLES)));
  assert.equal(await wf.runDueJobs(), 1);
  await wf.submitJob(OWNER, id, await readFile(new URL('jd_platform_engineer.txt', SAMPLES), 'utf8'));
  const analysis = await wf.analyze(OWNER, id);
  assert.ok(analysis.score >= 0 && analysis.score <= 100);
  return id;
}

test('the whole journey: a proposed rewrite waits for approval, then the run completes', async () => {
  const wf = await open();
  const sid = await analysed(wf);
  assert.equal((await wf.session(OWNER, sid)).state, 'gap_analyzed');
  const parsed = await wf.parsedResume(OWNER, sid);
  assert.equal(parsed.profile.contact.emails[0].value, 'jordan.rivera@example.com');

  const bullet = mentoringBullet(await wf.resumeDocument(OWNER, sid));
  const text = 'Mentored four engineers and ran the weekly architecture review for the backend team';
  await peer.addSteps(rewriteSteps(bullet.id, text));
  const runId = await wf.sendMessage(OWNER, sid, 'Make the mentoring bullet stronger.');

  const seen = [];
  for await (const event of wf.runEvents(OWNER, sid, runId)) {
    seen.push(event);
    if (event.type === 'tool_call_proposed') break;
  }
  const proposed = seen.at(-1);
  assert.equal(proposed.type, 'tool_call_proposed');
  const pending = await wf.pendingApprovals(OWNER, runId);
  assert.deepEqual(pending.map((a) => a.tool_name), ['edit_resume']);
  assert.deepEqual(pending[0].arguments, { kind: 'rewrite_bullet', bullet_id: bullet.id, text });
  await wf.approve(OWNER, pending[0].id);

  // Resume after the last event seen, as an SSE client with Last-Event-ID would.
  for await (const event of wf.runEvents(OWNER, sid, runId, { after: proposed.event_id })) seen.push(event);
  const types = seen.map((e) => e.type);
  assert.equal(types[0], 'run_started');
  assert.equal(types.at(-1), 'run_completed');
  assert.ok(types.includes('tool_call_approved'));
  const ids = seen.map((e) => e.event_id);
  assert.deepEqual(ids, [...new Set(ids)].sort((a, b) => a - b));
  assert.ok(seen.every((e) => e.run_id === runId && e.session_id === sid));

  assert.equal(mentoringBullet(await wf.resumeDocument(OWNER, sid)).text, text);
  const { meta, data } = await wf.export(OWNER, sid, 'pdf');
  assert.equal(data.subarray(0, 5).toString(), '%PDF-');
  assert.equal(meta.path, 'exports/resume.pdf');
  assert.equal((await wf.session(OWNER, sid)).state, 'exported');
  const stored = await wf.readFile(OWNER, sid, 'exports/resume.pdf');
  assert.ok(stored.data.equals(data));
  const paths = (await wf.files(OWNER, sid)).map((f) => f.path);
  assert.ok(paths.includes('originals/resume.md') && paths.includes('exports/resume.pdf'));
  const chat = (await peer.requests()).filter((r) => r.path.endsWith('/chat/completions'));
  assert.ok(chat.some((r) => r.headers.authorization === 'Bearer test-key'));
});

test('a rejection keeps the bullet, and return() stops a waiting iterator', async () => {
  const wf = await open();
  const sid = await analysed(wf);
  const bullet = mentoringBullet(await wf.resumeDocument(OWNER, sid));
  await peer.addSteps(rewriteSteps(bullet.id, `${bullet.text} weekly`));
  const runId = await wf.sendMessage(OWNER, sid, 'Tighten the mentoring bullet.');
  const events = wf.runEvents(OWNER, sid, runId);
  let event;
  do {
    ({ value: event } = await events.next());
  } while (event.type !== 'tool_call_proposed');
  // The run waits for a decision: next() would wait forever; return() releases it.
  const waiting = events.next();
  await events.return();
  assert.deepEqual(await waiting, { done: true, value: undefined });

  const [approval] = await wf.pendingApprovals(OWNER, runId);
  await wf.reject(OWNER, approval.id);
  const types = [];
  for await (const e of wf.runEvents(OWNER, sid, runId)) types.push(e.type);
  assert.ok(types.includes('tool_call_rejected'));
  assert.equal(types.at(-1), 'run_completed');
  assert.equal(mentoringBullet(await wf.resumeDocument(OWNER, sid)).text, bullet.text);
});

test('a requested edit of a picked bullet forces the edit tool; an unknown bullet is refused', async () => {
  const wf = await open();
  const sid = await analysed(wf);
  const bullet = mentoringBullet(await wf.resumeDocument(OWNER, sid));
  const edit = { kind: 'rewrite_bullet', bullet_id: bullet.id, text: 'Mentored four engineers through weekly design reviews' };
  await peer.addSteps([{ answer: { tool_calls: [{ name: 'edit_resume', arguments: edit }] } }]);
  const before = (await peer.requests()).length;
  const runId = await wf.sendMessage(OWNER, sid, 'Improve this bullet.', { proposeEdit: true, bulletId: bullet.id });
  for await (const event of wf.runEvents(OWNER, sid, runId)) {
    if (event.type === 'tool_call_proposed') {
      assert.equal(event.payload.origin, 'model');
      break;
    }
  }
  const [sent] = (await peer.requests()).slice(before).filter((r) => r.path.endsWith('/chat/completions'));
  assert.deepEqual(sent.body.tool_choice, { type: 'function', function: { name: 'edit_resume' } });
  const tool = sent.body.tools.find((t) => t.function.name === 'edit_resume');
  assert.deepEqual(tool.function.parameters.properties.bullet_id, { const: bullet.id });
  const [approval] = await wf.pendingApprovals(OWNER, runId);
  assert.deepEqual(approval.arguments, edit);
  await wf.approve(OWNER, approval.id);
  await assert.rejects(
    wf.sendMessage(OWNER, sid, 'Improve it.', { proposeEdit: true, bulletId: 'no-such-bullet' }),
    InvalidInputError,
  );
});

test('a chat turn streams its answer through the run events', async () => {
  const wf = await open();
  const { id } = await wf.createSession(OWNER, 'chat');
  await wf.uploadResume(OWNER, id, 'resume.md', await readFile(new URL('resume_jordan_rivera.md', SAMPLES)));
  await wf.runDueJobs();
  const answer = 'Lead with the Terraform migration; it is what the job asks for first.';
  await peer.addSteps([{ answer: { text: answer }, chunk_bytes: 6 }]);
  const runId = await wf.chat(OWNER, id, 'What should I lead with?');
  const deltas = [];
  let last;
  for await (const event of wf.runEvents(OWNER, id, runId)) {
    if (event.type === 'assistant_delta') deltas.push(event.payload.text);
    last = event;
  }
  assert.ok(deltas.length > 3);
  assert.equal(deltas.join(''), answer);
  assert.equal(last.type, 'run_completed');
  assert.equal((await wf.session(OWNER, id)).state, 'resume_uploaded');
});

test('a cover letter quotes the resume and exports beside it', async () => {
  const wf = await open();
  const { id } = await wf.createSession(OWNER, 'letter');
  await wf.uploadResume(OWNER, id, 'resume.md', await readFile(new URL('resume_jordan_rivera.md', SAMPLES)));
  await wf.runDueJobs();
  await wf.submitJob(OWNER, id, await readFile(new URL('jd_platform_engineer.txt', SAMPLES), 'utf8'));
  const letter = await wf.coverLetter(OWNER, id, { tone: 'direct', length: 'long' });
  assert.equal(letter.closing, 'Best,');
  assert.equal(letter.evidence.length, 3);
  assert.ok(letter.paragraphs.join('\n').includes(letter.evidence[0].bullet.slice(1)));
  await assert.rejects(wf.coverLetter(OWNER, id, { tone: 'sarcastic' }), InvalidInputError);
  const { meta, data } = await wf.exportCoverLetter(OWNER, id, 'pdf');
  assert.equal(meta.path, 'exports/cover-letter.pdf');
  assert.equal(data.subarray(0, 5).toString(), '%PDF-');
  assert.equal((await wf.session(OWNER, id)).state, 'jd_provided');
});

test('an illegal transition rejects with ConflictError and changes nothing', async () => {
  const wf = await open();
  const { id } = await wf.createSession(OWNER, 'draft only');
  await assert.rejects(wf.export(OWNER, id, 'pdf'), (err) => {
    assert.ok(err instanceof ConflictError, `${err.name}: ${err.message}`);
    assert.equal(err.code, 'CONFLICT');
    assert.match(err.message, /cannot move from draft to exported/);
    return true;
  });
  assert.equal((await wf.session(OWNER, id)).state, 'draft');
  await assert.rejects(wf.session('someone-else', id), NotFoundError);
  assert.throws(() => wf.runEvents('../etc', id, 'run'), InvalidInputError);
});

test('interview practice cites the knowledge base and keeps typed errors', async () => {
  // The knowledge base lives under CAREERKIT_DATA_DIR and is seeded on first open.
  process.env.CAREERKIT_DATA_DIR = await mkdtemp(path.join(tmpdir(), 'careerkit-node-kb-'));
  const dir = await mkdtemp(path.join(tmpdir(), 'careerkit-node-'));
  const wf = await Workflow.open(dir, { provider: 'openai:scripted', baseUrl: peer.baseUrl, knowledgeBase: true });
  const sid = await analysed(wf);

  const questions = await wf.interviewQuestions(OWNER, sid, { count: 5, round: 'technical' });
  assert.equal(questions.length, 5);
  assert.equal(new Set(questions.map((q) => q.text)).size, 5);
  for (const q of questions) {
    assert.ok(q.sources.length > 0, q.text);
    assert.match(q.sources[0].citation.document, /\.md$/);
  }

  const report = await wf.answerFeedback(OWNER, sid, 'Tell me about a time you improved a process', [
    { start_s: 0, end_s: 6, text: 'At my last job deploys failed every week.' },
    { start_s: 9.5, end_s: 16, text: 'I rewrote the pipeline and added canary releases.' },
  ]);
  assert.ok(report.delivery.words_per_minute > 0);
  const result = report.recommendations.find((r) => r.part === 'result');
  assert.ok(result.sources.some((p) => p.citation.document === 'star-method.md'));

  await assert.rejects(wf.answerFeedback(OWNER, sid, 'Why this role?', '   '), InvalidInputError);
});
