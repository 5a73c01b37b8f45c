// The scripted OpenAI-compatible server (crates/careerkit-testpeer) in a child process, for
// the workflow tests and the Express example's test.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export async function startPeer() {
  const target = process.env.CARGO_TARGET_DIR || path.join(REPO, 'target');
  const binary = process.env.CAREERKIT_TESTPEER || path.join(target, 'debug', 'careerkit-testpeer');
  if (!existsSync(binary)) {
    throw new Error(`careerkit-testpeer not found at ${binary}: run \`cargo build -p careerkit-testpeer\` (scripts/test does)`);
  }
  const child = spawn(binary, ['--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (l) => resolve([l]));
    child.once('exit', (code) => reject(new Error(`careerkit-testpeer exited with ${code}`)));
  });
  if (!line.startsWith('listening on ')) throw new Error(`careerkit-testpeer did not start: ${line}`);
  const baseUrl = line.slice('listening on '.length);
  const root = baseUrl.replace(/\/v1$/, '');
  return {
    baseUrl,
    async addSteps(steps) {
      const res = await fetch(`${root}/_peer/steps`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(steps),
      });
      if (!res.ok) throw new Error(`peer refused steps: ${res.status}`);
    },
    async requests() {
      return (await fetch(`${root}/_peer/requests`)).json();
    },
    stop() {
      child.kill();
    },
  };
}

/** The scripted agent turn: propose a bullet rewrite (edit_resume), then answer. */
export function rewriteSteps(bulletId, text) {
  return [
    { answer: { tool_calls: [{ name: 'edit_resume', arguments: { kind: 'rewrite_bullet', bullet_id: bulletId, text } }] } },
    { answer: { text: 'I rewrote the mentoring bullet to lead with ownership.' } },
  ];
}

/** The sample resume's "Mentored four engineers..." bullet in a resume document. */
export function mentoringBullet(document) {
  for (const section of document.sections) {
    for (const entry of section.entries) {
      for (const bullet of entry.bullets) if (bullet.text.startsWith('Mentored')) return bullet;
    }
  }
  throw new Error('no mentoring bullet in the document');
}
