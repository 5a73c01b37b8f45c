//! The `careerkit` command-line tool: the quickest way to see careerkit work.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some(cli::WORKER_COMMAND) {
        return careerkit::intake::isolate::worker_main();
    }
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // One line, for people and scripts alike.
            let chain: Vec<String> = err.chain().map(|e| e.to_string()).collect();
            eprintln!("careerkit: error: {}", chain.join(": "));
            ExitCode::FAILURE
        }
    }
}
