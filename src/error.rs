//! Errors that stop a whole command (per-input problems are reported and skipped instead).

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line asked for something impossible.
    #[error("{0}")]
    Usage(String),
    /// Results could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// stdout went away (a closed pipe is not a failure: `reprint … | head`).
    #[error("broken pipe")]
    BrokenPipe,
    #[error("{0}")]
    Io(std::io::Error),
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Error::BrokenPipe
        } else {
            Error::Io(e)
        }
    }
}

/// What a command reports back besides its output.
#[derive(Debug, Default)]
pub struct Outcome {
    /// One line per input that was skipped or only partly read.
    pub skipped: Vec<String>,
    /// One line per input that was read but altered (undecodable bytes replaced);
    /// shown, but not a failure.
    pub warnings: Vec<String>,
    /// Whether the command found what it looks for (exit code 1 where a command defines findings).
    pub findings: bool,
}
