//! Spaces: letter-spacing and extraction joins removed, real separators (names, headline halves, Latin) kept.

use super::tape::{is_cjk_punct, is_han, line_ranges, Atom, Tape};
use super::Stats;

/// Credit words that stand apart after a name (`新华社记者 王全超 摄`).
const CREDIT_TAILS: &[&str] = &["摄", "文", "图", "制图", "报道", "整理", "编译"];

pub fn tidy(tape: Tape, stats: &mut Stats) -> Tape {
    let mut out = Vec::with_capacity(tape.len());
    for line in line_ranges(&tape) {
        tidy_line(&tape[line.clone()], &mut out, stats);
        if let Some(&newline) = tape.get(line.end) {
            out.push(newline);
        }
    }
    out
}

fn digit_like(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '%' | '‰' | '℃')
}

/// The text after a space up to the next space kept, as far as the rules read it.
#[derive(Clone, Default)]
struct Token {
    /// Its first chars (a name is 2-4 Han, a credit tail 1-2 chars).
    head: Vec<char>,
    len: usize,
}

const TOKEN_HEAD: usize = 6;

impl Token {
    fn of(atoms: &[Atom]) -> Token {
        Token {
            head: atoms.iter().take(TOKEN_HEAD).map(|a| a.ch).collect(),
            len: atoms.len(),
        }
    }

    fn then(mut self, next: &Token) -> Token {
        let room = TOKEN_HEAD - self.head.len().min(TOKEN_HEAD);
        self.head.extend(next.head.iter().take(room));
        self.len += next.len;
        self
    }

    fn is(&self, s: &str) -> bool {
        self.len <= TOKEN_HEAD && self.head.iter().copied().eq(s.chars())
    }
}

/// Space runs are decided right to left, so the token after a run ends at the
/// next space that stays (as it will when the cleaned text is cleaned again).
/// What a rule reads of the token before a run (its end, its length being
/// one) does not change when an earlier space goes.
fn tidy_line(line: &[Atom], out: &mut Vec<Atom>, stats: &mut Stats) {
    if !line.iter().any(|a| a.ch == ' ') {
        out.extend_from_slice(line);
        return;
    }
    let han = line.iter().filter(|a| is_han(a.ch)).count();
    let latin = line.iter().filter(|a| a.ch.is_ascii_alphabetic()).count();
    let prose = line.len() >= 20 && line.iter().any(|a| matches!(a.ch, '，' | '。'));
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < line.len() {
        if line[i].ch != ' ' {
            i += 1;
            continue;
        }
        let run_end = line[i..]
            .iter()
            .position(|a| a.ch != ' ')
            .map_or(line.len(), |p| i + p);
        runs.push((i, run_end));
        i = run_end;
    }
    let mut keep = vec![false; runs.len()];
    let mut after = Token::default();
    for k in (0..runs.len()).rev() {
        let (s, e) = runs[k];
        let to = runs.get(k + 1).map_or(line.len(), |r| r.0);
        let mut token = Token::of(&line[e..to]);
        if k + 1 < runs.len() && !keep[k + 1] {
            token = token.then(&after);
        }
        let from = k.checked_sub(1).map_or(0, |j| runs[j].1);
        keep[k] = match (
            s.checked_sub(1).map(|j| line[j].ch),
            line.get(e).map(|a| a.ch),
        ) {
            (Some(l), Some(r)) => keep_space(l, r, &line[from..s], &token, prose, latin > han),
            _ => false,
        };
        after = token;
    }
    let mut from = 0;
    for (&(s, e), kept) in runs.iter().zip(keep) {
        out.extend_from_slice(&line[from..s]);
        if kept {
            out.push(line[s]);
            if e - s > 1 {
                stats.add("spaces", 1);
            }
        } else {
            stats.add("spaces", 1);
        }
        from = e;
    }
    out.extend_from_slice(&line[from..]);
}

fn keep_space(
    l: char,
    r: char,
    left: &[Atom],
    right: &Token,
    prose: bool,
    latin_line: bool,
) -> bool {
    if is_cjk_punct(l) || is_cjk_punct(r) {
        return false;
    }
    let han_digit = (is_han(l) && digit_like(r)) || (digit_like(l) && is_han(r));
    let han_latin =
        (is_han(l) && r.is_ascii_alphabetic()) || (l.is_ascii_alphabetic() && is_han(r));
    if han_digit || (han_latin && !latin_line) {
        return false;
    }
    if !(is_han(l) && is_han(r)) {
        return true;
    }
    if CREDIT_TAILS.iter().any(|t| right.is(t)) {
        return true;
    }
    if left.len() == 1 || right.len == 1 {
        return false; // letter-spaced: 大 力 发 展
    }
    // Inside running prose a space between Han chars is an extraction join
    // (`全 覆盖`), except after a dateline or a credit (`…日电 当地时间`, `记者 魏玉坤`).
    let after_dateline = matches!(l, '电' | '讯');
    // Name lists after a credit: `记者 魏玉坤`, `（记者周圆 张辛欣）`: a credit word
    // among the last 7 chars (so text before them never matters).
    let tail: String = left[left.len().saturating_sub(7)..]
        .iter()
        .map(|a| a.ch)
        .collect();
    let credit = ["记者", "通讯员", "摄影"].iter().any(|w| tail.contains(w));
    let name_len = right.head.iter().take_while(|&&c| is_han(c)).count();
    let after_credit = credit && (2..=4).contains(&name_len);
    !prose || after_dateline || after_credit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::tape::{from_text, to_string};

    fn run(s: &str) -> String {
        let offsets = crate::model::utf8_offsets(s, 0);
        to_string(&tidy(from_text(s, &offsets), &mut Stats::default()))
    }

    #[test]
    fn letter_spacing_goes() {
        assert_eq!(
            run("内 ，大 力 发 展 群 众 家 门 口 的 生 活 服"),
            "内，大力发展群众家门口的生活服"
        );
        assert_eq!(run("用 5 年左右时间"), "用5年左右时间");
        assert_eq!(run("不低于 80%"), "不低于80%");
        assert_eq!(
            run("进出口 9.24 万亿元，同比增长 4.2%"),
            "进出口9.24万亿元，同比增长4.2%"
        );
        assert_eq!(
            run("2026 黄河流域跨境电商博览会"),
            "2026黄河流域跨境电商博览会"
        );
    }

    #[test]
    fn real_spaces_stay() {
        for s in [
            "GB 47372—2026",
            "新华社记者 邹多为 张晓洁",
            "强化战略引领 夯实贸易强国根基",
            "新华社记者 王全超 摄",
            "Group 1 - The core viewpoint is that Beijing",
        ] {
            assert_eq!(run(s), s);
        }
    }

    #[test]
    fn a_name_is_read_up_to_the_next_space_kept() {
        // The space after the name goes, so the "name" runs on into the text.
        assert_eq!(
            run("新华社记者 张晓洁 的的的的的的的的的的。"),
            "新华社记者张晓洁的的的的的的的的的的。"
        );
        assert_eq!(
            run("（记者 魏玉坤）国家统计局今日发布数据，居民消费价格同比上涨。"),
            "（记者 魏玉坤）国家统计局今日发布数据，居民消费价格同比上涨。"
        );
    }

    #[test]
    fn extraction_joins_in_prose_go() {
        assert_eq!(
            run("推进儿科医联体建设，到2027年，以地级市和县为单位，实现儿科医联体全 覆盖，与此同时，保障季节性疾病高发期儿科医疗服务。"),
            "推进儿科医联体建设，到2027年，以地级市和县为单位，实现儿科医联体全覆盖，与此同时，保障季节性疾病高发期儿科医疗服务。"
        );
    }
}
