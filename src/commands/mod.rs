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
    let outcome = loaded.outcome();
    Ok((loaded, outcome))
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
