//! Datelines (`新华社北京6月9日电`) and bylines (`新华社记者 叶书宏`, `（记者 魏玉坤）`) recognized and recorded.

use super::tape::{lines, span_of, LineText, Tape};
use crate::model::Found;
use regex::Regex;
use std::sync::OnceLock;

const AGENCY: &str = r"(?:新华社|中新社|中新网|本报|人民网|央视网|央广网|光明网|人民日报|经济日报|光明日报|央视新闻|中国日报)";

struct Patterns {
    dateline: Regex,
    byline: Vec<Regex>,
}

fn patterns() -> &'static Patterns {
    static RE: OnceLock<Patterns> = OnceLock::new();
    RE.get_or_init(|| Patterns {
        dateline: Regex::new(&format!(
            r"(?:据)?{AGENCY}(?:\p{{Han}}{{1,8}}?)?\d{{1,2}}月\d{{1,2}}日(?:电|讯)(?:\s*[（(](?:记者|通讯员)[^）)]{{1,24}}[）)])?|本报讯(?:\s*[（(]记者[^）)]{{1,24}}[）)])?"
        ))
        .unwrap(),
        byline: vec![
            // A credit line: `□新华社记者 叶书宏`, `新华社记者 邹多为 张晓洁`, `新华社记者 王全超 摄`
            Regex::new(&format!(
                r"^[□■]?\s*{AGENCY}?(?:特约|实习)?(?:记者|通讯员)\s*(?:\p{{Han}}{{2,4}}(?:\s+|、))*\p{{Han}}{{2,4}}(?:\s*摄)?$"
            ))
            .unwrap(),
            // In brackets anywhere: `（记者 魏玉坤）`, `(记者周圆 张辛欣)`
            Regex::new(r"[（(](?:本报)?(?:记者|通讯员)\s*(?:\p{Han}{2,4}(?:\s+|、))*\p{Han}{2,4}[）)]").unwrap(),
            // Closing a paragraph: `…力量。新华社记者` and photo credits `新华社记者 王全超 摄`
            Regex::new(&format!(r"{AGENCY}记者(?:\s*\p{{Han}}{{2,4}})*\s*摄|[。！？]\s*({AGENCY}记者)(?:[（(]|$)")).unwrap(),
            // Graphics and web credits: `新华社发(宋博制图)`, `作者 | 第一财经 吴斯旻`, `转自:成都日报锦观`
            Regex::new(&format!(r"{AGENCY}发\s*[（(][^）)]{{1,16}}[）)]")).unwrap(),
            Regex::new(r"(?:作者|转自|文)\s*[|｜:：]\s*[^|｜\s]{1,16}(?:\s[^|｜\s]{2,4})?").unwrap(),
        ],
    })
}

/// Find datelines and bylines in cleaned text; nothing is removed.
pub fn find(tape: &Tape, datelines: &mut Vec<Found>, bylines: &mut Vec<Found>) {
    let re = patterns();
    for line in lines(tape) {
        if line.is_empty() {
            continue;
        }
        let lt = LineText::new(line);
        let push = |list: &mut Vec<Found>, s: usize, e: usize| {
            let (s, e) = (lt.char_at(s), lt.char_at(e));
            list.push(Found {
                text: line[s..e].iter().map(|a| a.ch).collect(),
                span: span_of(&line[s..e]),
            });
        };
        for m in re.dateline.find_iter(&lt.text) {
            push(datelines, m.start(), m.end());
        }
        for r in &re.byline {
            for caps in r.captures_iter(&lt.text) {
                let m = caps.get(1).unwrap_or_else(|| caps.get(0).unwrap());
                push(bylines, m.start(), m.end());
            }
        }
    }
    datelines.sort_by_key(|f| f.span);
    bylines.sort_by_key(|f| f.span);
    bylines.dedup_by(|a, b| a.span[0] < b.span[1] && b.span[0] < a.span[1]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::tape::from_text;

    fn run(s: &str) -> (Vec<String>, Vec<String>) {
        let offsets: Vec<u32> = s
            .char_indices()
            .map(|(i, _)| i as u32)
            .chain([s.len() as u32])
            .collect();
        let (mut d, mut b) = (Vec::new(), Vec::new());
        find(&from_text(s, &offsets), &mut d, &mut b);
        (
            d.into_iter().map(|f| f.text).collect(),
            b.into_iter().map(|f| f.text).collect(),
        )
    }

    #[test]
    fn datelines() {
        assert_eq!(run("新华社北京6月9日电 当地时间").0, ["新华社北京6月9日电"]);
        assert_eq!(run("据新华社北京6月2日电（记者李恒）国务院").0, ["据新华社北京6月2日电（记者李恒）"]);
        assert_eq!(run("魏国学说。新华社北京6月9日电（记者 魏玉坤）").0, ["新华社北京6月9日电（记者 魏玉坤）"]);
        assert_eq!(run("（新华社北京4月2日电）").0, ["新华社北京4月2日电"]);
        assert!(run("6月9日，记者从海关总署获悉").0.is_empty());
    }

    #[test]
    fn bylines() {
        assert_eq!(run("□新华社记者 叶书宏").1, ["□新华社记者 叶书宏"]);
        assert_eq!(run("新华社记者 邹多为 张晓洁").1, ["新华社记者 邹多为 张晓洁"]);
        assert_eq!(run("新华社记者 王全超 摄").1, ["新华社记者 王全超 摄"]);
        assert_eq!(run("新华社发（宋博制图）").1, ["新华社发（宋博制图）"]);
        assert_eq!(run("信心力量。新华社记者（新华社北京6月2日电）").1, ["新华社记者"]);
        assert!(run("记者采访有关专家，梳理这一首次亮相法律草案的重要看点。").1.is_empty());
    }
}
