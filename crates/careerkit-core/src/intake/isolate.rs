//! Running the PDF parse in a child process, so that what an in-process guard cannot contain
//! stays out of the host.
//!
//! # What each mode contains
//!
//! [`PdfIsolation::InProcess`] (the default, and the only choice on iOS and Android, where an
//! app cannot spawn processes) runs the parse on a guarded thread
//! ([`run_guarded`](super::guard::run_guarded)) after pre-checks that refuse the known hostile
//! shapes (size, encryption, page count, decompression bombs). It contains panics, including
//! the deliberate ones pdf-extract raises on files it does not understand, and it stops
//! *waiting* at the deadline. It cannot contain an abort on allocation failure, a stack
//! overflow, or a parser thread that spins on after the deadline (it keeps burning a core until
//! it finishes).
//!
//! [`PdfIsolation::Subprocess`] runs the same parse in a worker process: any program that calls
//! [`worker_main`] (the `careerkit-extract-worker` binary of this crate, or a hidden subcommand
//! of the host's own binary). The worker caps its own address space (`RLIMIT_AS`, on Unix), the
//! parent kills it at the parse deadline, and a worker that dies by a signal or exits without
//! a reply becomes [`Error::ParserCrashed`]. Servers should use this mode.
//!
//! # Protocol
//!
//! stdin: one line of JSON with the limits, then the PDF bytes until end of input.
//! stdout: one JSON reply, either the pages and warnings or a typed error. The exit status is 0
//! whenever a reply was written, including typed errors.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use wait_timeout::ChildExt;

use super::{pdf, Limits, RawText};
use crate::error::{Error, Result};
use crate::text::Warning;

/// Default cap on a worker's address space: 1 GiB.
pub const DEFAULT_WORKER_MEMORY_BYTES: u64 = 1024 * 1024 * 1024;

/// Where PDF parsing runs; see the [module documentation](self) for what each mode contains.
///
/// ```
/// use careerkit_core::intake::isolate::PdfIsolation;
/// use careerkit_core::intake::IntakeOptions;
///
/// let options = IntakeOptions {
///     pdf_isolation: PdfIsolation::worker("/usr/local/bin/careerkit-extract-worker"),
///     ..IntakeOptions::default()
/// };
/// assert_ne!(options.pdf_isolation, PdfIsolation::InProcess);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum PdfIsolation {
    /// Parse on a guarded thread of this process.
    #[default]
    InProcess,
    /// Parse in a child process running `program args...`, which must call [`worker_main`].
    Subprocess {
        /// The worker executable.
        program: PathBuf,
        /// Arguments that make `program` act as the worker (e.g. a hidden subcommand).
        args: Vec<String>,
        /// Address-space cap the worker sets on itself (Unix only; `u64::MAX` for none).
        max_memory_bytes: u64,
    },
}

impl PdfIsolation {
    /// A worker at `program`, without arguments, capped at [`DEFAULT_WORKER_MEMORY_BYTES`].
    pub fn worker(program: impl Into<PathBuf>) -> Self {
        PdfIsolation::Subprocess {
            program: program.into(),
            args: Vec::new(),
            max_memory_bytes: DEFAULT_WORKER_MEMORY_BYTES,
        }
    }
}

/// Extracts a PDF's pages where `isolation` says.
pub(super) fn extract_pdf(
    bytes: &[u8],
    limits: &Limits,
    isolation: &PdfIsolation,
) -> Result<RawText> {
    match isolation {
        PdfIsolation::InProcess => pdf::extract(bytes, limits),
        PdfIsolation::Subprocess {
            program,
            args,
            max_memory_bytes,
        } => {
            let request = Request {
                max_file_bytes: limits.max_file_bytes,
                max_pages: limits.max_pages,
                max_decompressed_bytes: limits.max_decompressed_bytes,
                parse_timeout_ms: u64::try_from(limits.parse_timeout.as_millis())
                    .unwrap_or(u64::MAX),
                max_memory_bytes: *max_memory_bytes,
            };
            let mut command = Command::new(program);
            command.args(args);
            run_worker(command, &request, bytes, limits)
        }
    }
}

/// Makes the current process a PDF worker: reads a request on stdin, parses, writes the reply
/// on stdout. Call it from `main` of any binary (or of a hidden subcommand) and return its
/// exit code.
///
/// ```no_run
/// fn main() -> std::process::ExitCode {
///     careerkit_core::intake::isolate::worker_main()
/// }
/// ```
pub fn worker_main() -> ExitCode {
    match serve(std::io::stdin().lock(), std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("careerkit extract worker: {e}");
            ExitCode::from(2)
        }
    }
}

/// The limits a worker applies, sent as the first line of its input.
#[derive(Debug, Serialize, Deserialize)]
struct Request {
    max_file_bytes: u64,
    max_pages: usize,
    max_decompressed_bytes: u64,
    parse_timeout_ms: u64,
    max_memory_bytes: u64,
}

/// A worker's answer.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
enum Reply {
    Ok {
        pages: Vec<String>,
        warnings: Vec<Warning>,
    },
    Err {
        error: WireError,
    },
}

/// The errors a PDF parse can end in, as they cross the process boundary.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum WireError {
    PasswordProtected,
    NoTextLayer,
    TooManyPages { pages: usize, limit: usize },
    DecompressionLimit { limit: u64, detail: String },
    ParseTimeout { limit_ms: u64 },
    Corrupt { format: String, reason: String },
    ParserCrashed { message: String },
}

impl From<Error> for WireError {
    fn from(e: Error) -> Self {
        match e {
            Error::PasswordProtected => WireError::PasswordProtected,
            Error::NoTextLayer => WireError::NoTextLayer,
            Error::TooManyPages { pages, limit } => WireError::TooManyPages { pages, limit },
            Error::DecompressionLimit { limit, detail } => {
                WireError::DecompressionLimit { limit, detail }
            }
            Error::ParseTimeout { limit } => WireError::ParseTimeout {
                limit_ms: u64::try_from(limit.as_millis()).unwrap_or(u64::MAX),
            },
            Error::Corrupt { format, reason } => WireError::Corrupt { format, reason },
            other => WireError::ParserCrashed {
                message: other.to_string(),
            },
        }
    }
}

impl From<WireError> for Error {
    fn from(e: WireError) -> Self {
        match e {
            WireError::PasswordProtected => Error::PasswordProtected,
            WireError::NoTextLayer => Error::NoTextLayer,
            WireError::TooManyPages { pages, limit } => Error::TooManyPages { pages, limit },
            WireError::DecompressionLimit { limit, detail } => {
                Error::DecompressionLimit { limit, detail }
            }
            WireError::ParseTimeout { limit_ms } => Error::ParseTimeout {
                limit: Duration::from_millis(limit_ms),
            },
            WireError::Corrupt { format, reason } => Error::Corrupt { format, reason },
            WireError::ParserCrashed { message } => Error::ParserCrashed { message },
        }
    }
}

/// The worker side: request line, PDF bytes, reply.
fn serve(input: impl Read, mut output: impl Write) -> Result<()> {
    let mut input = BufReader::new(input);
    let mut header = Vec::new();
    input.by_ref().take(4096).read_until(b'\n', &mut header)?;
    let request: Request = serde_json::from_slice(&header)?;
    limit_address_space(request.max_memory_bytes)?;
    let mut bytes = Vec::new();
    input
        .take(request.max_file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    let limits = Limits {
        max_file_bytes: request.max_file_bytes,
        max_pages: request.max_pages,
        max_decompressed_bytes: request.max_decompressed_bytes,
        parse_timeout: Duration::from_millis(request.parse_timeout_ms),
        ..Limits::default()
    };
    let reply = if bytes.len() as u64 > request.max_file_bytes {
        Reply::Err {
            error: WireError::ParserCrashed {
                message: "worker input is larger than max_file_bytes".into(),
            },
        }
    } else {
        match pdf::extract(&bytes, &limits) {
            Ok(raw) => Reply::Ok {
                pages: raw.pages,
                warnings: raw.warnings,
            },
            Err(e) => Reply::Err { error: e.into() },
        }
    };
    serde_json::to_writer(&mut output, &reply)?;
    output.flush()?;
    Ok(())
}

#[cfg(unix)]
fn limit_address_space(bytes: u64) -> Result<()> {
    if bytes != u64::MAX {
        rlimit::setrlimit(rlimit::Resource::AS, bytes, bytes)?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn limit_address_space(_bytes: u64) -> Result<()> {
    Ok(())
}

/// The parent side: spawn, feed, wait with a deadline, decode the reply.
fn run_worker(
    mut command: Command,
    request: &Request,
    pdf: &[u8],
    limits: &Limits,
) -> Result<RawText> {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut input = serde_json::to_vec(request)?;
    input.push(b'\n');
    input.extend_from_slice(pdf);
    let stdin = child.stdin.take();
    // Feed and drain on threads so a worker that writes before reading cannot deadlock us.
    std::thread::spawn(move || {
        if let Some(mut stdin) = stdin {
            // A worker that dies early closes the pipe; its exit status tells why.
            let _ = stdin.write_all(&input);
        }
    });
    // The reply holds at most the text limit, several bytes per character when escaped.
    let reply_cap = u64::try_from(limits.max_chars)
        .unwrap_or(u64::MAX)
        .saturating_mul(8)
        + 65_536;
    let stdout = drain(child.stdout.take(), reply_cap);
    let stderr = drain(child.stderr.take(), 16_384);
    let status = match child.wait_timeout(limits.parse_timeout)? {
        Some(status) => status,
        None => {
            // Already exited if these fail; either way nothing is left running.
            let _ = child.kill();
            let _ = child.wait();
            return Err(Error::ParseTimeout {
                limit: limits.parse_timeout,
            });
        }
    };
    let stdout = stdout.join().unwrap_or_default();
    if !status.success() {
        let stderr = stderr.join().unwrap_or_default();
        let tail = String::from_utf8_lossy(&stderr);
        let tail: String = tail
            .trim()
            .chars()
            .rev()
            .take(500)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        return Err(Error::ParserCrashed {
            message: format!("PDF worker {status}: {tail}"),
        });
    }
    match serde_json::from_slice::<Reply>(&stdout) {
        Ok(Reply::Ok { pages, warnings }) => Ok(RawText { pages, warnings }),
        Ok(Reply::Err { error }) => Err(error.into()),
        Err(e) => Err(Error::ParserCrashed {
            message: format!("PDF worker sent no valid reply: {e}"),
        }),
    }
}

/// Reads a pipe to its end on a thread, keeping at most `cap` bytes.
fn drain(pipe: Option<impl Read + Send + 'static>, cap: u64) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.by_ref().take(cap).read_to_end(&mut kept);
            // Keep draining so the worker never blocks on a full pipe.
            let _ = std::io::copy(&mut pipe, &mut std::io::sink());
        }
        kept
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_survive_the_process_boundary() {
        for e in [
            Error::PasswordProtected,
            Error::TooManyPages {
                pages: 30,
                limit: 20,
            },
            Error::DecompressionLimit {
                limit: 5,
                detail: "x".into(),
            },
        ] {
            let kind = e.kind();
            let json = serde_json::to_string(&Reply::Err { error: e.into() }).unwrap();
            let Reply::Err { error } = serde_json::from_str(&json).unwrap() else {
                panic!("{json}");
            };
            assert_eq!(Error::from(error).kind(), kind);
        }
    }

    #[test]
    fn a_worker_serves_a_request_from_its_input() {
        let request = Request {
            max_file_bytes: 100,
            max_pages: 20,
            max_decompressed_bytes: 1000,
            parse_timeout_ms: 1000,
            max_memory_bytes: u64::MAX,
        };
        let mut input = serde_json::to_vec(&request).unwrap();
        input.extend_from_slice(b"\n%PDF-1.4 not really");
        let mut out = Vec::new();
        serve(&input[..], &mut out).unwrap();
        let reply: Reply = serde_json::from_slice(&out).unwrap();
        assert!(
            matches!(
                reply,
                Reply::Err {
                    error: WireError::Corrupt { .. }
                }
            ),
            "{reply:?}"
        );
    }
}
