//! `reprint report`: scan the inputs, diff every cluster's copies against its longest and every template pair, write one HTML page.

use crate::commands::scan::ScanConfig;
use crate::diff::DiffOptions;
use crate::error::{Error, Outcome};
use crate::output::{check_output_file, write_atomic};
use crate::render;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct ReportConfig {
    pub scan: ScanConfig,
    /// The HTML file to write.
    pub output: PathBuf,
    pub diff: DiffOptions,
}

pub fn run(cfg: &ReportConfig, stdout: &mut dyn Write) -> Result<Outcome, Error> {
    check_output_file(&cfg.output, &cfg.scan.paths).map_err(Error::Usage)?;
    let t = std::time::Instant::now();
    let (loaded, outcome) = super::load(&cfg.scan.paths, &cfg.scan.input, None)?;
    let (mut stats, t) = loaded.read_stats(t);
    let report = crate::report::build(&loaded.sources, &cfg.scan.scan, &cfg.diff);
    let t = stats.stage("report", t, String::new(), Vec::new());
    let page = render::report::html(&report);
    write_atomic(&cfg.output, page.as_bytes()).map_err(|e| Error::Write {
        path: cfg.output.clone(),
        source: e,
    })?;
    stats.stage("write", t, format!("{} bytes", page.len()), Vec::new());
    for c in &report.clusters {
        for d in &c.diffs {
            if let Some(note) = &d.report.note {
                eprintln!("reprint: note: {} / {}: {note}", d.report.a, d.report.b);
            }
        }
    }
    writeln!(
        stdout,
        "wrote {}: {} documents, {} clusters, {} overlaps{}",
        cfg.output.display(),
        report.scan.documents.len(),
        report.clusters.len(),
        report.overlaps.len(),
        match report.templates.len() {
            0 => String::new(),
            n => format!(", {n} template pairs"),
        }
    )?;
    cfg.scan.stats.print(&stats);
    Ok(outcome)
}
