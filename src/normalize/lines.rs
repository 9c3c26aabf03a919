//! Line structure: hard wraps joined, paragraphs broken mid-sentence rejoined, one blank line between paragraphs.

use super::tape::{ends_sentence, is_final_punct, is_han, width, Atom, Tape};
use super::Stats;

mod headlines;
mod joins;

use headlines::headline_lines;

/// A trimmed non-blank input line.
struct Line<'a> {
    atoms: &'a [Atom],
    /// The newline that ended it (spans for inserted separators), if any.
    newline: Option<Atom>,
    indented: bool,
    /// Blank lines before it.
    gap: usize,
    /// Display width as printed, counting markers removed from it.
    width: usize,
}

impl Line<'_> {
    /// Its width if every char were full width: what a page wrapped by char
    /// count fills, however many half-width digits a line holds.
    fn char_width(&self) -> usize {
        2 * self.atoms.len()
    }
}

/// Rebuild the text as paragraphs separated by one blank line.
///
/// `breaks` are source offsets where something ended a paragraph for good (a
/// removed snippet ellipsis): no join is made across them.
///
/// `removed` are (source offset, display width) of text taken out of a line
/// before this rule (continuation markers): the line was that much wider as
/// printed, which matters for telling a full line from a short one.
pub fn restructure(
    tape: Tape,
    join_paragraphs: bool,
    breaks: &[u32],
    removed: &[(u32, usize)],
    stats: &mut Stats,
) -> Tape {
    let lines = split(&tape, removed);
    if lines.is_empty() {
        return Vec::new();
    }
    let mut breaks = breaks.to_vec();
    breaks.sort_unstable();
    let wrap = wrap_width(&lines);
    let (headlines, wrapped_headline) = headline_lines(&lines, wrap.as_ref());
    // Phase 1: hard wraps inside a block of consecutive lines.
    let mut paragraphs: Vec<Vec<usize>> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let joins = i > 0
            && line.gap == 0
            && (!(headlines[i] || headlines[i - 1]) || wrapped_headline[i])
            && !line.indented
            && wrap.as_ref().is_some_and(|w| {
                let prev = lines[i - 1].atoms;
                let chars: Vec<char> = prev.iter().map(|a| a.ch).collect();
                let full = w.full_at(&lines, i - 1);
                // A short open line is a wrap only when it is visibly inside a sentence.
                let mid_sentence = open_end(&chars)
                    && (!heading_like(&chars)
                        || chars.iter().any(|&c| matches!(c, '，' | '、' | '：')));
                // A credit line is never wrapped into the text after it.
                let credit = may_be_credit(&chars) && {
                    let text: String = chars.iter().collect();
                    super::credits::is_byline(&text) || super::credits::is_dateline(&text)
                };
                // A list number opens a line only after a finished one: a wrap
                // can split `2024` into `和20` / `24、2025届`.
                // A dateline is never such a wrap: at a line's head it opens a brief, after
                // another story's column cut mid-word (`…也能发` / `新华社成都6月22日电 加装…`).
                // A byline on a line of its own is no wrap of the headline above it
                // (`…工作的通知` / `本报记者 孙丽`), however wide that headline is set.
                let byline = !w.full_at(&lines, i) && {
                    let next: Vec<char> = line.atoms.iter().map(|a| a.ch).collect();
                    may_be_credit(&next) && byline_line(&next.iter().collect::<String>())
                };
                let inside_clause = full
                    && open_end(&chars)
                    && !heading_like(&chars)
                    && !opens_with_dateline(line.atoms);
                (full || mid_sentence)
                    && !credit
                    && !byline
                    && (inside_clause || !starts_structure(line.atoms.iter().map(|a| a.ch)))
            });
        if joins {
            paragraphs.last_mut().unwrap().push(i);
            stats.add("hard_wraps_joined", 1);
        } else {
            paragraphs.push(vec![i]);
        }
    }
    // Phase 2: paragraphs broken mid-sentence (by a blank line or a page column).
    let rule = joins::Rule {
        lines: &lines,
        headlines: &headlines,
        wrap: wrap.as_ref(),
        breaks: &breaks,
        join_paragraphs,
    };
    let (merged, joined) = joins::rejoin(&rule, &paragraphs);
    if joined > 0 {
        stats.add("broken_paragraphs_joined", joined);
    }
    let mut out = Vec::with_capacity(tape.len());
    for (n, &(first, last)) in merged.iter().enumerate() {
        if n > 0 {
            let sep = lines[merged[n - 1].1]
                .newline
                .expect("line before a paragraph ends in a newline");
            out.push(sep);
            out.push(sep);
        }
        for i in first..=last {
            if i > first {
                let prev = out.last().map(|a: &Atom| a.ch);
                let next = lines[i].atoms[0].ch;
                // Latin words wrapped across lines keep a space between them.
                // A number cut by the wrap (`9` / `99亿元`) is one number.
                if prev.is_some_and(|c| c.is_ascii_alphabetic() || c == ',' || c == '.')
                    && next.is_ascii_alphabetic()
                {
                    out.push(lines[i - 1].newline.unwrap().with(' '));
                }
            }
            out.extend_from_slice(lines[i].atoms);
        }
    }
    out
}

fn split<'a>(tape: &'a [Atom], removed: &[(u32, usize)]) -> Vec<Line<'a>> {
    let mut removed = removed.to_vec();
    removed.sort_unstable();
    // Width removed before each entry, so a line's share is two binary searches.
    let before: Vec<usize> = std::iter::once(0)
        .chain(removed.iter().scan(0, |sum, &(_, w)| {
            *sum += w;
            Some(*sum)
        }))
        .collect();
    let mut lines = Vec::new();
    let mut gap = 0;
    let mut start = 0;
    // Source offset where the current line began (just after the previous newline).
    let mut line_from = tape.first().map_or(0, |a| a.start);
    for (i, a) in tape.iter().enumerate().chain(std::iter::once((
        tape.len(),
        &Atom {
            ch: '\n',
            start: 0,
            end: 0,
        },
    ))) {
        if a.ch != '\n' {
            continue;
        }
        let raw = &tape[start..i];
        let first = raw.iter().position(|a| a.ch != ' ');
        match first {
            None => gap += 1,
            Some(f) => {
                let last = raw.iter().rposition(|a| a.ch != ' ').unwrap();
                let line_to = if i < tape.len() {
                    tape[i].start
                } else {
                    u32::MAX
                };
                let from = removed.partition_point(|&(at, _)| at < line_from);
                let to = removed.partition_point(|&(at, _)| at < line_to).max(from);
                let extra = before[to] - before[from];
                lines.push(Line {
                    atoms: &raw[f..=last],
                    newline: (i < tape.len()).then(|| tape[i]),
                    indented: f > 0,
                    gap,
                    width: line_width(&raw[f..=last]) + extra,
                });
                gap = 0;
            }
        }
        start = i + 1;
        if i < tape.len() {
            line_from = tape[i].end;
        }
    }
    // The last line may lack a newline; separators after it are never needed.
    lines
}

fn line_width(atoms: &[Atom]) -> usize {
    atoms.iter().map(|a| width(a.ch)).sum()
}

/// The column widths a page was hard-wrapped at (a page may mix a wide and a narrow column).
struct Wrap {
    /// Peaks of the line-width histogram, widest first.
    widths: Vec<usize>,
}

impl Wrap {
    /// Whether a line of this width fills its column (letter-spaced lines run wider).
    /// Wider than the widest column, and not by letter-spacing: a headline printed across columns.
    fn overwide(&self, line: &Line) -> bool {
        let spaces = line.atoms.iter().filter(|a| a.ch == ' ').count();
        line.width > self.widths[0] + 6 && spaces * 4 < line.atoms.len()
    }

    fn full(&self, width: usize) -> bool {
        self.widths
            .iter()
            .enumerate()
            .any(|(k, &w)| width + 6 >= w && (k == 0 || width <= w + 4))
    }

    /// Full, and not short beside two full lines of a wider column: on a page
    /// mixing column widths, a wide column's last line may be as wide as a narrow column.
    fn full_at(&self, lines: &[Line], i: usize) -> bool {
        let width = lines[i].width;
        // Half-width digits make a full line look short when a page is wrapped by chars.
        let span = width.max(lines[i].char_width());
        // Lines `top` and `top + 1` run on in a column wider than line `i`.
        let wider = |top: usize| {
            lines[top + 1].gap == 0
                && self.widths.iter().any(|&c| {
                    span + 6 < c
                        && lines[top..=top + 1]
                            .iter()
                            .all(|l| l.width + 6 >= c && l.width <= c + 6)
                })
        };
        self.full(width)
            && !(i >= 2 && lines[i].gap == 0 && wider(i - 2))
            && !(i + 2 < lines.len() && lines[i + 1].gap == 0 && wider(i + 1))
    }
}

/// Wrapped text has many lines at (nearly) one width that end mid-sentence;
/// text with one paragraph per line has no such peak, so cleaning cleaned text
/// finds nothing to join.
fn wrap_width(lines: &[Line]) -> Option<Wrap> {
    let widths: Vec<usize> = lines.iter().map(|l| l.width).collect();
    let mut peaks: Vec<usize> = Vec::new();
    // Lines of each width not yet taken by a peak (no candidate band reaches past 120).
    let mut left = [0usize; 121];
    for &w in widths.iter().filter(|&&w| w <= 120) {
        left[w] += 1;
    }
    while peaks.len() < 3 {
        let mut best = (0, 0);
        for w in (16..=120).filter(|&w| left[w] > 0) {
            let count: usize = left[w - 4..=w].iter().sum();
            if count > best.1 || (count == best.1 && w > best.0) {
                best = (w, count);
            }
        }
        let (w, count) = best;
        // The page must be wrapped as a whole; further columns need only a few lines.
        if count < 6 || (peaks.is_empty() && count * 10 < lines.len() * 3) {
            break;
        }
        let band = |x: usize| x + 4 >= w && x <= w + 4;
        let in_band: Vec<usize> = (0..lines.len()).filter(|&i| band(widths[i])).collect();
        let open = in_band
            .iter()
            .filter(|&&i| !ends_sentence(lines[i].atoms.iter().map(|a| a.ch)))
            .count();
        // Wrapped lines run on into the next line; paragraphs are set apart.
        let run_on = in_band
            .iter()
            .filter(|&&i| lines.get(i + 1).is_some_and(|n| n.gap == 0 && !n.indented))
            .count();
        // Where no line runs straight on into the next (every line between blank
        // lines, as in cleaned text), a line cannot be told from a paragraph.
        let wrapped = run_on > 0
            && (open * 2 >= in_band.len()
                || (run_on * 5 >= in_band.len() * 4 && open * 5 >= in_band.len()));
        // A narrower column is a story set in it: runs of full lines of its width.
        // Short lines (headlines set on two lines, paragraphs' last lines) may share
        // a width and run on in pairs, but never three in a row.
        let run_in_band = |i: usize| {
            (i + 1..=i + 2).all(|k| {
                lines
                    .get(k)
                    .is_some_and(|n| n.gap == 0 && !n.indented && band(n.width))
            })
        };
        let runs = in_band.iter().filter(|&&i| run_in_band(i)).count();
        // A page wrapped by char count sets full lines holding half-width digits
        // narrower: they make a peak of their own.
        let half_width = in_band
            .iter()
            .filter(|&&i| lines[i].char_width() > lines[i].width + 2)
            .count();
        let column = runs >= 2 && runs * 4 >= in_band.len();
        if !wrapped || (!peaks.is_empty() && !column && half_width * 2 < in_band.len()) {
            break;
        }
        peaks.push(w);
        left[w.saturating_sub(6)..].fill(0);
    }
    peaks.sort_unstable_by(|a, b| b.cmp(a));
    (!peaks.is_empty()).then_some(Wrap { widths: peaks })
}

fn is_clause_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '、' | '；' | '：' | '？' | '！' | ',' | ';' | ':' | '?' | '!'
    )
}

/// A short line that does not end a sentence: a headline, kicker, or heading.
pub fn heading_like(p: &[char]) -> bool {
    if p.len() > 40 {
        return false;
    }
    let commas = p.iter().filter(|&&c| matches!(c, '，' | ',')).count();
    // A headline may hold one comma (`行全球惯例，尽大国之责`); a clause chain is prose.
    // ...and its halves are short: `建设贸易强国，更是推动构建人类命运共同体的务实` is prose.
    // (The text is built only for a line with its one comma: most lines are decided before.)
    let short_halves = || {
        commas == 0 || {
            let text: String = p.iter().collect();
            let head = text.split("——").next().unwrap_or("");
            head.split(['，', ',']).all(|h| h.chars().count() <= 14)
        }
    };
    !ends_sentence(p.iter().copied())
        && commas <= 1
        && !p.last().is_some_and(|&c| matches!(c, '，' | '、' | ','))
        && !p.iter().any(|&c| matches!(c, '。' | '；' | '！' | '？'))
        && short_halves()
}

/// A lone short sentence tail such as `举措。`: a layout fragment whose home is
/// decided by `split`, never glued to whatever happens to precede it.
pub fn fragment(p: &[char]) -> bool {
    let finals = p.iter().filter(|&&c| is_final_punct(c)).count();
    p.len() <= 20 && finals == 1 && ends_sentence(p.iter().copied())
}

/// Ends mid-sentence: the last char is text or a mark that cannot end a sentence.
pub fn open_end(p: &[char]) -> bool {
    p.last().is_some_and(|&c| {
        is_han(c) || c.is_ascii_alphanumeric() || matches!(c, '，' | '、' | '“' | '（' | '《' | ',')
    })
}

/// Starts a new unit: a list number, bullet, subtitle dash, dateline or byline.
pub fn starts_structure(chars: impl Iterator<Item = char>) -> bool {
    let chars: Vec<char> = chars.take(41).collect();
    let Some(&c0) = chars.first() else {
        return false;
    };
    if matches!(
        c0,
        '□' | '■' | '●' | '◆' | '▲' | '★' | '·' | '•' | '①'..='⑳'
    ) || chars.starts_with(&['—', '—'])
    {
        return true;
    }
    let is_numeral = |c: &char| "一二三四五六七八九十".contains(*c) || c.is_ascii_digit();
    // （一） (1) 【1】
    if matches!(c0, '（' | '(' | '【' | '〔' | '[') {
        let n = chars[1..].iter().take_while(|c| is_numeral(c)).count();
        return n > 0 && n <= 3 && matches!(chars.get(n + 1), Some('）' | ')' | '】' | '〕' | ']'));
    }
    // 一、 二、 十二、 1. 1、
    let n = chars.iter().take_while(|c| is_numeral(c)).count();
    if n > 0 && n <= 3 && matches!(chars.get(n), Some('、' | '．')) {
        return true;
    }
    if n > 0
        && n <= 2
        && chars.get(n) == Some(&'.')
        && !chars.get(n + 1).is_some_and(|c| c.is_ascii_digit())
    {
        return true;
    }
    // 第一，… / 第二、…
    if chars.first() == Some(&'第') && n == 0 {
        let k = chars[1..].iter().take_while(|c| is_numeral(c)).count();
        if k > 0 && matches!(chars.get(k + 1), Some('，' | '、')) {
            return true;
        }
    }
    // A credit or dateline line, not text that happens to start with `记者，`.
    if !may_be_credit(&chars) {
        return false;
    }
    let head: String = chars.iter().take(40).collect();
    (chars.len() <= 40 && (super::credits::is_byline(&head) || super::credits::is_dateline(&head)))
        || super::credits::leading_dateline(&head).is_some()
        || ["作者", "来源", "编辑", "转自"]
            .iter()
            .any(|p| head.starts_with(p) && head[p.len()..].starts_with([':', '：', ' ', '|']))
}

/// A byline on a line of its own, `文/` before it or not (`文/本报记者 高卫国`).
pub fn byline_line(text: &str) -> bool {
    let bare = ["文/", "文／", "图文/", "图文／"]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .unwrap_or(text);
    super::credits::is_byline(bare)
}

/// A line that starts with an agency dateline (`新华社成都6月22日电`, `本报讯（记者 吴斌）`).
fn opens_with_dateline(atoms: &[Atom]) -> bool {
    let chars: Vec<char> = atoms.iter().take(40).map(|a| a.ch).collect();
    may_be_credit(&chars)
        && super::credits::leading_dateline(&chars.iter().collect::<String>()).is_some()
}

/// Cheap gate before the credit regexes: every byline, dateline and source
/// credit holds one of these chars.
fn may_be_credit(chars: &[char]) -> bool {
    chars.iter().take(40).any(|c| {
        matches!(
            c,
            '记' | '电' | '讯' | '发' | '摄' | '作' | '来' | '编' | '转'
        )
    })
}

/// Whether `next` continues the sentence `prev` left open.
pub fn continues(prev: &[char], next: &[char]) -> bool {
    if !open_end(prev) || heading_like(next) || fragment(next) {
        return false;
    }
    if starts_structure(next.iter().copied()) {
        return false;
    }
    if !heading_like(prev) {
        return true;
    }
    // Looked for only in a heading (40 chars at most): a paragraph grown by joins may be long.
    let credit = prev.first().is_some_and(|&c| matches!(c, '□' | '■'))
        || prev.windows(2).any(|w| w == ['记', '者']);
    if credit {
        return false;
    }
    // A heading only continues into a word tail such as `质` + `效。依据…`.
    let clause = next
        .iter()
        .take(3)
        .take_while(|&&c| !is_clause_punct(c))
        .count();
    clause <= 2 && matches!(next.get(clause), Some('。' | '，' | '、' | '；'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::tape::{from_text, to_string};

    fn run(s: &str) -> String {
        let offsets = crate::model::utf8_offsets(s, 0);
        to_string(&restructure(
            from_text(s, &offsets),
            true,
            &[],
            &[],
            &mut Stats::default(),
        ))
    }

    #[test]
    fn blank_line_mid_sentence_is_joined() {
        assert_eq!(
            run("从内陆腹地到开放前沿，使我国向北开放的大门开得更\n\n大、更稳。对标高标准国际经贸规则。"),
            "从内陆腹地到开放前沿，使我国向北开放的大门开得更大、更稳。对标高标准国际经贸规则。"
        );
        assert_eq!(
            run("（三）全方位提高基本公共服务质\n\n效。依据国家基本公共服务标准，细化制"),
            "（三）全方位提高基本公共服务质效。依据国家基本公共服务标准，细化制"
        );
    }

    #[test]
    fn headlines_set_without_blank_lines_are_lines_of_their_own() {
        // Wrapped at 23 chars, no blank line anywhere, the story above cut at a
        // full line: the headline stands apart, the wrapped text around it is joined.
        let body = "国家医保局日前发布消息，今年一月至四月，全国跨省\n异地就医直接结算达八千五百万人次，为参保群众减\n少垫付资金超过四百五十亿元，目前全国所有统筹地\n区均已开通普通门诊费用跨省直接结算服务。";
        let above = "支持各地统筹资金渠道，加大保障性住房供给，引导\n支持社会力量运营长期租赁住房，稳步推进灵活就业\n人员参加住房公积金制度，加快完善相关配套措施和";
        let page = format!("{above}\n跨省异地就医直接结算扩面提速\n{body}");
        let out = run(&page);
        let paras: Vec<&str> = out.split("\n\n").collect();
        assert_eq!(paras.len(), 3, "{out}");
        assert!(paras[0].ends_with("配套措施和"));
        assert_eq!(paras[1], "跨省异地就医直接结算扩面提速");
        assert!(paras[2].starts_with("国家医保局日前发布消息") && !paras[2].contains('\n'));
        assert_eq!(run(&out), out);
    }

    #[test]
    fn short_headline_lines_are_no_narrow_column() {
        // Wrapped at 32 chars; headlines set on two lines of 8 chars. Their lines
        // share a width and run on in pairs, but that is no 8-char column: the
        // second line of a headline is no full line a column break runs on from.
        let body = "我国经济运行总体平稳，稳中有进，发展态势好主要指标稳步回升市场预\n期持续改善信心不断增强，消费需求逐步恢复，投资结构不断优化调\n整，外贸进出口保持增长，就业形势总体稳定，居民收入继续增加。";
        let headline = |k: usize| format!("小小一颗辣椒撑起{k}\n富民大产业新篇章");
        let mut page = String::new();
        for k in 0..4 {
            page.push_str(&format!("{}\n\n{body}\n\n", headline(k)));
        }
        page.push_str("近年来各地加快推进传统产业改造升级，一项项部署，正推动更多传\n\n");
        page.push_str(&format!("{}\n\n{body}", headline(9)));
        let out = run(&page);
        assert!(out.contains("正推动更多传\n\n小小一颗辣椒撑起9"), "{out}");
        assert!(out.contains("富民大产业新篇章\n\n我国经济"), "{out}");
    }

    #[test]
    fn headings_and_fragments_are_not_glued() {
        let page = "建设贸易强国，更是推动构建人类命运共同体的务实\n\n培育壮大农业新兴产业和未来产业\n\n推动运输与贸易形成更深度\n\n举措。";
        assert_eq!(run(page), page);
        let heading =
            "强化战略引领 夯实贸易强国根基\n\n5月20日，由中船大连造船厂建造的油轮正式交付。";
        assert_eq!(run(heading), heading);
    }

    #[test]
    fn hard_wraps_are_joined_and_paragraphs_kept() {
        let page = "顺应人民群众对公共服务更高品\n质、更加便捷的新期待，意见提出积极推\n动将利用率高的中小型体育场馆、全民\n健身中心向社会免费或低收费开放，支\n持有条件的博物馆、图书馆、美术馆等文\n\n化场馆夜间开放，引导支持在保障性住\n房中加大兼顾职住平衡的宿舍型、小户\n型青年公寓供给等诸多举措，提高多样\n化生活服务品质。\n\n保障和改善民生没有终点，只有连\n续不断的新起点。";
        assert_eq!(
            run(page),
            "顺应人民群众对公共服务更高品质、更加便捷的新期待，意见提出积极推动将利用率高的中小型体育场馆、全民健身中心向社会免费或低收费开放，支持有条件的博物馆、图书馆、美术馆等文化场馆夜间开放，引导支持在保障性住房中加大兼顾职住平衡的宿舍型、小户型青年公寓供给等诸多举措，提高多样化生活服务品质。\n\n保障和改善民生没有终点，只有连续不断的新起点。"
        );
    }

    #[test]
    fn lines_between_blank_lines_are_no_wrap() {
        // Six open lines of one width, each a paragraph: nothing to join (as
        // when this text, once cleaned, is cleaned again).
        let page = "的的的的的的的的的\n\n的的的的的的的的的\n\n的的的的的的的的\n\n的的00的的的的的\n\n的的的的的的的的的0\n\n？（记者魏玉坤）的";
        assert_eq!(run(page), page);
    }

    #[test]
    fn a_paragraph_joined_on_may_join_the_one_before() {
        // `发展态势` is a heading next to the text before it, but not once `好，…`
        // has joined it; a second cleaning would join them, so the first does.
        assert_eq!(
            run("我国经济运行总体平稳，稳中有进，\n\n发展态势\n\n好，主要指标稳步回升，市场预期持续改善，信心不断增强。"),
            "我国经济运行总体平稳，稳中有进，发展态势好，主要指标稳步回升，市场预期持续改善，信心不断增强。"
        );
    }

    #[test]
    fn whitespace_furniture_goes() {
        assert_eq!(run("\n\n  标题\n\n\n\n正文。  \n"), "标题\n\n正文。");
    }
}
