//! `reprint merge`: one clean document per story; copies merged, everything else cleaned as it is.

mod dir;

use crate::commands::scan::ScanConfig;
use crate::error::{Error, Outcome};
use crate::input::InputOptions;
use crate::merge::{merge_loaded, merge_stream, Document, Render, Sink};
use crate::model::merge::Keep;
use crate::output::check_output_dir;
use crate::render;
use crate::scan::Unit;
use dir::Dir;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Jsonl,
}

#[derive(Debug, Clone)]
pub struct MergeConfig {
    pub input: InputOptions,
    pub scan: ScanConfig,
    pub out_dir: Option<PathBuf>,
    pub format: Format,
    pub keep: Keep,
}

/// Documents as text or JSON Lines on stdout.
struct Stdout<'a> {
    out: std::io::BufWriter<&'a mut dyn Write>,
    lines: Lines,
    first: bool,
}

struct Lines {
    format: Format,
    keep: Keep,
}

impl Render for Lines {
    fn render(&self, d: &Document) -> Vec<u8> {
        match self.format {
            Format::Text => render::merge::text(&d.doc).into_bytes(),
            Format::Jsonl => render::merge::jsonl_record(&d.doc, d.record, self.keep).into_bytes(),
        }
    }
}

impl Sink for Stdout<'_> {
    fn renderer(&self) -> &dyn Render {
        &self.lines
    }

    fn emit(&mut self, item: &[u8]) -> std::io::Result<()> {
        let format = self.lines.format;
        // Text documents are set apart by a blank line.
        if format == Format::Text && !std::mem::take(&mut self.first) {
            self.out.write_all(b"\n")?;
        }
        self.out.write_all(item)
    }
}

pub fn run(cfg: &MergeConfig, stdout: &mut dyn Write) -> Result<Outcome, Error> {
    if let Some(dir) = &cfg.out_dir {
        check_output_dir(dir, &cfg.scan.paths).map_err(Error::Usage)?;
    }
    // Whole files and records stream: memory grows with the clusters, not the input.
    let streamed = cfg.scan.scan.unit == Unit::File;
    let go = |sink: &mut dyn Sink| {
        if streamed {
            merge_stream(&cfg.scan.paths, &cfg.input, &cfg.scan.scan, cfg.keep, sink)
        } else {
            merge_loaded(&cfg.scan.paths, &cfg.input, &cfg.scan.scan, cfg.keep, sink)
        }
    };
    let (mut outcome, stats) = match &cfg.out_dir {
        Some(dir) => {
            let mut sink = Dir::new(dir);
            let (mut outcome, stats) = go(&mut sink)?;
            sink.finish(&mut outcome)?;
            (outcome, stats)
        }
        None => {
            let mut sink = Stdout {
                out: std::io::BufWriter::with_capacity(1 << 16, stdout),
                lines: Lines {
                    format: cfg.format,
                    keep: cfg.keep,
                },
                first: true,
            };
            let r = go(&mut sink)?;
            sink.out.flush()?;
            r
        }
    };
    outcome.findings = false;
    cfg.scan.stats.print(&stats);
    Ok(outcome)
}
