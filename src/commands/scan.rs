//! `reprint scan`: which units are copies of each other, which contain others, which share passages.

use crate::error::{Error, Outcome};
use crate::input::InputOptions;
use crate::render;
use crate::scan::{scan_paths, ScanOptions};
use std::io::Write;
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Jsonl,
}

#[derive(Debug, Clone)]
pub struct ScanConfig {
    pub paths: Vec<String>,
    pub input: InputOptions,
    pub scan: ScanOptions,
    pub format: Format,
    pub stats: super::StatsMode,
}

pub fn run(cfg: &ScanConfig, stdout: &mut dyn Write) -> Result<Outcome, Error> {
    let (result, outcome, mut stats) = scan_paths(&cfg.paths, &cfg.input, &cfg.scan);
    let t = Instant::now();
    let mut out = Counted {
        // Small writes: see `WRITE_PIECE`.
        inner: std::io::BufWriter::with_capacity(crate::spill::WRITE_PIECE, stdout),
        bytes: 0,
    };
    match cfg.format {
        Format::Text => render::scan::text(&result, &mut out)?,
        Format::Json => render::scan::json(&result, &mut out)?,
        Format::Jsonl => render::scan::jsonl(&result, &mut out)?,
    }
    out.flush()?;
    let written = vec![("bytes_written", out.bytes)];
    stats.stage("render", t, format!("{} bytes written", out.bytes), written);
    cfg.stats.print(&stats);
    Ok(outcome)
}

/// Counts what passes through, for `--stats`.
struct Counted<W: Write> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
