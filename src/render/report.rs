//! `reprint report` page: clusters with each copy diffed side by side against the longest, then overlaps, then template twins.

use crate::model::report::{Report, MAX_DIFFS_PER_CLUSTER};
use crate::model::Relation;
use crate::render::diff::html::{escape, page, section};
use std::fmt::Write;

fn title_of(r: &Report, id: &str) -> String {
    r.scan
        .documents
        .iter()
        .find(|d| d.id == id)
        .and_then(|d| d.title.clone())
        .unwrap_or_else(|| "(untitled)".into())
}

pub fn html(r: &Report) -> String {
    let s = &r.scan;
    let overlaps = s
        .pairs
        .iter()
        .filter(|p| p.relation == Relation::Overlap)
        .count();
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<h1>reprint report</h1>\n<p class=\"meta\">{} documents · {} pairs · {} clusters · {} overlaps{}</p>",
        s.documents.len(),
        s.pairs.len(),
        s.clusters.len(),
        overlaps,
        match r.templates.len() {
            0 => String::new(),
            n => format!(" · {n} template pairs"),
        }
    );
    for n in &s.notes {
        let _ = writeln!(body, "<p class=\"note\">{}</p>", escape(n));
    }
    if !r.clusters.is_empty() || !r.templates.is_empty() {
        body.push_str("<nav><ul>\n");
        for c in &r.clusters {
            let _ = writeln!(
                body,
                "<li><a href=\"#c{0}\">Cluster {0}</a>: {1}</li>",
                c.id,
                escape(&title_of(r, &c.base))
            );
        }
        if !r.overlaps.is_empty() {
            body.push_str("<li><a href=\"#overlaps\">Overlaps</a></li>\n");
        }
        if !r.templates.is_empty() {
            body.push_str("<li><a href=\"#templates\">Template twins</a></li>\n");
        }
        body.push_str("</ul></nav>\n");
    }
    for (c, cl) in r.clusters.iter().zip(&s.clusters) {
        let _ = writeln!(body, "<section class=\"cluster\" id=\"c{}\">\n<h2>Cluster {} ({} copies)</h2>\n<ul class=\"members\">", c.id, c.id, cl.members.len());
        for m in &cl.members {
            let doc = s.documents.iter().find(|d| &d.id == m);
            let _ = writeln!(
                body,
                "<li><code>{}</code> {} <span class=\"meta\">{} · {} chars{}</span></li>",
                escape(m),
                escape(&title_of(r, m)),
                escape(doc.map_or("", |d| d.source.as_str())),
                doc.map_or(0, |d| d.chars),
                if *m == c.base {
                    " · base (longest)"
                } else {
                    ""
                }
            );
        }
        body.push_str("</ul>\n");
        for (k, d) in c.diffs.iter().enumerate() {
            let _ = writeln!(
                body,
                "<h3>{} → {}</h3>",
                escape(&d.report.a),
                escape(&d.report.b)
            );
            body.push_str(&section(d, &format!("c{}d{}", c.id, k + 1)));
        }
        if c.not_diffed > 0 {
            let _ = writeln!(
                body,
                "<p class=\"note\">{} more member(s) not diffed: at most {} a cluster.</p>",
                c.not_diffed, MAX_DIFFS_PER_CLUSTER
            );
        }
        body.push_str("</section>\n");
    }
    if !r.overlaps.is_empty() {
        body.push_str("<section id=\"overlaps\">\n<h2>Overlaps</h2>\n<p class=\"meta\">Pairs that share passages without being copies (quotation, common sources).</p>\n");
        for o in &r.overlaps {
            let p = &o.pair;
            let _ = writeln!(
                body,
                "{}\n<p class=\"meta\">similarity {:.2} · {} shared chars in {} passage(s)</p>\n<table class=\"list\"><thead><tr><th>#</th><th>shared passage (as in a)</th><th>a bytes</th><th>b bytes</th></tr></thead><tbody>",
                pair_heading(r, p),
                p.similarity,
                p.shared_chars,
                p.spans.len()
            );
            for (n, (span, text)) in p.spans.iter().zip(&o.passages).enumerate() {
                let _ = writeln!(
                    body,
                    "<tr><td>{}</td><td><mark class=\"shared\">{}</mark></td><td>{}–{}</td><td>{}–{}</td></tr>",
                    n + 1,
                    escape(text),
                    span.a[0],
                    span.a[1],
                    span.b[0],
                    span.b[1]
                );
            }
            body.push_str("</tbody></table>\n");
        }
        body.push_str("</section>\n");
    }
    templates(r, &mut body);
    page("reprint report", &body)
}

/// A pair's heading: both ids with their titles.
fn pair_heading(r: &Report, p: &crate::model::Pair) -> String {
    format!(
        "<h3><code>{}</code> {} ↔ <code>{}</code> {}</h3>",
        escape(&p.a),
        escape(&title_of(r, &p.a)),
        escape(&p.b),
        escape(&title_of(r, &p.b))
    )
}

/// Pairs issued from one template: where they differ, then both texts side by side.
fn templates(r: &Report, body: &mut String) {
    if r.templates.is_empty() {
        return;
    }
    body.push_str("<section id=\"templates\">\n<h2>Template twins</h2>\n<p class=\"meta\">Pairs as alike as copies that differ in names, places, dates or numbers: one telegram, notice or warning filled in twice. They are not merged.</p>\n");
    for (k, t) in r.templates.iter().enumerate() {
        let p = &t.pair;
        let _ = writeln!(
            body,
            "{}\n<p class=\"meta\">similarity {:.2} · {} slot(s): {}</p>\n<table class=\"list\"><thead><tr><th>#</th><th>a</th><th>b</th><th>a bytes</th><th>b bytes</th></tr></thead><tbody>",
            pair_heading(r, p),
            p.similarity,
            p.slots.len(),
            escape(&crate::render::scan::slot_list(&p.slots))
        );
        for (n, slot) in p.slots.iter().enumerate() {
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td><mark class=\"slot\">{}</mark></td><td><mark class=\"slot\">{}</mark></td><td>{}–{}</td><td>{}–{}</td></tr>",
                n + 1,
                escape(&slot.a),
                escape(&slot.b),
                slot.span.a[0],
                slot.span.a[1],
                slot.span.b[0],
                slot.span.b[1]
            );
        }
        body.push_str("</tbody></table>\n");
        if let Some(d) = &t.diff {
            body.push_str(&section(d, &format!("t{}", k + 1)));
        }
    }
    if r.templates.len() > MAX_DIFFS_PER_CLUSTER {
        let _ = writeln!(
            body,
            "<p class=\"note\">{} more pair(s) not diffed: at most {}.</p>",
            r.templates.len() - MAX_DIFFS_PER_CLUSTER,
            MAX_DIFFS_PER_CLUSTER
        );
    }
    body.push_str("</section>\n");
}
