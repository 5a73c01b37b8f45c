'use strict';
// careerkit for Node.js: a thin wrapper over the native addon (napi-rs). Every method returns a
// Promise whose work runs on the libuv thread pool; results are plain objects (JSON parsed
// here); errors are `CareerkitError` subclasses with a stable `code`.

const fs = require('node:fs');
const path = require('node:path');

function loadNative() {
  const { platform, arch } = process;
  const base = `careerkit.${platform}-${arch}`;
  // A local development build (careerkit.node, see scripts/test) wins over `napi build` output.
  const candidates = ['careerkit.node'].concat(
    platform === 'linux'
      ? [`${base}-gnu.node`, `${base}-musl.node`]
      : platform === 'win32' ? [`${base}-msvc.node`] : [`${base}.node`],
  );
  for (const name of candidates) {
    const file = path.join(__dirname, name);
    if (fs.existsSync(file)) return require(file);
  }
  throw new Error(`careerkit: no native addon for ${platform}-${arch} (looked for ${candidates.join(', ')})`);
}

const native = loadNative();

/** Base class of every careerkit error; `code` names the kind. */
class CareerkitError extends Error {
  constructor(message, code = 'INTERNAL', options) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

function kind(name, code) {
  const cls = class extends CareerkitError {
    constructor(message, options) {
      super(message, code, options);
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  cls.code = code;
  return cls;
}

const UnsupportedFormatError = kind('UnsupportedFormatError', 'UNSUPPORTED_FORMAT');
const LimitExceededError = kind('LimitExceededError', 'LIMIT_EXCEEDED');
const ParseTimeoutError = kind('ParseTimeoutError', 'TIMEOUT');
const PasswordProtectedError = kind('PasswordProtectedError', 'PASSWORD_PROTECTED');
const NoTextLayerError = kind('NoTextLayerError', 'NO_TEXT_LAYER');
const CorruptFileError = kind('CorruptFileError', 'CORRUPT');
const InvalidInputError = kind('InvalidInputError', 'INVALID_INPUT');
const NotFoundError = kind('NotFoundError', 'NOT_FOUND');
const NetworkError = kind('NetworkError', 'NETWORK');
const InternalError = kind('InternalError', 'INTERNAL');
const IoError = kind('IoError', 'IO');
const RateLimitedError = kind('RateLimitedError', 'RATE_LIMITED');
const ProviderError = kind('ProviderError', 'PROVIDER');
const BudgetExceededError = kind('BudgetExceededError', 'BUDGET_EXCEEDED');
const InvalidModelOutputError = kind('InvalidModelOutputError', 'INVALID_MODEL_OUTPUT');
const OperationCancelledError = kind('OperationCancelledError', 'CANCELLED');
const ConflictError = kind('ConflictError', 'CONFLICT');
const PermissionDeniedError = kind('PermissionDeniedError', 'PERMISSION_DENIED');
const StorageError = kind('StorageError', 'STORAGE');

const byCode = new Map(
  [
    UnsupportedFormatError, LimitExceededError, ParseTimeoutError, PasswordProtectedError,
    NoTextLayerError, CorruptFileError, InvalidInputError, NotFoundError, NetworkError,
    InternalError, IoError, RateLimitedError, ProviderError, BudgetExceededError,
    InvalidModelOutputError, OperationCancelledError, ConflictError, PermissionDeniedError,
    StorageError,
  ].map((cls) => [cls.code, cls]),
);

const CODED = /^\[([A-Z_]+)\] ([\s\S]*)$/;

/**
 * An error from a call as a CareerkitError subclass: the native `[CODE] text` by its code;
 * arguments napi or JSON.stringify refused (`StringExpected`, a cycle, ...) as
 * InvalidInputError; anything else (a caught panic in argument conversion, bad native JSON)
 * as InternalError.
 */
function translate(err) {
  if (err instanceof CareerkitError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const match = CODED.exec(message);
  if (match) return new (byCode.get(match[1]) || InternalError)(match[2], { cause: err });
  const refused = err instanceof TypeError || /^(InvalidArg|\w+Expected)$/.test(err && err.code);
  return new (refused ? InvalidInputError : InternalError)(message, { cause: err });
}

async function call(work) {
  try {
    return await work();
  } catch (err) {
    throw translate(err);
  }
}

const json = (promise) => call(async () => JSON.parse(await promise()));
const file = (promise) =>
  call(async () => {
    const { meta, data } = await promise();
    return { meta: JSON.parse(meta), data };
  });

/** The careerkit engine on its embedded defaults. Create one and share it. */
class Careerkit {
  #engine;

  constructor(limits) {
    try {
      this.#engine = new native.Engine(limits ?? undefined);
    } catch (err) {
      throw translate(err);
    }
  }

  readText(data, filename) {
    return json(() => this.#engine.readText(data, filename));
  }

  parseResume(data, filename) {
    return json(() => this.#engine.parseResume(data, filename));
  }

  parseJob(text) {
    return json(() => this.#engine.parseJob(text));
  }

  analyze(resume, job) {
    return json(() => this.#engine.analyze(JSON.stringify(resume), JSON.stringify(job)));
  }

  atsCheck(resume) {
    return json(() => this.#engine.atsCheck(JSON.stringify(resume)));
  }

  extractSkills(text) {
    return json(() => this.#engine.extractSkills(text));
  }

  export(document, format) {
    return call(() => this.#engine.export(JSON.stringify(document), format));
  }
}

/**
 * A run's events as an async iterator (`for await`); it ends after the run's terminal event.
 * Leaving the loop early, or calling `return()`, closes the native stream at once, even while
 * a `next()` is waiting.
 */
class RunEventStream {
  #native;

  constructor(native) {
    this.#native = native;
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  async next() {
    const raw = await call(() => this.#native.nextEvent());
    return raw == null ? { done: true, value: undefined } : { done: false, value: JSON.parse(raw) };
  }

  async return() {
    this.#native.close();
    return { done: true, value: undefined };
  }

  /** Ends the stream; a waiting `next()` resolves as done. */
  close() {
    this.#native.close();
  }
}

/**
 * Hybrid retrieval (BM25 and sentence embeddings) over Markdown documents, persisted in a
 * directory. Open with `await KnowledgeBase.open(dataDir, { seedBuiltin })` (loading the model
 * takes a moment: open once and share it); pass it as `knowledgeBase` to `Workflow.open` so
 * interview practice cites it.
 */
class KnowledgeBase {
  #kb;

  constructor(handle) {
    if (!(handle instanceof native.NativeKnowledgeBase)) {
      throw new InvalidInputError('use `await KnowledgeBase.open(dataDir, options)`');
    }
    this.#kb = handle;
  }

  static async open(dataDir, options = {}) {
    const dir = dataDir == null ? undefined : String(dataDir);
    return new KnowledgeBase(await call(() => native.NativeKnowledgeBase.open(dir, options.seedBuiltin ?? true)));
  }

  /** The native handle, for `Workflow.open`. */
  get _native() {
    return this.#kb;
  }

  upsert(documents) {
    return json(() => this.#kb.upsert(JSON.stringify(documents)));
  }

  search(query, k = 5, filter = {}) {
    const body = JSON.stringify({ sources: filter.sources ?? [], tags: filter.tags ?? [] });
    return json(() => this.#kb.search(query, k, body));
  }

  deleteDocuments(ids) {
    return call(() => this.#kb.deleteDocuments(ids));
  }

  documentIds() {
    return json(() => this.#kb.documentIds());
  }

  chunkCount() {
    return call(() => this.#kb.chunkCount());
  }

  reset() {
    return call(() => this.#kb.reset());
  }
}

/**
 * The session engine over one data directory: sessions, resume upload, job description, gap
 * analysis, agent runs and their events, approvals, files and export. Open with
 * `await Workflow.open(dataDir, { provider, baseUrl, apiKey, knowledgeBase })`; share one per
 * process.
 */
class Workflow {
  #wf;

  constructor(handle) {
    if (!(handle instanceof native.NativeWorkflow)) {
      throw new InvalidInputError('use `await Workflow.open(dataDir, options)`');
    }
    this.#wf = handle;
  }

  static async open(dataDir, options = {}) {
    const provider = {
      provider: options.provider ?? undefined,
      baseUrl: options.baseUrl ?? undefined,
      apiKey: options.apiKey ?? undefined,
      knowledgeBase: options.knowledgeBase === true ? true : undefined,
    };
    const kb = options.knowledgeBase instanceof KnowledgeBase ? options.knowledgeBase._native : undefined;
    return new Workflow(await call(() => native.NativeWorkflow.open(String(dataDir), provider, kb)));
  }

  createSession(owner, title) {
    return json(() => this.#wf.createSession(owner, title));
  }

  session(owner, sessionId) {
    return json(() => this.#wf.session(owner, sessionId));
  }

  uploadResume(owner, sessionId, fileName, data) {
    return json(() => this.#wf.uploadResume(owner, sessionId, fileName, data));
  }

  runDueJobs() {
    return call(() => this.#wf.runDueJobs());
  }

  parsedResume(owner, sessionId) {
    return json(() => this.#wf.parsedResume(owner, sessionId));
  }

  submitJob(owner, sessionId, text) {
    return json(() => this.#wf.submitJob(owner, sessionId, text));
  }

  job(owner, sessionId) {
    return json(() => this.#wf.job(owner, sessionId));
  }

  analyze(owner, sessionId) {
    return json(() => this.#wf.analyze(owner, sessionId));
  }

  sendMessage(owner, sessionId, message, options = {}) {
    return call(() =>
      this.#wf.sendMessage(owner, sessionId, message, options.proposeEdit ?? false, options.bulletId ?? null),
    );
  }

  chat(owner, sessionId, message) {
    return call(() => this.#wf.chat(owner, sessionId, message));
  }

  runEvents(owner, sessionId, runId, options = {}) {
    try {
      return new RunEventStream(this.#wf.runEvents(owner, sessionId, runId, options.after ?? 0));
    } catch (err) {
      throw translate(err);
    }
  }

  interrupt(owner, runId) {
    return json(() => this.#wf.interrupt(owner, runId));
  }

  pendingApprovals(owner, runId) {
    return json(() => this.#wf.pendingApprovals(owner, runId));
  }

  approve(owner, approvalId) {
    return call(() => this.#wf.decide(owner, approvalId, true));
  }

  reject(owner, approvalId) {
    return call(() => this.#wf.decide(owner, approvalId, false));
  }

  setAutoApprove(owner, sessionId, on) {
    return json(() => this.#wf.setAutoApprove(owner, sessionId, on));
  }

  files(owner, sessionId) {
    return json(() => this.#wf.files(owner, sessionId));
  }

  readFile(owner, sessionId, path) {
    return file(() => this.#wf.readFile(owner, sessionId, path));
  }

  uploadFile(owner, sessionId, name, contentType, data) {
    return json(() => this.#wf.uploadFile(owner, sessionId, name, contentType, data));
  }

  resumeDocument(owner, sessionId) {
    return json(() => this.#wf.resumeDocument(owner, sessionId));
  }

  export(owner, sessionId, format) {
    return file(() => this.#wf.export(owner, sessionId, format));
  }

  coverLetter(owner, sessionId, options = {}) {
    const letter = { tone: options.tone ?? 'formal', length: options.length ?? 'standard' };
    return json(() => this.#wf.coverLetter(owner, sessionId, JSON.stringify(letter)));
  }

  exportCoverLetter(owner, sessionId, format) {
    return file(() => this.#wf.exportCoverLetter(owner, sessionId, format));
  }

  interviewQuestions(owner, sessionId, options = {}) {
    const plan = {
      count: options.count ?? 6,
      round: options.round ?? 'mixed',
      focus_skill: options.focusSkill ?? null,
    };
    return json(() => this.#wf.interviewQuestions(owner, sessionId, JSON.stringify(plan)));
  }

  answerFeedback(owner, sessionId, question, answer) {
    const payload =
      typeof answer === 'string'
        ? { kind: 'text', value: answer }
        : { kind: 'transcript', value: { segments: Array.from(answer) } };
    return json(() => this.#wf.answerFeedback(owner, sessionId, question, JSON.stringify(payload)));
  }

  cancel(owner, sessionId) {
    return json(() => this.#wf.cancel(owner, sessionId));
  }
}

function fetchJob(url, options = {}) {
  return json(() => native.fetchJob(url, options.timeoutSecs, options.maxBytes));
}

function dedupeJobs(postings, notDuplicates = []) {
  return json(() => native.dedupeJobs(JSON.stringify(postings), JSON.stringify(notDuplicates)));
}

function applicationFunnel(applications) {
  return json(() => native.applicationFunnel(JSON.stringify(applications)));
}

function _triggerPanicForTests() {
  return call(() => native._triggerPanicForTests());
}

module.exports = {
  Careerkit,
  KnowledgeBase,
  Workflow,
  RunEventStream,
  fetchJob,
  dedupeJobs,
  applicationFunnel,
  _triggerPanicForTests,
  CareerkitError,
  UnsupportedFormatError,
  LimitExceededError,
  ParseTimeoutError,
  PasswordProtectedError,
  NoTextLayerError,
  CorruptFileError,
  InvalidInputError,
  NotFoundError,
  NetworkError,
  InternalError,
  IoError,
  RateLimitedError,
  ProviderError,
  BudgetExceededError,
  InvalidModelOutputError,
  OperationCancelledError,
  ConflictError,
  PermissionDeniedError,
  StorageError,
};
