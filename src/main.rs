//! The `reprint` binary: parse arguments, build a validated config, call the library, map errors to exit codes.
//!
//! Exit codes: 0 success; 1 findings (where a command defines them); 2 error
//! (bad usage, or at least one input skipped: the others were still processed).

mod cli;
mod config;
mod platform;

use clap::Parser;
use cli::{Cli, Command};
use reprint::error::{Error, Outcome};
use std::process::ExitCode;

fn run(cli: Cli) -> Result<Outcome, Error> {
    if let Some(n) = cli.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .map_err(|e| Error::Usage(format!("cannot start {n} threads: {e}")))?;
    }
    let mut stdout = std::io::stdout().lock();
    match cli.command {
        Command::Clean(args) => reprint::commands::clean::run(&config::clean(&args)?, &mut stdout),
        Command::Split(args) => reprint::commands::split::run(&config::split(&args)?, &mut stdout),
        Command::Scan(args) => reprint::commands::scan::run(&config::scan(&args)?, &mut stdout),
        Command::Merge(args) => reprint::commands::merge::run(&config::merge(&args)?, &mut stdout),
        Command::Diff(args) => reprint::commands::diff::run(&config::diff(&args)?, &mut stdout),
        Command::Report(args) => {
            reprint::commands::report::run(&config::report(&args)?, &mut stdout)
        }
    }
}

fn main() -> ExitCode {
    platform::tune();
    let cli = Cli::parse();
    // Outputs under `-o DIR` are written through temp files; an interrupt removes them.
    reprint::output::clean_up_on_interrupt();
    match run(cli) {
        Ok(outcome) => {
            for line in &outcome.warnings {
                eprintln!("reprint: warning: {line}");
            }
            for line in &outcome.skipped {
                eprintln!("reprint: {line}");
            }
            if !outcome.skipped.is_empty() {
                ExitCode::from(2)
            } else if outcome.findings {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(Error::BrokenPipe) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("reprint: {e}");
            ExitCode::from(2)
        }
    }
}
