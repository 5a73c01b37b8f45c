// ESM entry: re-exports the CommonJS wrapper.
import careerkit from './index.js';

export const {
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
} = careerkit;
export default careerkit;
