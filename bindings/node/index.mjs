// ESM entry: re-exports the CommonJS wrapper.
import careerkit from './index.js';

export const {
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
} = careerkit;
export default careerkit;
