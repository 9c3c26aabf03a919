//! One witness merged: its own text and provenance, without the folding and alignment a cluster needs.

use super::Witness;
use crate::model::{MergedDocument, Provenance, WitnessInfo};

/// What [`super::merge`] makes of a lone witness (its text, one provenance
/// run per forward stretch of source bytes), built directly: every unit of
/// no cluster goes through here, and the general path spent most of its
/// time folding a key that one witness never compares.
pub(super) fn merge_alone(w: &Witness) -> MergedDocument {
    let mut runs: Vec<Provenance> = Vec::new();
    for i in 0..w.text.chars().count() {
        let span = w.span(i);
        match runs.last_mut() {
            Some(r) if span[0] >= r.source[1] => {
                r.end = i + 1;
                r.source[1] = span[1];
            }
            _ => runs.push(Provenance {
                start: i,
                end: i + 1,
                witness: w.id.to_string(),
                source: span,
            }),
        }
    }
    MergedDocument {
        id: w.id.to_string(),
        cluster: None,
        title: w.title.map(str::to_string),
        text: w.text.to_string(),
        witnesses: vec![WitnessInfo {
            id: w.id.to_string(),
            source: w.source.to_string(),
            base: true,
            coverage: 1.0,
        }],
        decisions: Vec::new(),
        provenance: runs,
        notes: Vec::new(),
    }
}
