//! Spaces: letter-spacing and extraction joins removed, real separators (names, headline halves, Latin) kept.

use super::tape::{is_cjk_punct, is_han, Atom, Tape};
use super::Stats;

/// Credit words that stand apart after a name (`新华社记者 王全超 摄`).
const CREDIT_TAILS: &[&str] = &["摄", "文", "图", "制图", "报道", "整理", "编译"];

pub fn tidy(tape: Tape, stats: &mut Stats) -> Tape {
    let mut out = Vec::with_capacity(tape.len());
    let mut start = 0;
    while start <= tape.len() {
        let end = tape[start..]
            .iter()
            .position(|a| a.ch == '\n')
            .map_or(tape.len(), |p| start + p);
        tidy_line(&tape[start..end], &mut out, stats);
        if end < tape.len() {
            out.push(tape[end]);
        }
        start = end + 1;
    }
    out
}

fn digit_like(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '%' | '‰' | '℃')
}

fn tidy_line(line: &[Atom], out: &mut Vec<Atom>, stats: &mut Stats) {
    if !line.iter().any(|a| a.ch == ' ') {
        out.extend_from_slice(line);
        return;
    }
    let han = line.iter().filter(|a| is_han(a.ch)).count();
    let latin = line.iter().filter(|a| a.ch.is_ascii_alphabetic()).count();
    let prose = line.len() >= 20 && line.iter().any(|a| matches!(a.ch, '，' | '。'));
    let mut i = 0;
    while i < line.len() {
        if line[i].ch != ' ' {
            out.push(line[i]);
            i += 1;
            continue;
        }
        let run_end = line[i..]
            .iter()
            .position(|a| a.ch != ' ')
            .map_or(line.len(), |p| i + p);
        let keep = match (
            i.checked_sub(1).map(|j| line[j].ch),
            line.get(run_end).map(|a| a.ch),
        ) {
            (Some(l), Some(r)) => keep_space(line, i, run_end, l, r, prose, latin > han),
            _ => false,
        };
        if keep {
            out.push(line[i]);
            if run_end - i > 1 {
                stats.add("spaces", 1);
            }
        } else {
            stats.add("spaces", 1);
        }
        i = run_end;
    }
}

fn token(line: &[Atom], from: usize, to: usize) -> String {
    line[from..to].iter().map(|a| a.ch).collect()
}

fn keep_space(
    line: &[Atom],
    s: usize,
    e: usize,
    l: char,
    r: char,
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
    let left_start = line[..s]
        .iter()
        .rposition(|a| a.ch == ' ')
        .map_or(0, |p| p + 1);
    let right_end = line[e..]
        .iter()
        .position(|a| a.ch == ' ')
        .map_or(line.len(), |p| e + p);
    let left = token(line, left_start, s);
    let right = token(line, e, right_end);
    if CREDIT_TAILS.contains(&right.as_str()) {
        return true;
    }
    let single = |t: &str| t.chars().count() == 1;
    if single(&left) || single(&right) {
        return false; // letter-spaced: 大 力 发 展
    }
    // Inside running prose a space between Han chars is an extraction join
    // (`全 覆盖`), except after a dateline or a credit (`…日电 当地时间`, `记者 魏玉坤`).
    let after_dateline = left.ends_with('电') || left.ends_with('讯');
    // Name lists after a credit: `记者 魏玉坤`, `（记者周圆 张辛欣）`.
    let credit_at = left
        .rfind("记者")
        .or_else(|| left.rfind("通讯员"))
        .or_else(|| left.rfind("摄影"));
    let name_len = right.chars().take_while(|&c| is_han(c)).count();
    let after_credit =
        credit_at.is_some_and(|at| left[at..].chars().count() <= 7) && (2..=4).contains(&name_len);
    !prose || after_dateline || after_credit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::tape::{from_text, to_string};

    fn run(s: &str) -> String {
        let offsets = crate::normalize::tape::utf8_offsets(s);
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
    fn extraction_joins_in_prose_go() {
        assert_eq!(
            run("推进儿科医联体建设，到2027年，以地级市和县为单位，实现儿科医联体全 覆盖，与此同时，保障季节性疾病高发期儿科医疗服务。"),
            "推进儿科医联体建设，到2027年，以地级市和县为单位，实现儿科医联体全覆盖，与此同时，保障季节性疾病高发期儿科医疗服务。"
        );
    }
}
