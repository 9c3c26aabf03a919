//! Datelines (`新华社北京6月9日电`) and bylines (`新华社记者 叶书宏`, `（记者 魏玉坤）`) recognized and recorded.

use super::tape::{lines, span_of, Atom, LineText, Tape};
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
        let need = Needs::of(line);
        if !need.any() {
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
        if need.dateline {
            for m in re.dateline.find_iter(&lt.text) {
                push(datelines, m.start(), m.end());
            }
        }
        for (r, wanted) in re.byline.iter().zip(need.bylines) {
            if !wanted {
                continue;
            }
            // Captures cost a second search: only the pattern with a group needs them.
            if r.captures_len() == 1 {
                for m in r.find_iter(&lt.text) {
                    push(bylines, m.start(), m.end());
                }
                continue;
            }
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

/// Which patterns a line can match, from chars each one cannot match without:
/// most lines of a page hold none of them, and running every regex on every
/// line was a sixth of the cleaning time.
struct Needs {
    dateline: bool,
    /// One per [`Patterns::byline`], in order.
    bylines: [bool; 5],
}

impl Needs {
    fn of(line: &[Atom]) -> Needs {
        let (mut reporter, mut ji, mut agency, mut date, mut fa) =
            (false, false, false, false, false);
        let (mut credit, mut bar) = (false, false);
        let mut prev = '\0';
        for a in line {
            match (prev, a.ch) {
                ('记', '者') => (reporter, ji) = (true, true),
                ('通', '讯') => reporter = true,
                // `…日电`, `…日讯`, `本报讯`.
                ('日' | '报', '电' | '讯') => date = true,
                // An agency's name (each in AGENCY ends in 社, 网, 报 or 闻) before `发`.
                ('社' | '网' | '报' | '闻', '发') => fa = true,
                _ => {}
            }
            match a.ch {
                '社' | '网' | '报' | '闻' => agency = true,
                '作' | '转' | '文' => credit = true,
                '|' | '｜' | ':' | '：' => bar = true,
                _ => {}
            }
            prev = a.ch;
        }
        Needs {
            dateline: agency && date,
            bylines: [reporter, reporter, ji && agency, fa, credit && bar],
        }
    }

    fn any(&self) -> bool {
        self.dateline || self.bylines.iter().any(|&b| b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::tape::from_text;

    fn run(s: &str) -> (Vec<String>, Vec<String>) {
        let offsets = crate::model::utf8_offsets(s, 0);
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
        assert_eq!(
            run("据新华社北京6月2日电（记者李恒）国务院").0,
            ["据新华社北京6月2日电（记者李恒）"]
        );
        assert_eq!(
            run("魏国学说。新华社北京6月9日电（记者 魏玉坤）").0,
            ["新华社北京6月9日电（记者 魏玉坤）"]
        );
        assert_eq!(run("（新华社北京4月2日电）").0, ["新华社北京4月2日电"]);
        assert!(run("6月9日，记者从海关总署获悉").0.is_empty());
    }

    #[test]
    fn bylines() {
        assert_eq!(run("□新华社记者 叶书宏").1, ["□新华社记者 叶书宏"]);
        assert_eq!(
            run("新华社记者 邹多为 张晓洁").1,
            ["新华社记者 邹多为 张晓洁"]
        );
        assert_eq!(run("新华社记者 王全超 摄").1, ["新华社记者 王全超 摄"]);
        assert_eq!(run("新华社发（宋博制图）").1, ["新华社发（宋博制图）"]);
        assert_eq!(
            run("信心力量。新华社记者（新华社北京6月2日电）").1,
            ["新华社记者"]
        );
        assert!(
            run("记者采访有关专家，梳理这一首次亮相法律草案的重要看点。")
                .1
                .is_empty()
        );
    }
}

/// The whole paragraph is a dateline (`新华社北京6月9日电`, `（新华社北京4月2日电）`).
pub fn is_dateline(p: &str) -> bool {
    let inner = p
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    patterns()
        .dateline
        .find(inner)
        .is_some_and(|m| m.start() == 0 && m.end() == inner.len())
        || patterns()
            .dateline
            .find(p)
            .is_some_and(|m| m.start() == 0 && m.end() == p.len())
}

/// The whole paragraph is a byline or credit line (`新华社记者 叶书宏`, `新华社发（宋博制图）`).
pub fn is_byline(p: &str) -> bool {
    p.chars().count() <= 40
        && patterns().byline.iter().any(|r| {
            r.find(p)
                .is_some_and(|m| m.start() == 0 && m.end() == p.len())
        })
}

/// Byte offset where a dateline opening the paragraph ends (`据新华社北京6月2日电（记者李恒）…`).
pub fn leading_dateline(p: &str) -> Option<usize> {
    patterns()
        .dateline
        .find(p)
        .filter(|m| m.start() == 0)
        .map(|m| m.end())
}

/// Byte offset where credits closing the paragraph begin:
/// `…力量。新华社记者（新华社北京6月2日电）`, `…魏国学说。新华社北京6月9日电（记者 魏玉坤）`.
pub fn trailing_credit(p: &str) -> Option<usize> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(&format!(
            r"[。！？”]\s*((?:{AGENCY}(?:特约)?记者(?:\s*\p{{Han}}{{2,4}})*\s*)?[（(]?(?:据)?{AGENCY}\p{{Han}}{{0,8}}?\d{{1,2}}月\d{{1,2}}日电[）)]?(?:\s*[（(](?:记者|通讯员)[^）)]{{1,24}}[）)])?|{AGENCY}(?:特约)?记者(?:\s*\p{{Han}}{{2,4}})*)$"
        ))
        .unwrap()
    });
    re.captures(p).and_then(|c| c.get(1)).map(|m| m.start())
}

#[cfg(test)]
mod paragraph_tests {
    use super::*;

    #[test]
    fn whole_paragraph_credits() {
        assert!(is_dateline("新华社北京6月9日电"));
        assert!(is_dateline("（新华社北京4月2日电）"));
        assert!(is_dateline("(新华社北京4月2日电)"));
        assert!(!is_dateline("新华社北京6月9日电 当地时间9日"));
        assert!(is_byline("新华社记者 叶书宏"));
        assert!(is_byline("□新华社记者 叶书宏"));
        assert!(is_byline("新华社发（宋博制图）"));
        assert!(!is_byline("记者采访有关专家"));
    }

    #[test]
    fn credits_at_the_edges() {
        assert_eq!(
            leading_dateline("据新华社北京6月2日电（记者李恒）国务院"),
            Some("据新华社北京6月2日电（记者李恒）".len())
        );
        let p = "注入更强的信心力量。新华社记者（新华社北京6月2日电）";
        assert_eq!(
            &p[trailing_credit(p).unwrap()..],
            "新华社记者（新华社北京6月2日电）"
        );
        let p = "魏国学说。新华社北京6月9日电（记者 魏玉坤）";
        assert_eq!(
            &p[trailing_credit(p).unwrap()..],
            "新华社北京6月9日电（记者 魏玉坤）"
        );
        assert_eq!(trailing_credit("一个普通的句子。"), None);
    }
}

/// The dateline inside a credit string, if any.
pub fn find_dateline(s: &str) -> Option<String> {
    patterns().dateline.find(s).map(|m| m.as_str().to_string())
}
