//! `careerkit-testpeer --port N --script FILE`: the test peer for tests written in other
//! languages. Prints `listening on http://127.0.0.1:PORT/v1` on stdout once it accepts
//! connections, then serves until killed.

use std::io::Write;
use std::process::ExitCode;

use careerkit_testpeer::{Script, TestPeer};

const USAGE: &str = "usage: careerkit-testpeer [--port N] [--script FILE]";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("careerkit-testpeer: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut port = 0u16;
    let mut script = Script::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().ok_or(USAGE)?;
        match arg.as_str() {
            "--port" => port = value.parse().map_err(|_| format!("bad port {value:?}"))?,
            "--script" => {
                let text = std::fs::read_to_string(&value).map_err(|e| format!("{value}: {e}"))?;
                script = serde_json::from_str(&text).map_err(|e| format!("{value}: {e}"))?;
            }
            _ => return Err(USAGE.to_string()),
        }
    }
    let peer = TestPeer::start_on(port, script).map_err(|e| e.to_string())?;
    let mut stdout = std::io::stdout();
    writeln!(stdout, "listening on {}", peer.base_url()).map_err(|e| e.to_string())?;
    stdout.flush().map_err(|e| e.to_string())?;
    peer.wait();
    Ok(())
}
