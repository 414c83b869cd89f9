//! The `newsearch` binary: parse arguments, run the command, turn the result into an exit code.

use std::io::Write;
use std::process::ExitCode;

use newsearch::cli;
use newsearch::commands::{self, Outcome};

/// Exit codes: 0 done (a search found something), 1 a search found nothing, 2 an error,
/// 3 a `--strict` indexing run skipped something.
fn main() -> ExitCode {
    let cli = match cli::parse_args(std::env::args_os()) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::NoMatch) => ExitCode::from(1),
        Ok(Outcome::Skipped) => ExitCode::from(3),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newsearch: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: cli::Cli) -> anyhow::Result<Outcome> {
    let invocation = cli.into_invocation()?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let outcome = commands::run(&invocation, &mut out)?;
    out.flush()?;
    Ok(outcome)
}

/// A closed pipe (`newsearch … | head`) is a normal way for output to end.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || matches!(cause.downcast_ref::<newsearch::Error>(), Some(newsearch::Error::Io(io)) if io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
