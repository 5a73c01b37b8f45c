//! The PDF worker process for [`PdfIsolation::Subprocess`]: reads limits and a PDF on stdin,
//! writes the extracted pages (or a typed error) as JSON on stdout. See
//! `careerkit_core::intake::isolate` for the protocol and what isolation buys.
//!
//! [`PdfIsolation::Subprocess`]: careerkit_core::intake::isolate::PdfIsolation::Subprocess

fn main() -> std::process::ExitCode {
    careerkit_core::intake::isolate::worker_main()
}
