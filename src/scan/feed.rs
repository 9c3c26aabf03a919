//! A scan fed a batch of sources at a time, for callers that read their own records (the Python binding).

use super::units::{self, Units};
use super::{compare, ScanOptions, Unit};
use crate::model::{ScanResult, Source, Stats};
use crate::spill::Budget;

/// Whole records are folded as each batch arrives and then dropped, so a
/// caller's reading overlaps the folding and no text is held twice; articles
/// need the whole run (`split` scores junctions against every page), so their
/// sources are kept until [`Scanner::finish`]. The result is
/// [`super::scan_sources`]'s on the same sources in the same order.
pub struct Scanner {
    opts: ScanOptions,
    budget: Budget,
    units: Units,
    pages: Vec<Source>,
}

impl Scanner {
    pub fn new(opts: &ScanOptions) -> Scanner {
        let budget = Budget::new(opts.memory);
        Scanner {
            units: Units::new(&budget),
            opts: opts.clone(),
            budget,
            pages: Vec::new(),
        }
    }

    /// Folds `batch` (in parallel, on the current rayon pool) and keeps only its keys.
    pub fn push(&mut self, batch: Vec<Source>) {
        match self.opts.unit {
            Unit::File => self.units.push_sources(&batch, &self.opts),
            Unit::Article => self.pages.extend(batch),
        }
    }

    /// Documents pushed so far (pages, for article units).
    pub fn len(&self) -> usize {
        self.units.docs.len() + self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Pairs and clusters of everything pushed.
    pub fn finish(self) -> ScanResult {
        let mut units = match self.opts.unit {
            Unit::File => self.units,
            Unit::Article => {
                let texts = units::unit_texts(&self.pages, &self.opts);
                Units::of_texts(&texts, &self.opts, &self.budget)
            }
        };
        units.finish_ids();
        compare::compare(
            units,
            &self.opts,
            false,
            &self.budget,
            &mut Stats::default(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{scan_sources, Unit};

    #[test]
    fn batches_give_the_result_of_one_scan() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
        let mut sources: Vec<Source> =
            crate::input::load(&[dir.to_string()], &Default::default()).sources;
        // A second copy of a page under the same id: ids made unique across batches.
        let mut twin = sources[0].clone();
        twin.path = format!("other/{}", twin.path);
        sources.push(twin);
        for unit in [Unit::File, Unit::Article] {
            let opts = ScanOptions {
                unit,
                ..ScanOptions::default()
            };
            let whole = scan_sources(&sources, &opts);
            let mut fed = Scanner::new(&opts);
            for batch in sources.chunks(2) {
                fed.push(batch.to_vec());
            }
            assert_eq!(fed.len(), sources.len());
            let fed = fed.finish();
            assert_eq!(
                serde_json::to_string(&fed).unwrap(),
                serde_json::to_string(&whole).unwrap(),
                "{unit:?}"
            );
            assert!(!whole.pairs.is_empty());
        }
    }
}
