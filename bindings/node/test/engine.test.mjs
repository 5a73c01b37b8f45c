// The engine's Promises on the fictional samples, export, jobs helpers and fetch over loopback.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { after, before, test } from 'node:test';

import { Careerkit, applicationFunnel, dedupeJobs, fetchJob } from '../index.mjs';

const SAMPLES = new URL('../../../samples/', import.meta.url);
const kit = new Careerkit();

test('reads text and skills from the sample resume', async () => {
  const data = await readFile(new URL('resume_jordan_rivera.md', SAMPLES));
  const text = await kit.readText(data, 'resume.md');
  assert.equal(text.format, 'markdown');
  assert.ok(text.text.includes('jordan.rivera@example.com'));
  const skills = await kit.extractSkills(text.text);
  const names = new Set(skills.map((s) => s.name));
  for (const name of ['Python', 'Go', 'PostgreSQL', 'Terraform']) assert.ok(names.has(name), name);
  // Offsets are in Unicode scalar values: slice by code points, not UTF-16 units.
  const chars = Array.from(text.text);
  const first = skills[0];
  assert.equal(chars.slice(first.start, first.end).join(''), first.text);
});

test('calls run concurrently on the thread pool and agree', async () => {
  const data = await readFile(new URL('jd_platform_engineer.txt', SAMPLES));
  const results = await Promise.all(Array.from({ length: 8 }, () => kit.readText(data, 'jd.txt')));
  assert.equal(results.length, 8);
  for (const r of results) assert.equal(r.text, results[0].text);
});

test('parses a resume and a job, analyses the gap and checks ATS readiness', async () => {
  const resumeBytes = await readFile(new URL('resume_jordan_rivera.md', SAMPLES));
  const jdText = await readFile(new URL('jd_platform_engineer.txt', SAMPLES), 'utf8');
  const [resume, job] = await Promise.all([kit.parseResume(resumeBytes, 'resume.md'), kit.parseJob(jdText)]);
  const email = resume.profile.contact.emails[0];
  assert.equal(email.value, 'jordan.rivera@example.com');
  assert.ok(email.provenance.confidence > 0.9);
  const { start, end } = email.provenance.span;
  assert.equal(Array.from(resume.text.text).slice(start, end).join(''), email.value);
  assert.equal(job.title.value, 'Senior Platform Engineer');

  const gap = await kit.analyze(resume, job);
  const sum = gap.factors.reduce((total, f) => total + f.points, 0);
  assert.ok(Math.abs(gap.score - sum) < 0.01, `score ${gap.score} vs factors ${sum}`);
  assert.ok(gap.missing.some((s) => s.name === 'Rust'));
  assert.ok(gap.suggestions[0].gain > 0);

  const ats = await kit.atsCheck(resume);
  assert.ok(ats.checks.length > 0);
  assert.ok(ats.passed <= ats.checks.length);
});

const document = {
  name: 'Jordan Rivera',
  headline: 'Backend Engineer',
  contact: ['jordan.rivera@example.com'],
  sections: [
    {
      id: 'experience',
      kind: 'experience',
      title: 'Experience',
      entries: [
        {
          id: 'experience-0',
          title: 'Senior Backend Engineer',
          subtitle: 'Lumen Freight',
          meta: 'Mar 2021 – Present',
          paragraphs: [],
          bullets: [{ id: 'experience-0-b0', text: 'Cut AWS spend by 28%' }],
        },
      ],
    },
  ],
};

test('exports pdf, docx and markdown', async () => {
  const pdf = await kit.export(document, 'pdf');
  assert.ok(Buffer.isBuffer(pdf));
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const docx = await kit.export(document, 'docx');
  assert.equal(docx.subarray(0, 2).toString('latin1'), 'PK');
  const md = await kit.export(document, 'md');
  assert.ok(md.toString('utf8').includes('Cut AWS spend by 28%'));
  const reread = await kit.readText(pdf, 'resume.pdf');
  assert.ok(reread.text.includes('Lumen Freight'));
});

test('dedupes postings and builds the funnel', async () => {
  const postings = [
    { id: 'a', title: 'Backend Engineer', company: 'Acme GmbH', url: 'https://x.example/1?utm_source=a' },
    { id: 'b', title: 'Backend Engineer', company: 'Acme', url: 'https://x.example/1' },
    { id: 'c', title: 'Designer', company: 'Acme' },
  ];
  assert.deepEqual((await dedupeJobs(postings)).map((g) => g.ids), [['a', 'b']]);
  assert.deepEqual(await dedupeJobs(postings, [['a', 'b']]), []);
  const funnel = await applicationFunnel([
    { job_id: 'a', furthest_stage: 'offer' },
    { job_id: 'b', furthest_stage: 'applied' },
  ]);
  assert.deepEqual(funnel.steps.map((s) => s.count), [2, 1, 1, 0]);
  assert.equal(funnel.chart.mark, 'bar');
});

let server;
let base;

before(async () => {
  server = http.createServer((req, res) => {
    const found = req.url === '/job';
    const body = found
      ? '<html><body><nav>Menu</nav><main><h1>Data Engineer</h1><ul><li>Python</li><li>Airflow</li></ul></main></body></html>'
      : 'gone';
    res.writeHead(found ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => server.close());

test('fetches a job page over loopback http', async () => {
  const page = await fetchJob(`${base}/job`);
  assert.equal(page.text, 'Data Engineer\n- Python\n- Airflow');
  assert.equal(page.url, `${base}/job`);
});

test('a missing page is a NetworkError', async () => {
  const { NetworkError } = await import('../index.mjs');
  await assert.rejects(fetchJob(`${base}/missing`, { timeoutSecs: 5 }), (err) => {
    assert.ok(err instanceof NetworkError);
    assert.equal(err.code, 'NETWORK');
    return true;
  });
});
