//! Stories continued on another page of the run joined: jump markers paired by direction and page, the join confirmed by its junction and topic.

use super::plausibility::{cosine, profile, NgramCounts, Profile};
use crate::model::{Article, Span};

/// The least score for a join (a marker on one side agreeing with the page, or
/// on both sides, plus junction and topic evidence).
const MIN_SCORE: f64 = 2.5;

fn pages_agree(want: Option<&String>, printed: Option<&String>) -> Option<bool> {
    Some(want? == printed?)
}

/// Whether `h` can continue `t` as far as pages and markers tell, and how strongly they say so.
fn marker_score(t: &Article, h: &Article) -> Option<f64> {
    let (lt, lh) = (t.layout.as_deref()?, h.layout.as_deref()?);
    if lt.edition != lh.edition {
        return None;
    }
    let to = t.continues_to.as_ref();
    let from = h.continued_from.as_ref();
    if to.is_none() && !h.continued {
        return None;
    }
    // A continuation needs an end left open: a jump marker or a sentence cut.
    if to.is_none() && !t.incomplete {
        return None;
    }
    let mut score = 0.0;
    for agree in [
        pages_agree(to, lh.first_page.as_ref()),
        pages_agree(from, lt.last_page.as_ref()),
    ] {
        match agree {
            Some(false) => return None,
            Some(true) => score += 2.0,
            None => {}
        }
    }
    if to.is_some() && h.continued {
        score += 1.0;
    }
    // Without page labels a jump stays within its file (both pages printed in it).
    if score == 0.0 && t.source != h.source {
        return None;
    }
    Some(score)
}

/// A continuation with no marker of its own must begin where no headline or dateline opens it.
fn may_continue(h: &Article) -> bool {
    h.continued
        || (h.title.is_none()
            && h.dateline.is_none()
            && crate::normalize::credits::leading_dateline(&h.text).is_none())
}

/// Join every article that jumps to another page of the run with its continuation.
/// `articles` are per source, in input order; ids are renumbered per source.
pub fn join(articles: Vec<Vec<Article>>, counts: &NgramCounts) -> Vec<Vec<Article>> {
    let flat: Vec<(usize, Article)> = articles
        .into_iter()
        .enumerate()
        .flat_map(|(f, v)| v.into_iter().map(move |a| (f, a)))
        .collect();
    let arts: Vec<&Article> = flat.iter().map(|(_, a)| a).collect();
    let tails: Vec<usize> = (0..arts.len())
        .filter(|&t| arts[t].continues_to.is_some() || arts[t].incomplete)
        .collect();
    let heads: Vec<usize> = (0..arts.len()).filter(|&h| may_continue(arts[h])).collect();
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    if !tails.is_empty() && !heads.is_empty() {
        // Built only for articles some marker pairs up: most of a big run has none.
        let profiles: Vec<std::cell::OnceCell<Profile>> = vec![Default::default(); arts.len()];
        let topic = |k: usize| {
            profiles[k].get_or_init(|| profile(&arts[k].text.chars().collect::<Vec<char>>()))
        };
        // Only articles of one edition continue each other (`marker_score`).
        let mut by_edition: std::collections::HashMap<&str, Vec<usize>> = Default::default();
        for &h in &heads {
            if let Some(l) = arts[h].layout.as_deref() {
                by_edition.entry(l.edition.as_str()).or_default().push(h);
            }
        }
        for &t in &tails {
            let tail: Vec<char> = arts[t].text.chars().rev().take(8).collect::<Vec<_>>();
            let tail: Vec<char> = tail.into_iter().rev().collect();
            let edition = arts[t].layout.as_deref().map(|l| l.edition.as_str());
            let same = edition
                .and_then(|e| by_edition.get(e))
                .map_or(&[][..], |v| &v[..]);
            for &h in same.iter().filter(|&&h| h != t) {
                let Some(marks) = marker_score(arts[t], arts[h]) else {
                    continue;
                };
                let head: Vec<char> = arts[h].text.chars().take(8).collect();
                let junction = if arts[t].incomplete || open_text(&arts[t].text) {
                    counts.junction(&tail, &head)
                } else {
                    0.0
                };
                let score = marks + junction.min(4.0) + 3.0 * cosine(topic(t), topic(h));
                if score >= MIN_SCORE {
                    pairs.push((score, t, h));
                }
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let n = arts.len();
    let mut next: Vec<Option<usize>> = vec![None; n];
    let mut prev: Vec<Option<usize>> = vec![None; n];
    for (_, t, h) in pairs {
        if next[t].is_none() && prev[h].is_none() && !super::stitch::creates_cycle(&next, t, h) {
            next[t] = Some(h);
            prev[h] = Some(t);
        }
    }
    let sources = flat.iter().map(|(f, _)| *f).max().map_or(0, |m| m + 1);
    let mut slots: Vec<Option<Article>> = flat.iter().map(|(_, a)| Some(a.clone())).collect();
    drop(arts);
    let mut out: Vec<Vec<Article>> = vec![Vec::new(); sources];
    for start in 0..n {
        if prev[start].is_some() {
            continue;
        }
        let mut article = slots[start].take().expect("each article is placed once");
        let mut cur = start;
        while let Some(h) = next[cur] {
            let part = slots[h].take().expect("each article is placed once");
            append(&mut article, part);
            cur = h;
        }
        out[flat[start].0].push(article);
    }
    for per_source in &mut out {
        for (k, a) in per_source.iter_mut().enumerate() {
            if let Some((stem, _)) = a.id.rsplit_once('#') {
                a.id = format!("{stem}#{}", k + 1);
            }
        }
    }
    out
}

/// Text that stops mid-sentence (before a jump marker, `…让群众办事更`).
fn open_text(text: &str) -> bool {
    let chars: Vec<char> = text.chars().rev().take(1).collect();
    crate::normalize::lines::open_end(&chars)
}

/// `part` read on after `article`: its jump headline dropped, its pieces and map added.
fn append(article: &mut Article, part: Article) {
    let joined = article.incomplete || open_text(&article.text);
    let mut sources = article
        .sources
        .take()
        .unwrap_or_else(|| vec![article.source.clone(); article.pieces.len()]);
    sources.extend(
        part.sources
            .clone()
            .unwrap_or_else(|| vec![part.source.clone(); part.pieces.len()]),
    );
    if !joined && !article.text.is_empty() && !part.text.is_empty() {
        article.text.push_str("\n\n");
        if let Some(map) = article.map.as_mut() {
            let sep: Span = map.last().copied().unwrap_or([0, 0]);
            map.extend([sep, sep]);
        }
    }
    article.text.push_str(&part.text);
    if let (Some(map), Some(more)) = (article.map.as_mut(), part.map.as_ref()) {
        map.extend_from_slice(more);
    }
    article.pieces.extend(part.pieces);
    article.sources = sources
        .iter()
        .any(|s| *s != article.source)
        .then_some(sources);
    article.incomplete = part.incomplete;
    article.truncated = part.truncated;
    article.continues_to = part.continues_to;
    if article.byline.is_none() {
        article.byline = part.byline;
    }
    if article.dateline.is_none() {
        article.dateline = part.dateline;
    }
    if let (Some(a), Some(b)) = (article.layout.as_mut(), part.layout) {
        a.last_page = b.last_page;
    }
}
