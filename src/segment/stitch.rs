//! Pieces of a page chained into articles: open ends to the orphan starts that complete them, runs to the stories they are about.

use super::*;

/// How much an orphan's topic lead (over the run it follows) counts beside junction evidence.
const ORPHAN_TOPIC_WEIGHT: f64 = 8.0;

/// Chains of piece indices, one per article, in reading order within each.
pub(super) fn stitch(paras: &[Para], pieces: &[Piece], counts: &NgramCounts) -> Vec<Vec<usize>> {
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
            && credits::leading_dateline(&first(pb).text()).is_none()
    };
    // Each open end's run, back to where it started, and its topic: the same for every orphan.
    let backs: Vec<(usize, std::ops::Range<usize>, Profile)> = opens
        .iter()
        .map(|&a| {
            let back = run_to(pieces, a);
            (a, back.clone(), range_profile(paras, pieces, back))
        })
        .collect();
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for b in (0..pieces.len()).filter(|&b| orphan(b)) {
        let own = run_from(paras, pieces, b);
        let run = range_profile(paras, pieces, own.clone());
        let mid = plausibility::opens_mid_sentence(&first(&pieces[b]).chars);
        // What the orphan would otherwise read on from: the run before it on the page.
        let stay = if reads_on(pieces, b) {
            cosine(&run, &range_profile(paras, pieces, run_to(pieces, b - 1)))
        } else {
            0.0
        };
        for (a, back, back_topic) in &backs {
            let a = *a;
            if a + 1 == b || own.contains(&a) || back.contains(&b) {
                continue;
            }
            let junction = counts.junction(&last(&pieces[a]).chars, &first(&pieces[b]).chars);
            let topic = cosine(&run, back_topic);
            if topic <= stay {
                continue;
            }
            let quotes = if quote_left_open(&last(&pieces[a]).chars)
                && quote_closed_unopened(&first(&pieces[b]).chars)
            {
                QUOTE_EVIDENCE
            } else {
                0.0
            };
            // Topic weighs as much as a dictionary word across the cut for a 0.15 lead
            // (16, or no bar at a zero lead: +1-3 pages on each bench, but sample 003's
            // `新华社北京6月9日电` / `（八）…` goes to the 稀土 story).
            let mid_evidence = if mid { MID_SENTENCE_EVIDENCE } else { 0.0 };
            let score = junction + quotes + mid_evidence + ORPHAN_TOPIC_WEIGHT * (topic - stay);
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

/// Evidence that an open end is what a piece opening mid-sentence (`的叶挺…`) completes.
const MID_SENTENCE_EVIDENCE: f64 = 2.0;

/// Evidence that a quote left open at a cut (`…推广“船边`) is the one a piece
/// closes before opening any (`直提”“抵港直装”等…`): a sentence never starts so.
const QUOTE_EVIDENCE: f64 = 2.0;

/// The text's last double quote opens one that is not closed.
fn quote_left_open(chars: &[char]) -> bool {
    chars
        .iter()
        .rev()
        .find(|&&c| matches!(c, '“' | '”'))
        .is_some_and(|&c| c == '“')
}

/// A closing quote comes before any opening one, within the first sentence.
fn quote_closed_unopened(chars: &[char]) -> bool {
    chars
        .iter()
        .take_while(|&&c| !matches!(c, '。' | '！' | '？' | '；'))
        .find(|&&c| matches!(c, '“' | '”'))
        .is_some_and(|&c| c == '”')
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
pub(super) fn fold_bodiless(
    mut chains: Vec<Vec<usize>>,
    paras: &[Para],
    pieces: &[Piece],
) -> Vec<Vec<usize>> {
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

pub(super) fn creates_cycle(next: &[Option<usize>], a: usize, b: usize) -> bool {
    let mut cur = b;
    while let Some(n) = next[cur] {
        if n == a {
            return true;
        }
        cur = n;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn a_quote_left_open_at_a_cut_is_closed_by_its_continuation() {
        assert!(quote_left_open(&chars("负责人介绍，通过推广“船边")));
        assert!(!quote_left_open(&chars("推广“船边直提”等措施")));
        assert!(quote_closed_unopened(&chars("直提”“抵港直装”等便利化措施")));
        assert!(!quote_closed_unopened(&chars("“抵港直装”等便利化措施")));
        // Only the first sentence counts: a later one may close its own quote.
        assert!(!quote_closed_unopened(&chars("近期出台新规。他说”")));
    }
}
