//! Pages into articles: find article boundaries, then stitch layout fragments back together.
//!
//! A page is cut into *pieces*: runs of paragraphs that the layout kept
//! together. A piece starts at an article headline, at a continuation marker,
//! at a lone sentence tail (`举措。`), after a closing credit, or wherever the
//! previous paragraph stops mid-sentence. Pieces are then chained: an open end
//! is joined to the orphan start that makes the most plausible text (n-gram
//! evidence from the corpus, see [`plausibility`]); sentence tails are placed
//! first because they cannot stand alone; a headless piece nobody continues
//! joins the article it is most similar to, or stands alone. An open end with
//! no plausible continuation stays open and the article is `incomplete`.

pub mod jumps;
mod pages;
mod paragraph;
pub mod plausibility;

use crate::model::{Article, Cleaned, Source, Span};
use crate::normalize::credits;
use crate::normalize::lines::continues;
use paragraph::{Kind, Para};
use plausibility::{cosine, merge, profile, NgramCounts, Profile};

/// The least junction evidence for joining two pieces that are not adjacent.
const MIN_JUNCTION: f64 = 1.0;
/// The least topic similarity for a headless piece to join an article.
const MIN_TOPIC: f64 = 0.2;
/// The least topic similarity for a run to move from one article to another
/// (and three times what it shares with its own).
const MOVE_TOPIC: f64 = 0.2;
/// A run this similar to its own article stays: a commentary quoting a report
/// is close to the report and still belongs to the commentary.
const STAY_TOPIC: f64 = 0.1;
/// How much of an article must precede a run before its topic is compared.
const MIN_TOPIC_CHARS: usize = 200;
/// The shortest run whose topic is compared.
const MIN_RUN_CHARS: usize = 60;

/// Pieces stitched together at most: stitching compares open ends with orphan
/// starts and runs with articles, which is quadratic in the pieces of a page.
/// Newspaper pages have tens of pieces; a scraped dump of thousands of
/// paragraphs in one file is stitched in consecutive windows of this many
/// pieces, so its time grows linearly (a 4 MB page of 7 300 paragraphs took
/// 9.3 s in one window, 3.7 s in windows; 1 MB took 0.95 s either way).
const MAX_STITCH_PIECES: usize = 1000;

/// A page cleaned for splitting, with its paragraphs.
pub struct Page<'a> {
    pub source: &'a Source,
    pub cleaned: &'a Cleaned,
    paras: Vec<Para>,
}

impl<'a> Page<'a> {
    pub fn new(source: &'a Source, cleaned: &'a Cleaned) -> Page<'a> {
        Page {
            source,
            cleaned,
            paras: paragraph::paragraphs(cleaned, &paragraph::newlines(source)),
        }
    }
}

/// N-gram statistics of every page in the run.
pub fn corpus_counts(pages: &[Page]) -> NgramCounts {
    let mut counts = NgramCounts::default();
    for page in pages {
        for p in &page.paras {
            counts.add_paragraph(&p.chars);
        }
    }
    counts
}

#[derive(Debug)]
struct Piece {
    paras: Vec<usize>,
    /// Starts an article: a headline block, or a dateline that opens a brief.
    headed: bool,
    /// Starts right after a paragraph that stopped mid-sentence, and reads as its continuation.
    soft_adjacent: bool,
    /// Starts a new paragraph after a finished one: the same article unless its topic says otherwise.
    sequential: bool,
}

/// Split one page into articles.
pub fn split(page: &Page, counts: &NgramCounts) -> Vec<Article> {
    let paras = &page.paras;
    if paras.is_empty() {
        return Vec::new();
    }
    let pieces = cut(paras);
    if std::env::var_os("REPRINT_DEBUG_SPLIT").is_some() {
        for (n, pc) in pieces.iter().enumerate() {
            eprintln!(
                "-- piece {n} headed={} soft={} seq={}",
                pc.headed, pc.soft_adjacent, pc.sequential
            );
            for &i in &pc.paras {
                let p = &paras[i];
                let t: String = p.chars.iter().take(30).collect();
                let e: String = p
                    .chars
                    .iter()
                    .rev()
                    .take(8)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                eprintln!(
                    "   {i} {:?} open={} from={:?} to={:?} {t} … {e}",
                    p.kind,
                    p.open(),
                    p.continued_from,
                    p.continues_to
                );
            }
        }
    }
    let mut chains = Vec::new();
    for start in (0..pieces.len()).step_by(MAX_STITCH_PIECES) {
        let window = &pieces[start..pieces.len().min(start + MAX_STITCH_PIECES)];
        let local = fold_bodiless(stitch(paras, window, counts), paras, window);
        chains.extend(
            local
                .into_iter()
                .map(|c| c.into_iter().map(|i| i + start).collect::<Vec<usize>>()),
        );
    }
    let mut articles: Vec<Article> = chains
        .iter()
        .map(|chain| assemble(page, &pieces, chain))
        .collect();
    articles.sort_by_key(|a| a.pieces.first().map_or(0, |s| s[0]));
    reclaim_displaced_titles(&mut articles);
    let stem = &page.source.id;
    let (edition, label) = pages::of_file(&page.source.path);
    let headers = pages::headers(page.cleaned);
    for (n, a) in articles.iter_mut().enumerate() {
        a.id = format!("{stem}#{}", n + 1);
        let at = |o: u32| pages::at(&headers, label.as_ref(), o);
        a.layout = Some(Box::new(crate::model::ArticleLayout {
            edition: edition.clone(),
            first_page: a.pieces.first().and_then(|s| at(s[0])),
            last_page: a.pieces.last().and_then(|s| at(s[0])),
        }));
    }
    articles
}

/// Share of a title's Han bigrams that occur in a text.
fn coverage(title: &str, text: &str) -> f64 {
    let t: Vec<char> = title.chars().collect();
    let grams: Vec<String> = t
        .windows(2)
        .filter(|w| w.iter().all(|&c| crate::normalize::tape::is_han(c)))
        .map(|w| w.iter().collect())
        .collect();
    if grams.is_empty() {
        return 0.0;
    }
    grams.iter().filter(|g| text.contains(g.as_str())).count() as f64 / grams.len() as f64
}

/// OCR reading order sometimes puts a headline after its story (003:
/// `北大：对韦东奕健康很关心` below the 韦东奕 brief). A headline that opens an
/// article it does not describe, right after an untitled one it does, goes back.
fn reclaim_displaced_titles(articles: &mut [Article]) {
    for k in 1..articles.len() {
        let (before, after) = articles.split_at_mut(k);
        let (prev, cur) = (&mut before[k - 1], &mut after[0]);
        let (Some(title), None) = (&cur.title, &prev.title) else {
            continue;
        };
        let adjacent = match (prev.pieces.last(), cur.pieces.first()) {
            (Some(p), Some(c)) => c[0] >= p[1] && c[0] - p[1] <= 8,
            _ => false,
        };
        let (own, theirs) = (coverage(title, &cur.text), coverage(title, &prev.text));
        if adjacent && theirs >= 0.3 && theirs >= 2.0 * own {
            prev.title = cur.title.take();
        }
    }
}

fn starts_group(paras: &[Para], i: usize) -> bool {
    matches!(paras[i].kind, Kind::Heading | Kind::Subtitle | Kind::Date)
        && (i == 0
            || matches!(
                paras[i - 1].kind,
                Kind::Body | Kind::Dateline | Kind::Byline
            ))
}

fn group_end(paras: &[Para], i: usize) -> usize {
    let mut j = i;
    while j < paras.len()
        && matches!(
            paras[j].kind,
            Kind::Heading | Kind::Subtitle | Kind::Date | Kind::Byline
        )
    {
        j += 1;
    }
    j
}

/// The headline block of a group: up to three heading lines (kicker, headline),
/// then its subtitle, date and credit lines. Headings after that are the body's
/// (section headings, infographic lines).
fn header_end(paras: &[Para], i: usize) -> usize {
    let end = group_end(paras, i);
    let mut j = i;
    while j < end && j < i + 3 && paras[j].kind == Kind::Heading {
        j += 1;
    }
    while j < end && matches!(paras[j].kind, Kind::Subtitle | Kind::Date | Kind::Byline) {
        j += 1;
    }
    j
}

fn closes_article(p: &Para) -> bool {
    match p.kind {
        Kind::Dateline | Kind::Byline => true,
        // A jump to another page ends the article here: what follows is another story.
        Kind::Body if p.continues_to.is_some() => true,
        // A snippet cut off with ` ...` ends its search-result item.
        Kind::Body => p.truncated || credits::trailing_credit(&p.text()).is_some(),
        _ => false,
    }
}

/// Whether the heading group at `i` opens a new article (rather than a section of the current one).
fn opens_article(paras: &[Para], i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let end = group_end(paras, i);
    let group = &paras[i..end];
    let prev = &paras[i - 1];
    let next = paras.get(end);
    let plain_headings = group
        .iter()
        .filter(|p| p.kind == Kind::Heading && !p.enumerated())
        .count();
    if group.iter().all(|p| p.enumerated()) {
        return false;
    }
    closes_article(prev)
        || group.iter().any(|p| p.item_title)
        // A heading never interrupts a sentence of its own article (short open
        // lines are list items, as in infographics).
        || (prev.kind == Kind::Body
            && paragraph_open(prev)
            && (prev.chars.len() >= 40
                || prev.lines >= 2
                || prev.chars.last().is_some_and(|c| matches!(c, '，' | '、' | ','))))
        || group
            .iter()
            .any(|p| matches!(p.kind, Kind::Subtitle | Kind::Byline | Kind::Date))
        || plain_headings >= 2
        // A kicker in lenticular brackets before the title (`【经济观察】国家卫健委：…`) marks a headline.
        || group.iter().any(|p| {
            p.kind == Kind::Heading
                && p.chars.first() == Some(&'【')
                && p.chars.iter().position(|&c| c == '】').is_some_and(|k| k + 4 < p.chars.len())
        })
        || next.is_some_and(|n| {
            n.continued_from.is_some()
                || n.kind == Kind::Dateline
                || credits::leading_dateline(&n.text()).is_some()
        })
}

/// Below this similarity the text under a heading is another story than the text above it.
fn section_topic() -> f64 {
    std::env::var("REPRINT_SECTION_TOPIC").ok().and_then(|v| v.parse().ok()).unwrap_or(0.09)
}

/// Chars of text on each side of a heading compared for its topic.
const SIDE_CHARS: usize = 600;

/// A plain heading after a finished paragraph heads a section of the same
/// story when the text under it goes on with the story's topic, and a new
/// story when it does not.
fn changes_topic(paras: &[Para], pieces: &[Piece], i: usize) -> bool {
    let end = group_end(paras, i);
    let group = &paras[i..end];
    if group.iter().any(|p| p.enumerated()) {
        return false;
    }
    // Every story begun above on the page (its text so far): the text under a
    // section heading goes on with one of them, maybe not the nearest (a story
    // printed in between).
    let starts: Vec<usize> = pieces.iter().filter(|pc| pc.headed).map(|pc| pc.paras[0]).collect();
    if starts.is_empty() {
        return false;
    }
    let stories: Vec<Vec<char>> = starts
        .iter()
        .enumerate()
        .map(|(k, &s)| {
            let e = starts.get(k + 1).copied().unwrap_or(i);
            paras[s..e]
                .iter()
                .filter(|p| p.kind == Kind::Body)
                .flat_map(|p| p.chars.iter().copied())
                .collect()
        })
        .collect();
    let mut after: Vec<char> = Vec::new();
    for p in &paras[end..] {
        if p.kind != Kind::Body || after.len() >= SIDE_CHARS {
            break;
        }
        after.extend(p.chars.iter().copied());
    }
    let before = stories.last().unwrap();
    if before.len() < MIN_RUN_CHARS || after.len() < MIN_RUN_CHARS {
        return false;
    }
    let after = profile(&after);
    let sim = stories
        .iter()
        .filter(|s| s.len() >= MIN_RUN_CHARS)
        .map(|s| cosine(&profile(s), &after))
        .fold(0.0, f64::max);
    if std::env::var_os("REPRINT_DEBUG_SPLIT").is_some() {
        eprintln!("topic at {i}: {sim:.3} ({} / {} chars)", before.len(), after.len());
    }
    sim < section_topic()
}

/// Stops mid-sentence, whatever follows.
fn paragraph_open(p: &Para) -> bool {
    crate::normalize::lines::open_end(&p.chars) && !p.truncated && p.continues_to.is_none()
}

fn cut(paras: &[Para]) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    for i in 0..paras.len() {
        let p = &paras[i];
        let prev = i.checked_sub(1).map(|j| &paras[j]);
        let only_headings = pieces
            .last()
            .is_some_and(|pc| pc.paras.iter().all(|&j| paras[j].kind != Kind::Body));
        if std::env::var_os("REPRINT_DEBUG_SPLIT").is_some() && starts_group(paras, i) {
            eprintln!("group at {i}: opens={}", opens_article(paras, i));
        }
        let (new, headed, soft) = if i == 0 {
            (true, p.kind != Kind::Body, false)
        } else if p.continued_from.is_some() {
            (!only_headings, false, false)
        } else if starts_group(paras, i)
            && (opens_article(paras, i) || changes_topic(paras, &pieces, i))
        {
            (true, true, false)
        } else if p.kind == Kind::Dateline
            && !p.chars.first().is_some_and(|c| matches!(c, '（' | '('))
            && prev.is_some_and(|q| q.kind == Kind::Body && !q.open())
            && paras.get(i + 1).is_some_and(|n| n.kind == Kind::Body)
        {
            // A dateline on a line of its own above text opens a brief (a closing one is bracketed).
            (true, true, false)
        } else if p.kind == Kind::Body && p.fragment() {
            (true, false, false)
        } else if p.kind == Kind::Body
            && !only_headings
            && prev.is_some_and(|q| !q.open())
            && credits::leading_dateline(&p.text()).is_some()
        {
            // A brief opens with its dateline: `据新华社北京6月9日电（记者 魏梦佳）…`.
            (true, true, false)
        } else if let Some(prev) = prev.filter(|q| q.open()) {
            (
                p.kind == Kind::Body,
                false,
                continues(&prev.chars, &p.chars),
            )
        } else if prev.is_some_and(closes_article) && p.kind == Kind::Body && !only_headings {
            (true, false, false)
        } else {
            (false, false, false)
        };
        // Layout can drop another story's section between two paragraphs (004:
        // 三部门 resumes after 外交部); a new paragraph is a piece of its own so
        // its topic can be checked.
        let sequential = !new
            && p.kind == Kind::Body
            && !only_headings
            && prev.is_some_and(|q| q.kind == Kind::Body && !q.open());
        if new || sequential {
            pieces.push(Piece {
                paras: vec![i],
                headed,
                soft_adjacent: soft,
                sequential,
            });
        } else {
            pieces.last_mut().unwrap().paras.push(i);
        }
    }
    pieces
}

/// Chains of piece indices, one per article, in reading order within each.
fn stitch(paras: &[Para], pieces: &[Piece], counts: &NgramCounts) -> Vec<Vec<usize>> {
    let last = |pc: &Piece| &paras[*pc.paras.last().unwrap()];
    let first = |pc: &Piece| &paras[pc.paras[0]];
    let is_start = |pc: &Piece| pc.headed || first(pc).continued_from.is_some();
    let mut next: Vec<Option<usize>> = vec![None; pieces.len()];
    let mut prev: Vec<Option<usize>> = vec![None; pieces.len()];
    let opens: Vec<usize> = (0..pieces.len())
        .filter(|&a| last(&pieces[a]).open())
        .collect();
    // Sentence tails first: they cannot stand alone.
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (b, pb) in pieces.iter().enumerate() {
        if is_start(pb) || !first(pb).fragment() {
            continue;
        }
        for &a in opens.iter().filter(|&&a| a != b) {
            let adjacency = if a + 1 == b { MIN_JUNCTION } else { 0.0 };
            let score = counts.junction(&last(&pieces[a]).chars, &first(pb).chars) + adjacency;
            if score >= MIN_JUNCTION {
                pairs.push((score, a, b));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (_, a, b) in pairs {
        if next[a].is_none() && prev[b].is_none() && !creates_cycle(&next, a, b) {
            next[a] = Some(b);
            prev[b] = Some(a);
        }
    }
    // Then a piece that reads on from the paragraph just before it.
    for b in 1..pieces.len() {
        let a = b - 1;
        // Opening a quote or bracket right after a word cut mid-way needs evidence (`逃税乱` + `“当下”`).
        let quoted = first(&pieces[b])
            .chars
            .first()
            .is_some_and(|c| matches!(c, '“' | '（' | '(' | '《' | '"'));
        let evidence = !quoted
            || counts.junction(&last(&pieces[a]).chars, &first(&pieces[b]).chars) >= MIN_JUNCTION;
        if prev[b].is_none()
            && pieces[b].soft_adjacent
            && next[a].is_none()
            && last(&pieces[a]).open()
            && evidence
        {
            next[a] = Some(b);
            prev[b] = Some(a);
        }
    }
    orphans_to_open_ends(paras, pieces, counts, &mut next, &mut prev);
    // A new paragraph after a finished one reads on in the same article.
    for b in 1..pieces.len() {
        if pieces[b].sequential
            && prev[b].is_none()
            && next[b - 1].is_none()
            && !creates_cycle(&next, b - 1, b)
        {
            next[b - 1] = Some(b);
            prev[b] = Some(b - 1);
        }
    }
    // Chains start at every piece nothing continues into.
    let mut chains: Vec<Vec<usize>> = Vec::new();
    let mut headless: Vec<Vec<usize>> = Vec::new();
    for s in (0..pieces.len()).filter(|&s| prev[s].is_none()) {
        let mut chain = vec![s];
        let mut cur = s;
        while let Some(n) = next[cur] {
            chain.push(n);
            cur = n;
        }
        if is_start(&pieces[s]) || s == 0 {
            chains.push(chain);
        } else {
            headless.push(chain);
        }
    }
    // Topic profiles: one per piece, summed per chain, kept current as pieces move.
    let piece_profiles: Vec<Profile> = pieces
        .iter()
        .map(|pc| {
            profile(
                &pc.paras
                    .iter()
                    .flat_map(|&i| paras[i].chars.iter().copied())
                    .collect::<Vec<char>>(),
            )
        })
        .collect();
    let piece_lens: Vec<usize> = pieces
        .iter()
        .map(|pc| pc.paras.iter().map(|&i| paras[i].chars.len()).sum())
        .collect();
    let sum = |chain: &[usize]| {
        let mut p = Profile::default();
        for &pc in chain {
            merge(&mut p, &piece_profiles[pc]);
        }
        p
    };
    let mut profiles: Vec<Profile> = chains.iter().map(|c| sum(c)).collect();
    // A headless run joins the most similar article that ended cleanly, if any is similar enough.
    for h in headless {
        let hp = sum(&h);
        // A sentence tail nobody continues is just a short last paragraph.
        if first(&pieces[h[0]]).fragment() && h[0] > 0 {
            if let Some(k) = chains.iter().position(|c| c.contains(&(h[0] - 1))) {
                chains[k].extend(h);
                merge(&mut profiles[k], &hp);
                continue;
            }
        }
        let best = chains
            .iter()
            .enumerate()
            .filter(|(_, c)| !last(&pieces[*c.last().unwrap()]).open())
            .map(|(k, _)| (cosine(&hp, &profiles[k]), k))
            .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)));
        match best {
            Some((sim, k)) if sim >= MIN_TOPIC => {
                chains[k].extend(h);
                merge(&mut profiles[k], &hp);
            }
            _ => {
                chains.push(h);
                profiles.push(hp);
            }
        }
    }
    let ends_open: Vec<bool> = chains
        .iter()
        .map(|c| last(&pieces[*c.last().unwrap()]).open())
        .collect();
    regroup_by_topic(
        &mut chains,
        &mut profiles,
        &ends_open,
        pieces,
        &piece_profiles,
        &piece_lens,
    );
    chains
}

/// Whether piece `k` reads on from the piece before it by position alone.
fn reads_on(pieces: &[Piece], k: usize) -> bool {
    k > 0 && (pieces[k].sequential || pieces[k].soft_adjacent)
}

/// Pieces from `b` on that read on from it, up to the first that ends open.
fn run_from(paras: &[Para], pieces: &[Piece], b: usize) -> std::ops::Range<usize> {
    let mut end = b;
    while !paras[*pieces[end].paras.last().unwrap()].open()
        && end + 1 < pieces.len()
        && reads_on(pieces, end + 1)
    {
        end += 1;
    }
    b..end + 1
}

/// Pieces up to `a` that it reads on from, back to where its run started.
fn run_to(pieces: &[Piece], a: usize) -> std::ops::Range<usize> {
    let mut start = a;
    while reads_on(pieces, start) {
        start -= 1;
    }
    start..a + 1
}

fn range_profile(paras: &[Para], pieces: &[Piece], r: std::ops::Range<usize>) -> Profile {
    let chars: Vec<char> = pieces[r]
        .iter()
        .flat_map(|pc| {
            pc.paras
                .iter()
                .flat_map(|&i| paras[i].chars.iter().copied())
        })
        .collect();
    profile(&chars)
}

/// An orphan start (a piece no headline opens, whose sentence began elsewhere)
/// goes to the open end whose junction it completes, before position makes it
/// a new paragraph of whatever story happens to precede it.
fn orphans_to_open_ends(
    paras: &[Para],
    pieces: &[Piece],
    counts: &NgramCounts,
    next: &mut [Option<usize>],
    prev: &mut [Option<usize>],
) {
    let last = |pc: &Piece| &paras[*pc.paras.last().unwrap()];
    let first = |pc: &Piece| &paras[pc.paras[0]];
    let opens: Vec<usize> = (0..pieces.len())
        .filter(|&a| next[a].is_none() && last(&pieces[a]).open())
        .collect();
    if opens.is_empty() {
        return;
    }
    let orphan = |b: usize| {
        let pb = &pieces[b];
        prev[b].is_none()
            && !pb.headed
            && first(pb).continued_from.is_none()
            && first(pb).kind == Kind::Body
            && !credits::leading_dateline(&first(pb).text()).is_some()
    };
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for b in (0..pieces.len()).filter(|&b| orphan(b)) {
        let own = run_from(paras, pieces, b);
        let run = range_profile(paras, pieces, own.clone());
        // What the orphan would otherwise read on from: the run before it on the page.
        let stay = if reads_on(pieces, b) {
            cosine(&run, &range_profile(paras, pieces, run_to(pieces, b - 1)))
        } else {
            0.0
        };
        for &a in opens.iter().filter(|&&a| a + 1 != b && !own.contains(&a)) {
            let back = run_to(pieces, a);
            if back.contains(&b) {
                continue;
            }
            let junction = counts.junction(&last(&pieces[a]).chars, &first(&pieces[b]).chars);
            let topic = cosine(&run, &range_profile(paras, pieces, back));
            if topic <= stay {
                continue;
            }
            let score = junction + 4.0 * (topic - stay);
            if std::env::var_os("REPRINT_DEBUG_SPLIT").is_some() {
                eprintln!("orphan {b} <- open {a}: junction {junction:.2} topic {topic:.3} stay {stay:.3} score {score:.2}");
            }
            if score >= MIN_JUNCTION {
                pairs.push((score, a, b));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (_, a, b) in pairs {
        if next[a].is_none() && prev[b].is_none() && !creates_cycle(next, a, b) {
            next[a] = Some(b);
            prev[b] = Some(a);
        }
    }
}

/// A run of paragraphs that continues an article only by position moves to
/// another article on the page when it is about that one instead.
fn regroup_by_topic(
    chains: &mut [Vec<usize>],
    profiles: &mut [Profile],
    ends_open: &[bool],
    pieces: &[Piece],
    piece_profiles: &[Profile],
    piece_lens: &[usize],
) {
    for ci in 0..chains.len() {
        let mut before = piece_profiles[chains[ci][0]].clone();
        let mut before_len = piece_lens[chains[ci][0]];
        let mut j = 1;
        while j < chains[ci].len() {
            let chain = &chains[ci];
            let end = if pieces[chain[j]].sequential {
                (j + 1..chain.len())
                    .find(|&r| pieces[chain[r]].sequential)
                    .unwrap_or(chain.len())
            } else {
                j + 1
            };
            let run_len: usize = chain[j..end].iter().map(|&pc| piece_lens[pc]).sum();
            // A short start says too little about its article's topic, and a
            // sentence or two too little about the run's, to judge by.
            let judged = pieces[chain[j]].sequential
                && before_len >= MIN_TOPIC_CHARS
                && run_len >= MIN_RUN_CHARS;
            let mut run = Profile::default();
            for &pc in &chain[j..end] {
                merge(&mut run, &piece_profiles[pc]);
            }
            if judged {
                let own = cosine(&run, &before);
                let best = (0..chains.len())
                    .filter(|&o| o != ci && !ends_open[o])
                    .map(|o| (cosine(&run, &profiles[o]), o))
                    .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)));
                if let Some((sim, o)) = best {
                    if sim >= MOVE_TOPIC && own < STAY_TOPIC && sim >= 3.0 * own {
                        let moved: Vec<usize> = chains[ci].drain(j..end).collect();
                        chains[o].extend(moved);
                        merge(&mut profiles[o], &run);
                        continue;
                    }
                }
            }
            merge(&mut before, &run);
            before_len += run_len;
            j = end;
        }
    }
}

/// A headline block with no text under it that ends the page (003 prints a
/// section's decorative sub-head after the section) is the last paragraph of
/// the article before it.
fn fold_bodiless(mut chains: Vec<Vec<usize>>, paras: &[Para], pieces: &[Piece]) -> Vec<Vec<usize>> {
    let bodiless = |c: &[usize]| {
        c.iter().all(|&pc| {
            pieces[pc]
                .paras
                .iter()
                .all(|&i| paras[i].kind != Kind::Body)
        })
    };
    let mut k = 0;
    while k < chains.len() {
        let first = chains[k][0];
        // Only at the end of the page: anywhere else a bare headline may head a
        // story whose body the stitcher placed elsewhere.
        let trailing = chains[k]
            .iter()
            .all(|&pc| pc + chains[k].len() >= pieces.len());
        let host = (first > 0 && trailing && bodiless(&chains[k]))
            .then(|| chains.iter().position(|c| c.last() == Some(&(first - 1))))
            .flatten();
        match host {
            Some(h) if h != k => {
                let moved = chains.remove(k);
                let h = if h > k { h - 1 } else { h };
                chains[h].extend(moved);
            }
            _ => k += 1,
        }
    }
    chains
}

fn creates_cycle(next: &[Option<usize>], a: usize, b: usize) -> bool {
    let mut cur = b;
    while let Some(n) = next[cur] {
        if n == a {
            return true;
        }
        cur = n;
    }
    false
}

/// Build the article a chain of pieces reads as.
fn assemble(page: &Page, pieces: &[Piece], chain: &[usize]) -> Article {
    let paras = &page.paras;
    let first_piece = &pieces[chain[0]];
    let mut title = None;
    let mut subtitle = None;
    let mut byline = None;
    let mut dateline = None;
    let mut body: Vec<(usize, bool)> = Vec::new();
    let mut closed_by_credit = false; // (para, joined to previous without a break)
    let mut spans: Vec<Span> = Vec::new();
    for (k, &pc) in chain.iter().enumerate() {
        let piece = &pieces[pc];
        let end = piece
            .paras
            .iter()
            .map(|&i| paras[i].end())
            .max()
            .unwrap_or(0);
        // Pieces that follow each other on the page read as one stretch of source.
        match spans.last_mut() {
            Some(last) if k > 0 && chain[k - 1] + 1 == pc => last[1] = end,
            _ => spans.push([paras[piece.paras[0]].start(), end]),
        }
        let in_header = |i: usize| k == 0 && piece.headed && i < header_end(paras, piece.paras[0]);
        for (n, &i) in piece.paras.iter().enumerate() {
            let p = &paras[i];
            match p.kind {
                Kind::Dateline => {
                    dateline.get_or_insert_with(|| {
                        p.text().trim_matches(['（', '）', '(', ')']).to_string()
                    });
                    continue;
                }
                Kind::Byline => {
                    byline.get_or_insert_with(|| p.text());
                    continue;
                }
                Kind::Date if in_header(i) => continue,
                Kind::Subtitle if in_header(i) => {
                    subtitle.get_or_insert_with(|| p.text());
                    continue;
                }
                Kind::Heading if in_header(i) => {
                    // The headline is the heading right above the subtitle or the body.
                    title = Some(p.text());
                    continue;
                }
                _ => {}
            }
            let joined = match body.last() {
                None => false,
                Some(&(j, _)) if n == 0 => {
                    k > 0 && paras[j].open() && j == *pieces[chain[k - 1]].paras.last().unwrap()
                }
                Some(&(j, _)) => continues(&paras[j].chars, &p.chars),
            };
            body.push((i, joined));
        }
    }
    if let Some(&(i, _)) = body.first() {
        if dateline.is_none() {
            if let Some(end) = credits::leading_dateline(&paras[i].text()) {
                dateline = Some(paras[i].text()[..end].to_string());
            }
        }
    }
    let mut text = String::new();
    let mut map: Vec<Span> = Vec::new();
    let last_index = body.len().saturating_sub(1);
    for (n, &(i, joined)) in body.iter().enumerate() {
        let p = &paras[i];
        let mut chars: &[char] = &p.chars;
        if n == last_index {
            // Closing credits are recorded, not kept in the body.
            let t = p.text();
            if let Some(at) = credits::trailing_credit(&t) {
                let credit = &t[at..];
                closed_by_credit = true;
                let keep = t[..at].chars().count();
                chars = &p.chars[..keep];
                if let Some(d) = credits::find_dateline(credit) {
                    dateline.get_or_insert(d);
                }
                if let Some(b) = credit
                    .split(['（', '('])
                    .next()
                    .filter(|b| b.contains("记者"))
                {
                    byline.get_or_insert(b.trim().to_string());
                }
            }
        }
        if n > 0 && !joined {
            let sep = map.last().copied().unwrap_or([p.start(), p.start()]);
            text.push_str("\n\n");
            map.extend([sep, sep]);
        }
        text.extend(chars.iter());
        map.extend_from_slice(&p.map[..chars.len()]);
    }
    let last_para = body.last().map(|&(i, _)| &paras[i]);
    let first_body = body.first().map(|&(i, _)| &paras[i]);
    let continues_to = last_para.and_then(|p| p.continues_to.clone());
    let continued_from = paras[first_piece
        .paras
        .iter()
        .copied()
        .find(|&i| paras[i].kind == Kind::Body)
        .unwrap_or(first_piece.paras[0])]
    .continued_from
    .clone();
    Article {
        id: String::new(),
        source: page.source.path.clone(),
        title,
        subtitle,
        text,
        pieces: spans,
        continued: continued_from.is_some()
            || first_body.is_some_and(|p| p.continued_from.is_some()),
        continued_from,
        incomplete: !closed_by_credit && last_para.is_some_and(|p| p.open()),
        continues_to,
        sources: None,
        layout: None,
        truncated: last_para.is_some_and(|p| p.truncated),
        byline,
        dateline,
        map: Some(map),
    }
}
