// The Node side of the binding-overhead benchmark: the same work as
// crates/careerkit/examples/parse_match_timing.rs (parse every resume PDF, match it against the
// sample job), through the `careerkit` package's Promises, one call at a time, timed the same way.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Careerkit } from '../../bindings/node/index.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rounds = Number(process.argv[2] ?? 20);
const dir = path.join(root, '..', 'shared', 'data', 'resumes', 'pdf');
const names = (await readdir(dir)).filter((n) => n.endsWith('.pdf')).sort();
const blobs = await Promise.all(names.map(async (n) => [n, await readFile(path.join(dir, n))]));
const kit = new Careerkit();
const job = await kit.parseJob(await readFile(path.join(root, 'samples', 'jd_platform_engineer.txt'), 'utf8'));
const start = process.hrtime.bigint();
let scored = 0;
for (let r = 0; r < rounds; r++) {
  for (const [name, data] of blobs) {
    const resume = await kit.parseResume(data, name);
    scored += (await kit.analyze(resume, job)).score;
  }
}
const perResume = Number(process.hrtime.bigint() - start) / 1e3 / (rounds * blobs.length);
console.log(`node\t${perResume.toFixed(1)} us per resume (parse + match)\t${blobs.length} resumes x ${rounds} rounds\tchecksum ${scored.toFixed(1)}`);
