// The example over real HTTP with the model played by careerkit-testpeer: a run's events
// streamed over SSE up to the proposal, the approval, then a reconnect with Last-Event-ID that
// gets the rest of the run; and a conflict as 409.
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { Workflow } from 'careerkit';

import { mentoringBullet, rewriteSteps, startPeer } from '../../../bindings/node/test/peer.mjs';
import { createApp } from './server.mjs';

const SAMPLES = new URL('../../../samples/', import.meta.url);
const USER = { 'x-user-id': 'user-42' };
let peer;
let server;
let base;

before(async () => {
  peer = await startPeer();
  const dir = await mkdtemp(path.join(tmpdir(), 'careerkit-express-'));
  const wf = await Workflow.open(dir, { provider: 'openai:scripted', baseUrl: peer.baseUrl });
  server = createApp(wf).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
  peer.stop();
});

async function api(method, url, body, headers = {}) {
  const init = { method, headers: { ...USER, ...headers } };
  if (body instanceof Buffer) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['content-type'] = 'application/json';
  }
  return fetch(base + url, init);
}

/** SSE events from a response until one of type `stopAt`, then the connection is dropped. */
async function readEvents(response, stopAt) {
  const events = [];
  const decoder = new TextDecoder();
  let buffered = '';
  const reader = response.body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const data = block.split('\n').find((l) => l.startsWith('data: '));
      if (data) events.push(JSON.parse(data.slice(6)));
      if (events.at(-1)?.type === stopAt) {
        await reader.cancel();
        return events;
      }
    }
  }
  return events;
}

test('a run streams over SSE, waits for approval, and resumes with Last-Event-ID', async () => {
  const { id: sid } = await (await api('POST', '/sessions', { title: 'Platform engineer' })).json();
  const resume = await readFile(new URL('resume_jordan_rivera.md', SAMPLES));
  assert.equal((await api('POST', `/sessions/${sid}/resume?filename=resume.md`, resume, { 'content-type': 'text/markdown' })).status, 201);
  const jd = await readFile(new URL('jd_platform_engineer.txt', SAMPLES), 'utf8');
  assert.equal((await api('POST', `/sessions/${sid}/jd`, { text: jd })).status, 200);
  assert.equal((await api('POST', `/sessions/${sid}/analysis`)).status, 200);

  const bullet = mentoringBullet(await (await api('GET', `/sessions/${sid}/document`)).json());
  const text = 'Mentored four engineers and ran the weekly architecture review for the backend team';
  await peer.addSteps(rewriteSteps(bullet.id, text));
  const sent = await api('POST', `/sessions/${sid}/messages`, { message: 'Strengthen the mentoring bullet.' });
  assert.equal(sent.status, 202);
  const { run_id: runId } = await sent.json();
  const eventsUrl = `/sessions/${sid}/runs/${runId}/events`;

  const stream = await api('GET', eventsUrl);
  assert.match(stream.headers.get('content-type'), /^text\/event-stream/);
  const first = await readEvents(stream, 'tool_call_proposed');
  assert.equal(first[0].type, 'run_started');
  assert.equal(first.at(-1).type, 'tool_call_proposed');

  const pending = await (await api('GET', `/sessions/${sid}/runs/${runId}/approvals`)).json();
  assert.deepEqual(pending.map((a) => a.tool_name), ['edit_resume']);
  assert.equal((await api('POST', `/approvals/${pending[0].id}/approve`)).status, 204);

  const lastId = first.at(-1).event_id;
  const rest = await readEvents(await api('GET', eventsUrl, undefined, { 'last-event-id': String(lastId) }), 'run_completed');
  assert.ok(rest[0].event_id > lastId);
  assert.ok(rest.some((e) => e.type === 'tool_call_approved'));
  assert.equal(rest.at(-1).type, 'run_completed');

  const exported = await api('POST', `/sessions/${sid}/export`, { format: 'pdf' });
  assert.equal(exported.status, 200);
  assert.equal(Buffer.from(await exported.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
  assert.equal((await (await api('GET', `/sessions/${sid}`)).json()).state, 'exported');
});

test('an illegal transition is a 409 and a stranger gets 404', async () => {
  const { id } = await (await api('POST', '/sessions', { title: 'draft' })).json();
  const conflict = await api('POST', `/sessions/${id}/export`, { format: 'pdf' });
  assert.equal(conflict.status, 409);
  assert.equal((await conflict.json()).code, 'CONFLICT');
  assert.equal((await api('GET', `/sessions/${id}`, undefined, { 'x-user-id': 'someone-else' })).status, 404);
});
