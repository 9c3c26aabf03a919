//! Merge of articles cut out of text pages: the whole run loaded at once, as `split` needs it.

use super::{merge_units, records_by_id, Document, Sink};
use crate::error::{Error, Outcome};
use crate::input::InputOptions;
use crate::model::merge::Keep;
use crate::model::Stats;
use crate::scan::units::unit_texts;
use crate::scan::{ScanOptions, UnitText};
use rayon::prelude::*;
use std::collections::HashMap;

/// Every document of the run at `paths` rendered by `sink`'s renderer on
/// worker threads and emitted in output order. `split` scores junctions
/// against every page, so articles cannot stream as whole records do.
pub fn merge_loaded(
    paths: &[String],
    input: &InputOptions,
    opts: &ScanOptions,
    keep: Keep,
    sink: &mut dyn Sink,
) -> Result<(Outcome, Stats), Error> {
    let t = std::time::Instant::now();
    let loaded = crate::input::load(paths, input);
    let outcome = loaded.outcome();
    let (mut stats, t) = loaded.read_stats(t);
    let texts = unit_texts(&loaded.sources, opts);
    let t = stats.stage("clean", t, format!("{} units", texts.len()), Vec::new());
    let docs = merge_units(&loaded.sources, &texts, opts, keep);
    let n = docs.len() as u64;
    let t = stats.stage(
        "scan+merge",
        t,
        format!("{n} documents"),
        vec![("documents", n)],
    );
    let records = records_by_id(&loaded.sources, &texts);
    let by_id: HashMap<&str, &UnitText> = texts.iter().map(|u| (u.doc.id.as_str(), u)).collect();
    let shared = sink.renderer();
    let rendered: Vec<Vec<u8>> = docs
        .into_par_iter()
        .map(|doc| {
            let witnesses: Vec<UnitText> = doc
                .witnesses
                .iter()
                .filter_map(|w| by_id.get(w.id.as_str()).map(|u| (*u).clone()))
                .collect();
            let record = records.get(&doc.id).copied();
            shared.render(&Document {
                doc,
                witnesses: &witnesses,
                record,
            })
        })
        .collect();
    for item in rendered {
        sink.emit(&item)?;
    }
    stats.stage("write", t, String::new(), Vec::new());
    Ok((outcome, stats))
}
