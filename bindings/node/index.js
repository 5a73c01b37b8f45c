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
