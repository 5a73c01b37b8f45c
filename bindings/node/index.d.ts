/// <reference types="node" />
// Types of the careerkit Node.js binding: results are plain objects (parsed JSON) in the
// shapes below; field names are careerkit's own (snake_case), as in the Python binding.

/** Intake limits; unset ones keep careerkit's defaults. */
export interface Limits {
  /** Largest accepted file, in bytes. */
  maxFileBytes?: number;
  /** Most pages read from a document. */
  maxPages?: number;
  /** Longest a parse may run, in seconds. */
  parseTimeoutSecs?: number;
}

export type DocumentFormat = 'pdf' | 'docx' | 'text' | 'markdown';
export type ExportFormat = 'md' | 'markdown' | 'html' | 'pdf' | 'docx' | (string & {});
export type Qualifier = 'plain' | 'negated' | 'hedged';
export type Stage = 'applied' | 'interview' | 'offer' | 'accepted';
export type ErrorCode =
  | 'UNSUPPORTED_FORMAT'
  | 'LIMIT_EXCEEDED'
  | 'TIMEOUT'
  | 'PASSWORD_PROTECTED'
  | 'NO_TEXT_LAYER'
  | 'CORRUPT'
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'NETWORK'
  | 'INTERNAL'
  | 'IO'
  | 'RATE_LIMITED'
  | 'PROVIDER'
  | 'BUDGET_EXCEEDED'
  | 'INVALID_MODEL_OUTPUT'
  | 'CANCELLED'
  | 'CONFLICT'
  | 'PERMISSION_DENIED'
  | 'STORAGE';

/** Text of a document in reading order; pages are separated by a form feed. */
export interface ExtractedText {
  format: DocumentFormat;
  /** Character offsets below count Unicode scalar values (use `Array.from(text)` to slice). */
  text: string;
  page_starts: number[];
  warnings: Array<Record<string, unknown>>;
}

/** A resume's text and its profile (every profile field has `value` and `provenance`). */
export interface ParsedResume {
  text: ExtractedText;
  profile: Record<string, any>;
}

/** An analysed job description; `skills` lists each asked-for skill with its importance. */
export interface JobDescription {
  text: string;
  title: Record<string, any> | null;
  seniority: string | null;
  skills: Array<Record<string, any>>;
  [field: string]: unknown;
}

/** One factor of the score: its points sum with the others' to the score. */
export interface ScoreFactor {
  id: string;
  label: string;
  weight: number;
  raw: number;
  points: number;
  detail: string;
}

/** A change and the points it adds. */
export interface Suggestion {
  kind: Record<string, any>;
  gain: number;
  message: string;
}

/** The explainable match score and the gaps behind it. */
export interface GapAnalysis {
  score: number;
  factors: ScoreFactor[];
  matched: Array<Record<string, any>>;
  partial: Array<Record<string, any>>;
  missing: Array<Record<string, any>>;
  suggestions: Suggestion[];
}

/** One ATS readiness check. */
export interface AtsCheck {
  id: string;
  passed: boolean;
  message: string;
}

/** ATS readiness checks on a resume. */
export interface AtsReport {
  checks: AtsCheck[];
  passed: number;
}

/** One skill mention with character offsets (Unicode scalar values) into the text. */
export interface SkillMention {
  skill_id: string;
  name: string;
  category: string;
  text: string;
  start: number;
  end: number;
  qualifier: Qualifier;
  version: string | null;
  requirement: boolean;
}

/** One bullet of a resume entry. */
export interface DocBullet {
  id: string;
  text: string;
}

/** A job, degree, project or block of text. */
export interface DocEntry {
  id: string;
  title: string | null;
  subtitle: string | null;
  meta: string | null;
  paragraphs: string[];
  bullets: DocBullet[];
}

/** A section of a resume. */
export interface DocSection {
  id: string;
  kind: string;
  title: string;
  entries: DocEntry[];
}

/** An editable resume, as exporters render it. */
export interface ResumeDocument {
  name: string;
  headline: string | null;
  contact: string[];
  sections: DocSection[];
}

/** A job page reduced to its description's text. */
export interface JobPage {
  url: string;
  page_title: string | null;
  from_structured_data: boolean;
  text: string;
}

/** A tracked job posting. */
export interface JobPosting {
  id: string;
  title: string;
  company: string;
  url?: string | null;
  location?: string | null;
}

/** Postings that are one job, and why. */
export interface DuplicateGroup {
  ids: string[];
  reason: Record<string, any>;
}

/** A tracked application and the furthest stage it reached. */
export interface Application {
  job_id: string;
  furthest_stage: Stage;
}

/** One step of the funnel. */
export interface FunnelStep {
  stage: Stage;
  count: number;
  conversion: number | null;
}

/** The application funnel and its Vega-Lite chart. */
export interface Funnel {
  steps: FunnelStep[];
  chart: Record<string, any>;
}

/** Options of {@link fetchJob}. */
export interface FetchOptions {
  /** Whole-request timeout in seconds (default 15). */
  timeoutSecs?: number;
  /** Largest body read, in bytes (default 3 MB). */
  maxBytes?: number;
}

/**
 * The careerkit engine on its embedded defaults. Create one and share it; every method runs
 * its work on the libuv thread pool and never blocks the event loop.
 */
export declare class Careerkit {
  constructor(limits?: Limits);
  /** Extract the text of a resume or JD file (PDF, DOCX, TXT, Markdown). */
  readText(data: Uint8Array, filename?: string): Promise<ExtractedText>;
  /** Read a resume file into its text and a profile whose fields carry provenance. */
  parseResume(data: Uint8Array, filename?: string): Promise<ParsedResume>;
  /** Analyse a job description: title, level, years, required and preferred skills, ... */
  parseJob(text: string): Promise<JobDescription>;
  /** The explainable match score and gap analysis of a resume against a job. */
  analyze(resume: ParsedResume, job: JobDescription): Promise<GapAnalysis>;
  /** ATS readiness checks on the resume itself. */
  atsCheck(resume: ParsedResume): Promise<AtsReport>;
  /** Skill mentions in `text` with character offsets. */
  extractSkills(text: string): Promise<SkillMention[]>;
  /** Render a resume document as `md`, `html`, `pdf` or `docx`. */
  export(document: ResumeDocument, format: ExportFormat): Promise<Buffer>;
}

/** Fetch a job page and strip it to the job description's text. */
export type SessionState =
  | 'draft'
  | 'resume_uploaded'
  | 'jd_provided'
  | 'gap_analyzed'
  | 'rewrite_applied'
  | 'exported'
  | 'cancelled';
export type RunStatus = 'running' | 'waiting_for_approval' | 'completed' | 'failed' | 'interrupted';
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'consumed';
export type RunEventType =
  | 'run_started'
  | 'assistant_delta'
  | 'tool_call_proposed'
  | 'tool_call_approved'
  | 'tool_call_rejected'
  | 'tool_result'
  | 'run_interrupted'
  | 'run_completed'
  | 'run_failed';

/** A tailoring session: where it is in the workflow and who owns it. */
export interface Session {
  id: string;
  owner: string;
  state: SessionState;
  auto_approve: boolean;
  title: string;
  created_at: string;
  updated_at: string;
}

/** A stored file's metadata; `path` is relative to the session's workspace. */
export interface FileMeta {
  path: string;
  size: number;
  content_type: string;
  sha256: string;
  modified_at: string;
}

/** A stored file: its metadata and content. */
export interface StoredFile {
  meta: FileMeta;
  data: Buffer;
}

/** The resume parsed from a session's upload, as stored. */
export interface ParsedUpload {
  text: ExtractedText;
  profile: Record<string, any>;
  path: string;
  document_id: string;
}

/** A write tool call waiting for (or having had) a person's decision. */
export interface Approval {
  id: string;
  run_id: string;
  session_id: string;
  tool_call_id: string;
  tool_name: string;
  arguments_hash: string;
  arguments: Record<string, any>;
  status: ApprovalStatus;
  created_at: string;
  decided_at: string | null;
}

/** One stored run event; `event_id` increases within a session (SSE's `Last-Event-ID`). */
export interface RunEvent {
  event_id: number;
  run_id: string;
  session_id: string;
  type: RunEventType;
  ts: string;
  payload: any;
}

/** Which model the agents talk to; unset fields come from `CAREERKIT_LLM`, `CAREERKIT_LLM_BASE_URL`, `CAREERKIT_LLM_API_KEY`. */
export interface WorkflowOptions {
  /** `kind:model`, e.g. `openai:gpt-4o-mini` or `ollama:llama3.2`. */
  provider?: string;
  /** The OpenAI-compatible server's base URL. */
  baseUrl?: string;
  /** The API key. */
  apiKey?: string;
  /**
   * The knowledge base interview practice cites: an open `KnowledgeBase`, or `true` for the one
   * under `CAREERKIT_DATA_DIR` (seeded with the shipped one when empty).
   */
  knowledgeBase?: boolean | KnowledgeBase;
}

/** A document to add to a knowledge base: Markdown (or plain) text under a unique id. */
export interface SourceDocument {
  id: string;
  text: string;
  /** The collection it belongs to (default `"local"`); search filters select by it. */
  source?: string;
  /** Tags; search filters select passages carrying every tag asked for. */
  tags?: string[];
}

/** What adding documents did: unchanged documents and chunks are not embedded again. */
export interface UpsertReport {
  documents_indexed: number;
  documents_unchanged: number;
  chunks: number;
  chunks_embedded: number;
}

/** Which passages a knowledge-base search keeps. */
export interface SearchFilter {
  /** Keep passages from any of these sources. */
  sources?: string[];
  /** Keep passages carrying every one of these tags. */
  tags?: string[];
}

/** Hybrid retrieval (BM25 and sentence embeddings) over Markdown documents, in a directory. */
export declare class KnowledgeBase {
  private constructor();
  /**
   * Opens (creating if needed) the knowledge base under `dataDir` (default: `CAREERKIT_DATA_DIR`
   * or the per-user data directory), loading the sentence model from `CAREERKIT_MODELS_DIR`;
   * with `seedBuiltin` (default true), an empty one gets the knowledge base careerkit ships.
   */
  static open(dataDir?: string | null, options?: { seedBuiltin?: boolean }): Promise<KnowledgeBase>;
  /** Adds or replaces documents; unchanged ones (same content hash) are skipped. */
  upsert(documents: SourceDocument[]): Promise<UpsertReport>;
  /** The `k` best passages for `query` (default 5), each with its citation. */
  search(query: string, k?: number, filter?: SearchFilter): Promise<Passage[]>;
  /** Removes documents by id; resolves with how many there were. */
  deleteDocuments(ids: string[]): Promise<number>;
  /** The ids of the indexed documents, sorted. */
  documentIds(): Promise<string[]>;
  /** How many chunks are indexed. */
  chunkCount(): Promise<number>;
  /** Empties the knowledge base. */
  reset(): Promise<void>;
}

/** Characters `[start, end)` of a text. */
export interface CharSpan {
  start: number;
  end: number;
}

/** Where a knowledge-base passage came from. */
export interface Citation {
  document: string;
  title: string;
  heading_path: string[];
  span: CharSpan;
}

/** A ranked knowledge-base passage with its citation. */
export interface Passage {
  text: string;
  score: number;
  citation: Citation;
  source: string;
  tags: string[];
}

/** Options of `Workflow.interviewQuestions`. */
/** What a message to the rewrite agent asks for, beyond its text. */
export interface MessageOptions {
  /** The reply must be an edit proposal (`edit_resume`), not only text. */
  proposeEdit?: boolean;
  /** With `proposeEdit`: the bullet to rewrite (the one the person picked). */
  bulletId?: string;
}

export interface QuestionOptions {
  /** How many questions (1-20; default 6). */
  count?: number;
  /** The round type (default `mixed`). */
  round?: 'mixed' | 'screening' | 'technical' | 'behavioural' | 'system_design';
  /** A skill the first question must probe. */
  focusSkill?: string;
}

/** How a cover letter is written. */
export interface LetterOptions {
  tone?: 'formal' | 'warm' | 'direct';
  length?: 'short' | 'standard' | 'long';
}

/** A resume bullet a cover letter quotes, as written, with the posting's skills it names. */
export interface LetterEvidence {
  bullet: string;
  employer: string | null;
  skills: string[];
}

/** A cover letter whose achievements are the resume's own bullets. */
export interface CoverLetter {
  subject: string;
  greeting: string;
  paragraphs: string[];
  closing: string;
  signature: string;
  evidence: LetterEvidence[];
}

/** A planned interview question: what it tests, why it is asked, the passages it draws on. */
export interface QuestionPlan {
  id: string;
  kind: 'behavioural' | 'technical' | 'role_specific' | 'system_design';
  difficulty: 'easy' | 'medium' | 'hard';
  text: string;
  probe: { kind: string; [key: string]: unknown };
  rationale: string;
  evidence: Array<Record<string, unknown>>;
  kb_query: string;
  sources: Passage[];
}

/** One timed piece of a spoken answer's transcript (seconds from the start). */
export interface Segment {
  start_s: number;
  end_s: number;
  text: string;
}

/** Something to do better, with the knowledge-base passages that back it. */
export interface Recommendation {
  area: string;
  part: 'situation' | 'task' | 'action' | 'result' | null;
  message: string;
  kb_query: string;
  points_at_stake: number;
  sources: Passage[];
}

/** Feedback on one answer: STAR analysis, delivery metrics, score and cited advice. */
export interface FeedbackReport {
  question: string;
  kind: string;
  answer_text: string;
  star: Array<Record<string, unknown>>;
  delivery: { words_per_minute: number | null; long_pauses: unknown[]; [key: string]: unknown };
  overall: number;
  breakdown: Array<Record<string, unknown>>;
  recommendations: Recommendation[];
}

/** A run's events for `for await`; ends after the run's terminal event. */
export declare class RunEventStream implements AsyncIterableIterator<RunEvent> {
  private constructor();
  [Symbol.asyncIterator](): RunEventStream;
  next(): Promise<IteratorResult<RunEvent, undefined>>;
  /** Closes the native stream (also when a `for await` loop is left early). */
  return(): Promise<IteratorResult<RunEvent, undefined>>;
  /** Ends the stream; a waiting `next()` resolves as done. */
  close(): void;
}

/** The session engine over one data directory (SQLite database and session files). */
export declare class Workflow {
  private constructor();
  /** Opens (creating if needed) the workflow under `dataDir`. */
  static open(dataDir: string, options?: WorkflowOptions): Promise<Workflow>;
  /** Creates a session in `draft`. */
  createSession(owner: string, title: string): Promise<Session>;
  /** One session. */
  session(owner: string, sessionId: string): Promise<Session>;
  /** Stores a resume file and enqueues its parse job (session -> `resume_uploaded`). */
  uploadResume(owner: string, sessionId: string, fileName: string, data: Buffer): Promise<FileMeta>;
  /** Runs the parse jobs that are due; how many ran. */
  runDueJobs(): Promise<number>;
  /** The parsed resume of a session. */
  parsedResume(owner: string, sessionId: string): Promise<ParsedUpload>;
  /** Analyses and stores a job description text (session -> `jd_provided`). */
  submitJob(owner: string, sessionId: string, text: string): Promise<JobDescription>;
  /** The session's latest job description. */
  job(owner: string, sessionId: string): Promise<JobDescription>;
  /** Runs and stores the gap analysis (session -> `gap_analyzed`). */
  analyze(owner: string, sessionId: string): Promise<GapAnalysis>;
  /**
   * Starts a rewrite-agent run with `message`; resolves with its run id at once. With
   * `proposeEdit` (a "suggest an edit" button) the agent must answer with an edit proposal, of
   * `bulletId` when given; if the model's proposals are refused twice, careerkit proposes its
   * own rule-based edit (event payload `origin: "fallback"`). Rejects with `InvalidInputError`
   * for a bullet the resume lacks.
   */
  sendMessage(owner: string, sessionId: string, message: string, options?: MessageOptions): Promise<string>;
  /**
   * Starts a chat turn about the session (resume, job, gap analysis); resolves with its run id
   * at once. The answer streams as the run's `assistant_delta` events; the chat agent only reads.
   */
  chat(owner: string, sessionId: string, message: string): Promise<string>;
  /** A run's events after event id `after` (0 for all). */
  runEvents(owner: string, sessionId: string, runId: string, options?: { after?: number }): RunEventStream;
  /** Interrupts a run; partial output is kept in its `run_interrupted` event. */
  interrupt(owner: string, runId: string): Promise<RunStatus>;
  /** Tool calls of a run that wait for a decision. */
  pendingApprovals(owner: string, runId: string): Promise<Approval[]>;
  /** Approves a pending tool call; the run resumes in the background. */
  approve(owner: string, approvalId: string): Promise<void>;
  /** Rejects a pending tool call; the document stays as it was and the run resumes. */
  reject(owner: string, approvalId: string): Promise<void>;
  /** Turns auto-approval of write tools on or off for the session. */
  setAutoApprove(owner: string, sessionId: string, on: boolean): Promise<Session>;
  /** The session's files. */
  files(owner: string, sessionId: string): Promise<FileMeta[]>;
  /** One file of the session. */
  readFile(owner: string, sessionId: string, path: string): Promise<StoredFile>;
  /** Stores a file the person uploads under `uploads/`. */
  uploadFile(owner: string, sessionId: string, name: string, contentType: string, data: Buffer): Promise<FileMeta>;
  /** The session's working resume (latest version). */
  resumeDocument(owner: string, sessionId: string): Promise<ResumeDocument>;
  /** Renders the working resume, stores it under `exports/` and moves the session to `exported`. */
  export(owner: string, sessionId: string, format: ExportFormat): Promise<StoredFile>;
  /**
   * Writes a cover letter whose achievements are the resume's own bullets, chosen for the job's
   * skills; kept with the session. Rejects with `InvalidInputError` for an unknown tone or length.
   */
  coverLetter(owner: string, sessionId: string, options?: LetterOptions): Promise<CoverLetter>;
  /** Renders the latest cover letter under the person's header as `exports/cover-letter.<ext>`. */
  exportCoverLetter(owner: string, sessionId: string, format: ExportFormat): Promise<StoredFile>;
  /** Plans interview questions aimed at the session's gaps and riskiest claims, cited. */
  interviewQuestions(owner: string, sessionId: string, options?: QuestionOptions): Promise<QuestionPlan[]>;
  /** Feedback on an answer: text, or timed transcript segments. */
  answerFeedback(owner: string, sessionId: string, question: string, answer: string | Segment[]): Promise<FeedbackReport>;
  /** Cancels the session (from any state but `cancelled`). */
  cancel(owner: string, sessionId: string): Promise<Session>;
}

export declare function fetchJob(url: string, options?: FetchOptions): Promise<JobPage>;
/** Groups of postings that are the same job; `notDuplicates` lists id pairs never to merge. */
export declare function dedupeJobs(
  postings: readonly JobPosting[],
  notDuplicates?: ReadonlyArray<readonly [string, string]>,
): Promise<DuplicateGroup[]>;
/** The applied -> interview -> offer -> accepted funnel with a Vega-Lite chart. */
export declare function applicationFunnel(applications: readonly Application[]): Promise<Funnel>;
/** Panics inside the native addon (tests only): rejects with an {@link InternalError}. */
export declare function _triggerPanicForTests(): Promise<never>;

/** Base class of every careerkit error; `code` names the kind. */
export declare class CareerkitError extends Error {
  constructor(message: string, code?: ErrorCode, options?: { cause?: unknown });
  readonly code: ErrorCode;
}
/** The file is not a format careerkit reads. */
export declare class UnsupportedFormatError extends CareerkitError {
  constructor(message: string, options?: { cause?: unknown });
  readonly code: 'UNSUPPORTED_FORMAT';
  static readonly code: 'UNSUPPORTED_FORMAT';
}
/** A size, page, text or decompression limit was hit. */
export declare class LimitExceededError extends CareerkitError {
  constructor(message: string, options?: { cause?: unknown });
  readonly code: 'LIMIT_EXCEEDED';
  static readonly code: 'LIMIT_EXCEEDED';
}
/** Parsing took longer than the limit. */
export declare class ParseTimeoutError extends CareerkitError {
  constructor(message: string, options?: { cause?: unknown });
  readonly code: 'TIMEOUT';
  static readonly code: 'TIMEOUT';
}
/** The document is encrypted. */
export declare class PasswordProtectedError extends CareerkitError {
  constructor(message: string, options?: { cause?: unknown });
  readonly code: 'PASSWORD_PROTECTED';
  static readonly code: 'PASSWORD_PROTECTED';
}
/** The PDF has no text layer (scanned). */
export declare class NoTextLayerError extends CareerkitError {
  constructor(message: string, options?: { cause?: unknown });
  readonly code: 'NO_TEXT_LAYER';
  static readonly code: 'NO_TEXT_LAYER';
}
/** The file's structure is broken. */
export declare class CorruptFileError extends CareerkitError {
  constructor(message: string, options?: { cause?: unknown });
  readonly code: 'CORRUPT';
  static readonly code: 'CORRUPT';
}
/** Input that cannot be used. */
export declare class InvalidInputError extends CareerkitError {
  constructor(message: string, options?: { cause?: unknown });
  readonly code: 'INVALID_INPUT';
  static readonly code: 'INVALID_INPUT';
}
/** The item does not exist. */
export declare class NotFoundError extends CareerkitError {
  constructor(message: string, options?: { cause?: unknown });
  readonly code: 'NOT_FOUND';
  static readonly code: 'NOT_FOUND';
}
/** A network fetch failed. */
export declare class NetworkError extends CareerkitError {
  constructor(message: string, options?: { cause?: unknown });
  readonly code: 'NETWORK';
  static readonly code: 'NETWORK';
}
/** A bug or a contained crash (panic) inside careerkit. */
export declare class InternalError extends CareerkitError {
  constructor(message: string, options?: { cause?: unknown });
  readonly code: 'INTERNAL';
  static readonly code: 'INTERNAL';
}
/** Reading or writing a file, or (de)serialising JSON, failed inside careerkit. */
export declare class IoError extends CareerkitError {
  constructor(message: string, options?: { cause?: unknown });
  readonly code: 'IO';
  static readonly code: 'IO';
}
/** A model provider refused for rate limiting; retry later. */
export declare class RateLimitedError extends CareerkitError {
  constructor(message: string, options?: { cause?: unknown });
  readonly code: 'RATE_LIMITED';
  static readonly code: 'RATE_LIMITED';
}
/** A model provider failed (HTTP error, dropped connection, malformed stream). */
export declare class ProviderError extends CareerkitError {
  constructor(message: string, options?: { cause?: unknown });
  readonly code: 'PROVIDER';
  static readonly code: 'PROVIDER';
}
/** A token, cost or step budget would be exceeded. */
export declare class BudgetExceededError extends CareerkitError {
  constructor(message: string, options?: { cause?: unknown });
  readonly code: 'BUDGET_EXCEEDED';
  static readonly code: 'BUDGET_EXCEEDED';
}
/** A model's output does not satisfy its JSON Schema or tool arguments. */
export declare class InvalidModelOutputError extends CareerkitError {
  constructor(message: string, options?: { cause?: unknown });
  readonly code: 'INVALID_MODEL_OUTPUT';
  static readonly code: 'INVALID_MODEL_OUTPUT';
}
/** The operation was cancelled or interrupted. */
export declare class OperationCancelledError extends CareerkitError {
  constructor(message: string, options?: { cause?: unknown });
  readonly code: 'CANCELLED';
  static readonly code: 'CANCELLED';
}
/** The request conflicts with the current state; nothing was changed. */
export declare class ConflictError extends CareerkitError {
  constructor(message: string, options?: { cause?: unknown });
  readonly code: 'CONFLICT';
  static readonly code: 'CONFLICT';
}
/** The operation is not allowed. */
export declare class PermissionDeniedError extends CareerkitError {
  constructor(message: string, options?: { cause?: unknown });
  readonly code: 'PERMISSION_DENIED';
  static readonly code: 'PERMISSION_DENIED';
}
/** The storage engine (database, object store) failed. */
export declare class StorageError extends CareerkitError {
  constructor(message: string, options?: { cause?: unknown });
  readonly code: 'STORAGE';
  static readonly code: 'STORAGE';
}
