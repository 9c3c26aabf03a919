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

mod articles;
pub mod jumps;
mod pages;
mod paragraph;
pub mod plausibility;
mod stitch;
mod stream;

use crate::model::{Article, Cleaned, Source, Span};
use crate::normalize::credits;
use crate::normalize::lines::continues;
pub use articles::{articles, clean_for_split, Survey};
use paragraph::{Kind, Para};
use plausibility::{cosine, merge, profile, NgramCounts, Profile};
pub use stream::split_streamed;

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
/// pieces, so its time grows linearly (figures in BENCHMARKS.md).
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
    let mut chains = Vec::new();
    for start in (0..pieces.len()).step_by(MAX_STITCH_PIECES) {
        let window = &pieces[start..pieces.len().min(start + MAX_STITCH_PIECES)];
        let local = stitch::fold_bodiless(stitch::stitch(paras, window, counts), paras, window);
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

/// Heading `next`, on the line right under heading `above`, goes on the same headline:
/// not under a kicker in lenticular brackets (`【经济观察】`), which is no part of the title.
fn headline_goes_on(above: &Para, next: &Para) -> bool {
    let kicker = above.chars.first() == Some(&'【') && above.chars.last() == Some(&'】');
    above.kind == Kind::Heading && next.gap == 1 && !kicker
}

/// Two lines of a headline as one title: a line wrapped at the column runs on, the two
/// halves of a headline set on two lines (`长江江豚频现身` / `生态修复见成效`) keep a space.
fn join_headline(above: &str, next: &str) -> String {
    let (a, b) = (above.chars().count(), next.chars().count());
    if a >= 14 && a >= b {
        format!("{above}{next}")
    } else {
        format!("{above} {next}")
    }
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

/// Below this similarity to every story begun above it, the text under a
/// heading is another story (0.09: sample 004's 民情入“账” section scores 0.10;
/// 0.08–0.14 moved bench/layout_bench.sh by two points at most).
const SECTION_TOPIC: f64 = 0.09;

/// Chars of text on each side of a heading compared for its topic.
const SIDE_CHARS: usize = 600;

/// The body text of every story begun so far on a page (from each headed
/// piece to the next), as topic profiles kept up to date while the page is cut.
#[derive(Default)]
struct Stories {
    profiles: Vec<Profile>,
    chars: Vec<usize>,
    /// The last char of the newest story, for the bigram across its next paragraph.
    last: Option<char>,
}

impl Stories {
    fn begin(&mut self) {
        self.profiles.push(Profile::default());
        self.chars.push(0);
        self.last = None;
    }

    /// A paragraph read on in the newest story (its text as if run together).
    fn add(&mut self, p: &Para) {
        let (Some(profile), Some(chars)) = (self.profiles.last_mut(), self.chars.last_mut()) else {
            return;
        };
        if p.kind != Kind::Body || p.chars.is_empty() {
            return;
        }
        if let Some(last) = self.last {
            plausibility::add_to(profile, &[last, p.chars[0]]);
        }
        plausibility::add_to(profile, &p.chars);
        *chars += p.chars.len();
        self.last = p.chars.last().copied();
    }
}

/// A plain heading after a finished paragraph heads a section of the same
/// story when the text under it goes on with the story's topic, and a new
/// story when it does not.
fn changes_topic(paras: &[Para], stories: &Stories, i: usize) -> bool {
    let end = group_end(paras, i);
    let group = &paras[i..end];
    if group.iter().any(|p| p.enumerated()) {
        return false;
    }
    // Every story begun above on the page (its text so far): the text under a
    // section heading goes on with one of them, maybe not the nearest (a story
    // printed in between).
    let Some(&before) = stories.chars.last() else {
        return false;
    };
    let mut after: Vec<char> = Vec::new();
    for p in &paras[end..] {
        if p.kind != Kind::Body || after.len() >= SIDE_CHARS {
            break;
        }
        after.extend(p.chars.iter().copied());
    }
    if before < MIN_RUN_CHARS || after.len() < MIN_RUN_CHARS {
        return false;
    }
    let after = profile(&after);
    let sim = stories
        .profiles
        .iter()
        .zip(&stories.chars)
        .filter(|(_, &n)| n >= MIN_RUN_CHARS)
        .map(|(s, _)| cosine(s, &after))
        .fold(0.0, f64::max);
    sim < SECTION_TOPIC
}

/// Stops mid-sentence, whatever follows.
fn paragraph_open(p: &Para) -> bool {
    crate::normalize::lines::open_end(&p.chars) && !p.truncated && p.continues_to.is_none()
}

fn cut(paras: &[Para]) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut stories = Stories::default();
    for i in 0..paras.len() {
        let p = &paras[i];
        let prev = i.checked_sub(1).map(|j| &paras[j]);
        let only_headings = pieces
            .last()
            .is_some_and(|pc| pc.paras.iter().all(|&j| paras[j].kind != Kind::Body));
        let (new, headed, soft) = if i == 0 {
            (true, p.kind != Kind::Body, false)
        } else if p.continued_from.is_some() {
            (!only_headings, false, false)
        } else if starts_group(paras, i)
            && (opens_article(paras, i) || changes_topic(paras, &stories, i))
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
        // Every story's text counts for the topic test, headed or not (a jump's
        // continuation, a page's untitled first story, the story after a credit).
        if headed
            || (new
                && !soft
                && (i == 0 || p.continued_from.is_some() || prev.is_some_and(closes_article)))
        {
            stories.begin();
        }
        stories.add(p);
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

/// Build the article a chain of pieces reads as.
fn assemble(page: &Page, pieces: &[Piece], chain: &[usize]) -> Article {
    let paras = &page.paras;
    let first_piece = &pieces[chain[0]];
    let mut title: Option<String> = None;
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
                    // The headline is the heading right above the subtitle or the body, with
                    // the heading lines printed right above it (a headline set on two lines).
                    title = Some(match title.take() {
                        Some(above) if n > 0 && headline_goes_on(&paras[piece.paras[n - 1]], p) => {
                            join_headline(&above, &p.text())
                        }
                        _ => p.text(),
                    });
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
