//! A run's units into merged documents: the copies of each cluster merged, every other unit kept as it is.

use super::{merge, Evidence, MergeOptions, Witness};
use crate::diff::Text;
use crate::model::merge::Keep;
use crate::model::{MergedDocument, Source, Span};
use crate::scan::{scan_units, ScanOptions, UnitText};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

/// Every output document, in the input order of its first unit. Every unit
/// is in exactly one document: as its text, or as a witness of it.
pub fn merge_units(
    sources: &[Source],
    texts: &[UnitText],
    opts: &ScanOptions,
    keep: Keep,
) -> Vec<MergedDocument> {
    let result = scan_units(sources, texts, opts);
    let at: HashMap<&str, usize> = texts
        .iter()
        .enumerate()
        .map(|(i, u)| (u.doc.id.as_str(), i))
        .collect();
    let ev = Evidence::new(texts.iter().map(|u| u.text.as_str()));
    let mut groups: Vec<(Option<usize>, Vec<usize>)> = result
        .clusters
        .iter()
        .map(|c| {
            (
                Some(c.id),
                c.members.iter().map(|m| at[m.as_str()]).collect(),
            )
        })
        .collect();
    let clustered: BTreeSet<usize> = groups.iter().flat_map(|g| g.1.clone()).collect();
    groups.extend(
        (0..texts.len())
            .filter(|i| !clustered.contains(i))
            .map(|i| (None, vec![i])),
    );
    groups.sort_by_key(|g| g.1.iter().min().copied());
    groups
        .par_iter()
        .map(|(cluster, members)| {
            let ws: Vec<(usize, &UnitText)> = members.iter().map(|&i| (i, &texts[i])).collect();
            merge_group(&ws, *cluster, &ev, keep)
        })
        .collect()
}

/// One output document: the witnesses of `cluster` (each with its input
/// position, in the cluster's member order), or a lone unit, merged and
/// kept as `keep` says. `ev` must count every text of the run.
pub fn merge_group(
    members: &[(usize, &UnitText)],
    cluster: Option<usize>,
    ev: &Evidence,
    keep: Keep,
) -> MergedDocument {
    let opts = MergeOptions::default();
    fn witness(u: &UnitText) -> Witness<'_> {
        Witness {
            id: &u.doc.id,
            source: &u.doc.source,
            title: u.doc.title.as_deref(),
            text: &u.text,
            map: &u.map,
        }
    }
    let ws: Vec<Witness> = members.iter().map(|(_, u)| witness(u)).collect();
    let mut doc = merge(&ws, ev, &opts);
    doc.cluster = cluster;
    let kept = match keep {
        Keep::Merged => None,
        // Members are in id order; "first" is the first read.
        Keep::First => members.iter().min_by_key(|(i, _)| *i),
        Keep::Longest => members.iter().find(|(_, u)| u.doc.id == doc.id),
    };
    if let Some((_, k)) = kept {
        let own = merge(&[witness(k)], ev, &opts);
        let others = doc.witnesses.into_iter().filter(|w| w.id != own.id);
        doc = MergedDocument {
            witnesses: own.witnesses.into_iter().chain(others).collect(),
            notes: Vec::new(),
            cluster,
            ..own
        };
    }
    doc
}

/// The merged text as a diff side: each char's span is its provenance run's.
pub fn merged_text(doc: &MergedDocument) -> Text {
    let mut map: Vec<Span> = Vec::new();
    for p in &doc.provenance {
        map.extend(std::iter::repeat_n(p.source, p.end - p.start));
    }
    Text {
        name: format!("merged/{}", doc.id),
        source: doc.id.clone(),
        text: doc.text.clone(),
        map,
    }
}

/// The input record (other fields of a JSON Lines line) each unit came from.
pub fn records_by_id<'a>(
    sources: &'a [Source],
    texts: &[UnitText],
) -> HashMap<String, &'a serde_json::Map<String, serde_json::Value>> {
    let by_path: HashMap<&str, &Source> = sources.iter().map(|s| (s.path.as_str(), s)).collect();
    texts
        .iter()
        .filter_map(|u| {
            let s = by_path.get(u.doc.source.as_str())?;
            Some((u.doc.id.clone(), s.record.as_ref()?))
        })
        .collect()
}
