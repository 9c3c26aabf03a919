//! Commands: each wires the library stages together for one subcommand.

pub mod clean;
pub mod diff;
pub mod merge;
pub mod report;
pub mod scan;
pub mod split;

use crate::error::{Error, Outcome};
use crate::input::{self, InputOptions, Loaded};
use crate::model::Stats;
use crate::output::check_output_dir;
use std::path::PathBuf;
use std::time::Instant;

/// Check the output directory, then read every input; unreadable ones go into the outcome.
fn load(
    paths: &[String],
    opts: &InputOptions,
    out_dir: Option<&PathBuf>,
) -> Result<(Loaded, Outcome), Error> {
    if let Some(dir) = out_dir {
        check_output_dir(dir, paths).map_err(Error::Usage)?;
    }
    let loaded = input::load(paths, opts);
    let outcome = outcome_of(&loaded);
    Ok((loaded, outcome))
}

/// What was skipped or read with replaced bytes, as the run's outcome.
fn outcome_of(loaded: &Loaded) -> Outcome {
    Outcome {
        skipped: loaded.errors.iter().map(ToString::to_string).collect(),
        warnings: loaded.warnings.iter().map(ToString::to_string).collect(),
        ..Outcome::default()
    }
}

/// A command's stats, begun with the read stage that took from `since` until now.
fn read_stats(loaded: &Loaded, since: Instant) -> (Stats, Instant) {
    let mut stats = Stats {
        bytes: loaded.sources.iter().map(|s| s.text.len() as u64).sum(),
        ..Stats::default()
    };
    let n = loaded.sources.len() as u64;
    let next = stats.stage("read", since, format!("{n} inputs"), vec![("inputs", n)]);
    (stats, next)
}

/// Whether and how a command prints its [`Stats`] on stderr.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StatsMode {
    #[default]
    Off,
    Lines,
    Json,
}

impl StatsMode {
    /// Prints `stats` on stderr (people's channel) unless off.
    pub fn print(self, stats: &Stats) {
        if self != StatsMode::Off {
            eprint!(
                "{}",
                crate::render::stats::stats(stats, self == StatsMode::Json)
            );
        }
    }
}
