//! Records merged one group at a time, outside a streamed run (a Spark `applyInArrow` group): each cluster exactly as [`super::merge_stream`] merges it.
//!
//! [`super::merge_stream`] cleans every unit once, counts the cleaned chars of
//! the whole run into the vote's [`Evidence`], and merges each cluster's
//! members in the cluster's member order with their input positions. An
//! engine that holds one cluster per task does the same in three steps:
//! [`evidence_of`] per partition, the parts summed ([`Evidence::counts`],
//! [`Evidence::from_counts`]), and [`merge_records`] per cluster.

use super::run::merge_group;
use super::Evidence;
use crate::model::merge::Keep;
use crate::model::{MergedDocument, Source};
use crate::normalize::CleanOptions;
use crate::scan::units::whole_unit_text;
use crate::scan::UnitText;
use rayon::prelude::*;

/// The vote's evidence of `sources`' cleaned texts: one part of a run's, to be summed with the others.
pub fn evidence_of(sources: &[Source], clean: &CleanOptions) -> Evidence {
    sources
        .par_iter()
        .fold(Evidence::default, |mut e, s| {
            e.add(&whole_unit_text(s, clean).text);
            e
        })
        .reduce(Evidence::default, |mut a, b| {
            a.absorb(b);
            a
        })
}

/// One output document of a group of records, as [`super::merge_stream`]
/// builds it: `members` are a cluster's records in its member order (ids
/// ascending), each with its input position (`keep = first` keeps the
/// least), or one record in no cluster (`cluster` None: merged alone, as
/// the stream renders a lone unit). `ev` must count the whole run's cleaned
/// texts. Returns the document and which member's record it is built on
/// (its other fields are the output record's).
pub fn merge_records(
    members: &[(usize, Source)],
    cluster: Option<usize>,
    ev: &Evidence,
    keep: Keep,
    clean: &CleanOptions,
) -> (MergedDocument, Option<usize>) {
    let units: Vec<UnitText> = members
        .par_iter()
        .map(|(_, s)| whole_unit_text(s, clean))
        .collect();
    let refs: Vec<(usize, &UnitText)> = members.iter().map(|(p, _)| *p).zip(&units).collect();
    // A lone unit is merged without the run's evidence, as in the stream (one witness has no votes).
    let lone = Evidence::default();
    let ev = if cluster.is_some() { ev } else { &lone };
    let doc = merge_group(&refs, cluster, ev, keep);
    let on = units.iter().position(|u| u.doc.id == doc.id);
    (doc, on)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{load, InputFormat, InputOptions};
    use crate::merge::{merge_stream, Document, Render, Sink};
    use crate::scan::ScanOptions;

    struct Lines(Keep);
    impl Render for Lines {
        fn render(&self, d: &Document) -> Vec<u8> {
            crate::render::merge::jsonl_record(&d.doc, d.record, self.0).into_bytes()
        }
    }
    struct Collect(Lines, Vec<String>);
    impl Sink for Collect {
        fn renderer(&self) -> &dyn Render {
            &self.0
        }
        fn emit(&mut self, item: &[u8]) -> std::io::Result<()> {
            self.1.push(String::from_utf8(item.to_vec()).unwrap());
            Ok(())
        }
    }

    #[test]
    fn groups_merged_with_summed_evidence_equal_the_stream() {
        let base = "本报讯记者张三报道，市政府今日召开新闻发布会，宣布全市将新建学校二十所，\
                    增加学位三万个，以缓解入学难的问题。发布会上，教育局负责人介绍了具体安排。";
        let lines = [
            format!("{{\"id\":\"a\",\"text\":\"{base}\",\"url\":1}}"),
            format!(
                "{{\"id\":\"c\",\"text\":\"{}\"}}",
                base.replace("二十", "廿")
            ),
            "{\"id\":\"lone\",\"text\":\"另一条完全无关的消息，讲的是天气。\"}".to_string(),
            format!(
                "{{\"id\":\"b\",\"text\":\"{}\",\"x\":[1]}}",
                base.replace("，", ",")
            ),
        ];
        let dir = std::env::temp_dir().join(format!("reprint-records-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("r.jsonl");
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        let input = InputOptions {
            format: InputFormat::Jsonl,
            ..InputOptions::default()
        };
        let opts = ScanOptions {
            unit: crate::scan::Unit::File,
            ..ScanOptions::default()
        };
        let paths = [path.display().to_string()];
        for keep in [Keep::Merged, Keep::First, Keep::Longest] {
            let mut sink = Collect(Lines(keep), Vec::new());
            merge_stream(&paths, &input, &opts, keep, &mut sink).unwrap();
            let sources = load(&paths, &input).sources;
            // The evidence in two parts, summed.
            let (x, y) = sources.split_at(2);
            let mut ev = evidence_of(x, &opts.clean);
            ev.absorb(evidence_of(y, &opts.clean));
            let ev = Evidence::from_counts(ev.counts());
            // Cluster 1: a, b, c (id order); and the lone record.
            let members: Vec<(usize, Source)> =
                [0, 3, 1].iter().map(|&i| (i, sources[i].clone())).collect();
            let mut got = Vec::new();
            for (group, cluster) in [
                (&members[..], Some(1)),
                (&[(2, sources[2].clone())][..], None),
            ] {
                let (doc, on) = merge_records(group, cluster, &ev, keep, &opts.clean);
                let record = on.and_then(|k| group[k].1.record.as_ref());
                got.push(crate::render::merge::jsonl_record(&doc, record, keep));
            }
            assert_eq!(sink.1, got, "{keep:?}");
            assert!(
                got[0].contains(r#""witnesses":["a","b","c"]"#),
                "{}",
                got[0]
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
