// Compile-only check of index.d.ts (`npm run typecheck`): a typed caller of every export.
import {
  Careerkit,
  KnowledgeBase,
  Workflow,
  ConflictError,
  type RunEvent,
  CareerkitError,
  LimitExceededError,
  applicationFunnel,
  dedupeJobs,
  fetchJob,
  type FeedbackReport,
  type CoverLetter,
  type GapAnalysis,
  type MessageOptions,
  type Passage,
  type QuestionPlan,
  type Segment,
  type ResumeDocument,
  type UpsertReport,
} from '..';

async function use(kit: Careerkit, data: Buffer): Promise<number> {
  const text = await kit.readText(data, 'cv.pdf');
  const skills = await kit.extractSkills(text.text);
  const resume = await kit.parseResume(data);
  const job = await kit.parseJob('Senior Engineer\nRust required');
  const gap: GapAnalysis = await kit.analyze(resume, job);
  const ats = await kit.atsCheck(resume);
  const doc: ResumeDocument = { name: 'x', headline: null, contact: [], sections: [] };
  const pdf: Buffer = await kit.export(doc, 'pdf');
  const page = await fetchJob('http://127.0.0.1/job', { timeoutSecs: 5 });
  const groups = await dedupeJobs([{ id: 'a', title: 't', company: 'c' }], [['a', 'b']]);
  const funnel = await applicationFunnel([{ job_id: 'a', furthest_stage: 'offer' }]);
  return skills[0].start + gap.score + ats.passed + pdf.length + page.text.length + groups.length + funnel.steps[0].count;
}

function code(err: unknown): string | undefined {
  if (err instanceof LimitExceededError) {
    const c: 'LIMIT_EXCEEDED' = err.code;
    return c;
  }
  return err instanceof CareerkitError ? err.code : undefined;
}

void use(new Careerkit({ maxFileBytes: 1 << 20, maxPages: 20, parseTimeoutSecs: 10 }), Buffer.alloc(0));
void code;

async function practice(wf: Workflow): Promise<number> {
  const questions: QuestionPlan[] = await wf.interviewQuestions('user-1', 's', { count: 5, round: 'system_design', focusSkill: 'Rust' });
  const spoken: Segment[] = [{ start_s: 0, end_s: 2.5, text: 'I led the migration.' }];
  const report: FeedbackReport = await wf.answerFeedback('user-1', 's', 'Tell me about a time...', spoken);
  const typed = await wf.answerFeedback('user-1', 's', 'Why us?', 'Because...');
  const cited: Passage[] = questions[0].sources;
  return cited[0].citation.span.end + report.overall + typed.recommendations.length;
}
void practice;

async function journey(data: Buffer): Promise<number> {
  const wf = await Workflow.open('/tmp/ck', { provider: 'openai:gpt-4o-mini', baseUrl: 'http://127.0.0.1:1/v1' });
  const session = await wf.createSession('user-1', 'title');
  const meta = await wf.uploadResume('user-1', session.id, 'cv.md', data);
  const ran: number = await wf.runDueJobs();
  const runId: string = await wf.sendMessage('user-1', session.id, 'hi');
  const edit: MessageOptions = { proposeEdit: true, bulletId: 'experience-0-b0' };
  await wf.sendMessage('user-1', session.id, 'improve it', edit);
  const chatRun: string = await wf.chat('user-1', session.id, 'what should I lead with?');
  const letter: CoverLetter = await wf.coverLetter('user-1', session.id, { tone: 'warm', length: 'short' });
  void letter.evidence[0].bullet;
  await wf.exportCoverLetter('user-1', session.id, 'docx');
  void chatRun;
  const seen: RunEvent[] = [];
  for await (const event of wf.runEvents('user-1', session.id, runId, { after: 0 })) seen.push(event);
  const [approval] = await wf.pendingApprovals('user-1', runId);
  await wf.approve('user-1', approval.id);
  const out = await wf.export('user-1', session.id, 'pdf');
  try {
    await wf.cancel('user-1', session.id);
  } catch (err) {
    if (err instanceof ConflictError) return -1;
  }
  return meta.size + ran + seen[0].event_id + out.data.length + out.meta.size;
}
void journey;

async function knowledge(): Promise<number> {
  const kb = await KnowledgeBase.open(null, { seedBuiltin: false });
  const report: UpsertReport = await kb.upsert([{ id: 'a.md', text: '# A', source: 'team', tags: ['x'] }]);
  const hits: Passage[] = await kb.search('a', 3, { sources: ['team'], tags: ['x'] });
  const wf = await Workflow.open('/tmp/ck', { provider: 'openai:gpt-4o-mini', knowledgeBase: kb });
  const ids: string[] = await kb.documentIds();
  await kb.reset();
  return report.chunks + hits.length + ids.length + (await kb.chunkCount()) + (await kb.deleteDocuments(['a.md'])) + (wf ? 1 : 0);
}
void knowledge;
