//! The `reprint` binary: parse arguments, build a validated config, call the library, map errors to exit codes.
//!
//! Exit codes: 0 success; 1 findings (where a command defines them); 2 error
//! (bad usage, or at least one input skipped: the others were still processed).

mod cli;
mod config;

use clap::Parser;
use cli::{Cli, Command};
use reprint::error::{Error, Outcome};
use std::process::ExitCode;

/// glibc's malloc cost a 100k scan a fifth of its time: thread heaps grown a
/// few pages at a time (`mprotect`, page faults) and mid-sized blocks sorted
/// into bins on every free. mimalloc's per-thread pages took read+fold from
/// 0.69 to 0.46 s and verify from 0.72 to 0.63 s. (Asking for huge pages on
/// large blocks as well made no difference that runs could tell apart.)
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

unsafe extern "C" {
    /// mimalloc's own setter (its C library is linked in by the allocator).
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` (15 in mimalloc 2 and 3).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// Freed memory is kept for reuse rather than given back to the system
/// 10 ms later. On the virtual machines this runs on, memory given back is
/// soon returned to the host, and every page touched again costs a fault
/// there: about 2.5 s per GB, the largest cost of a million-document scan.
/// Keeping it cost the 1M scan about 1 s less and 150 MB more at its peak.
fn keep_freed_memory() {
    // SAFETY: sets an option value; mimalloc reads options at every use.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

#[cfg(target_os = "linux")]
unsafe extern "C" {
    fn prctl(option: std::ffi::c_int, ...) -> std::ffi::c_int;
}

/// `PR_SET_THP_DISABLE` (linux/prctl.h).
#[cfg(target_os = "linux")]
const PR_SET_THP_DISABLE: std::ffi::c_int = 41;

/// No transparent huge pages for this process. Where the system gives them
/// (mimalloc asks for them on its arenas), each first touch zeroes 2 MB at
/// once, and on a virtual machine faults all of it in on the host, while
/// most of the memory a scan takes is touched once: a 1M scan ran 17.7 s
/// without them against 19.1 s with (interleaved runs; 100k unchanged).
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: a process-wide flag; fails harmlessly on kernels without it.
    unsafe {
        let (on, unused): (std::ffi::c_ulong, std::ffi::c_ulong) = (1, 0);
        prctl(PR_SET_THP_DISABLE, on, unused, unused, unused)
    };
}

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
    keep_freed_memory();
    no_huge_pages();
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
