//! `--stats`: each stage's time, throughput and figures, as lines or one JSON object.

use crate::model::Stats;
use serde_json::json;
use std::fmt::Write as _;

/// `--stats`: one line a stage (time, input MB/s at that stage's pace, what
/// it did), then the total; with `json`, one object with the same figures.
pub fn stats(s: &Stats, json: bool) -> String {
    if json {
        return stats_json(s);
    }
    let mb = s.bytes as f64 / 1e6;
    let pace = |secs: f64| mb / secs.max(1e-9);
    let mut out = String::new();
    let mut total = 0.0;
    for st in &s.stages {
        total += st.seconds;
        let _ = writeln!(
            out,
            "stats: {:<10} {:>8.3} s {:>9.1} MB/s  {}",
            st.name,
            st.seconds,
            pace(st.seconds),
            st.detail
        );
    }
    let _ = writeln!(
        out,
        "stats: {:<10} {total:>8.3} s {:>9.1} MB/s  {mb:.1} MB of text",
        "total",
        pace(total)
    );
    out
}

/// `{"bytes": …, "seconds": …, "stages": [{"stage": …, "seconds": …, <figures>}]}` on one line.
fn stats_json(s: &Stats) -> String {
    let stages: Vec<serde_json::Value> = s
        .stages
        .iter()
        .map(|st| {
            let mut o = serde_json::Map::new();
            o.insert("stage".into(), st.name.into());
            o.insert("seconds".into(), st.seconds.into());
            for (k, v) in &st.figures {
                o.insert((*k).into(), (*v).into());
            }
            serde_json::Value::Object(o)
        })
        .collect();
    let total: f64 = s.stages.iter().map(|st| st.seconds).sum();
    format!(
        "{}\n",
        json!({"bytes": s.bytes, "seconds": total, "stages": stages})
    )
}
