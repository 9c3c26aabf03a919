//! `split` on newspaper pages it has never seen. tests/fixtures/layout is made by
//! `bench/gen_layout.py --articles bench/layout_articles.jsonl --extra bench/layout_stories.jsonl
//! --out tests/fixtures/layout --pages 12 --seed 23 --layout mixed --max-chars 700`: twelve pages,
//! every other one a jump across pages with continuation markers, the rest cut stories continued
//! on the same page without markers. They are scored as bench/eval_layout.py scores them, and the
//! scores must not fall below the floors: raise them as stitching improves.

use crate::harness::{fixture, reprint, tempdir};
use regex::Regex;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// Scores on the fixture at the commit that raised them last (run-wide jump joins,
/// orphan starts to open ends, headings judged by topic): pages exact, stories exact,
/// right joins, wrong joins at most, true joins made, headlines.
const FLOOR: Score = Score {
    pages: 7,
    stories: 31,
    right: 10,
    wrong: 3,
    found: 10,
    headlines: 37,
};

fn dir() -> PathBuf {
    fixture("layout")
}

fn jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Han chars, ASCII letters (lowercased) and digits after NFKC: layout_common.fold.
fn fold(s: &str) -> String {
    s.nfkc()
        .filter(|&c| is_han(c) || c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// An article body's comparison key: layout_common.key (`fold` without a leading dateline).
fn key(text: &str) -> String {
    let agency = "(?:新华社|中新社|中新网|本报|人民网|央视网|央广网|光明网|人民日报|经济日报|光明日报|央视新闻|中国日报)";
    let re = Regex::new(&format!(
        r"^\s*(?:(?:据)?{agency}(?:[\x{{4e00}}-\x{{9fff}}]{{1,8}}?)?\d{{1,2}}月\d{{1,2}}日(?:电|讯)(?:\s*\((?:记者|通讯员)[^)]{{1,24}}\))?|本报讯(?:\s*\(记者[^)]{{1,24}}\))?)"
    ))
    .unwrap();
    let s: String = text.nfkc().collect();
    let rest = re.find(&s).map_or(&s[..], |m| &s[m.end()..]);
    fold(rest)
}

/// (file name, start, end) of each piece: `[start, end]` in `source`, or a piece naming its file.
fn spans(a: &Value) -> Vec<(String, u64, u64)> {
    let name = |v: &Value| {
        Path::new(v.as_str().unwrap_or(""))
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let sources = a["sources"].as_array();
    let mut out = Vec::new();
    for (i, p) in a["pieces"].as_array().into_iter().flatten().enumerate() {
        let mut file = sources
            .and_then(|s| s.get(i))
            .unwrap_or(&a["source"])
            .clone();
        let (s, e) = if p.is_object() {
            if let Some(f) = p.get("source").or(p.get("file")) {
                file = f.clone();
            }
            (p["start"].as_u64(), p["end"].as_u64())
        } else {
            let v = p.as_array().unwrap();
            match v.iter().position(|x| x.is_string()) {
                Some(at) => {
                    file = v[at].clone();
                    let nums: Vec<u64> = v.iter().filter_map(|x| x.as_u64()).collect();
                    (nums.first().copied(), nums.get(1).copied())
                }
                None => (v[0].as_u64(), v[1].as_u64()),
            }
        };
        out.push((name(&file), s.unwrap(), e.unwrap()));
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Score {
    pages: usize,
    stories: usize,
    /// Joins made that continue the story.
    right: usize,
    /// Joins made between pieces that do not follow each other.
    wrong: usize,
    /// True joins made.
    found: usize,
    headlines: usize,
}

struct Truth {
    stories: Vec<Value>,
    pages: Vec<Value>,
    joins: usize,
}

fn truth() -> Truth {
    let stories = jsonl(&dir().join("truth.jsonl"));
    let joins = stories
        .iter()
        .map(|t| t["joins"].as_array().unwrap().len())
        .sum();
    Truth {
        stories,
        pages: jsonl(&dir().join("pages.jsonl")),
        joins,
    }
}

fn score(truth: &Truth, articles: &[Value]) -> Score {
    // file -> (start, end, story, k) of every true body piece
    let mut by_file: HashMap<String, Vec<(u64, u64, usize, usize)>> = HashMap::new();
    for (n, t) in truth.stories.iter().enumerate() {
        for (k, p) in t["pieces"].as_array().unwrap().iter().enumerate() {
            let f = p[0].as_str().unwrap().to_string();
            by_file.entry(f).or_default().push((
                p[1].as_u64().unwrap(),
                p[2].as_u64().unwrap(),
                n,
                k,
            ));
        }
    }
    let overlap = |a: (u64, u64), b: (u64, u64)| a.1.min(b.1) as i64 - a.0.max(b.0) as i64;
    let (mut right, mut wrong) = (0, 0);
    let mut found: HashSet<(usize, usize)> = HashSet::new();
    let mut holder: HashMap<(usize, usize), (i64, usize)> = HashMap::new();
    for (an, a) in articles.iter().enumerate() {
        let mut seq: Vec<(usize, usize)> = Vec::new();
        for (f, s, e) in spans(a) {
            let mut hits: Vec<_> = by_file
                .get(&f)
                .into_iter()
                .flatten()
                .filter(|h| overlap((s, e), (h.0, h.1)) >= 3)
                .collect();
            hits.sort();
            for h in hits {
                let ov = overlap((s, e), (h.0, h.1));
                if holder.get(&(h.2, h.3)).is_none_or(|&(best, _)| ov > best) {
                    holder.insert((h.2, h.3), (ov, an));
                }
                if seq.last() != Some(&(h.2, h.3)) {
                    seq.push((h.2, h.3));
                }
            }
        }
        for w in seq.windows(2) {
            if w[1] == (w[0].0, w[0].1 + 1) {
                right += 1;
                found.insert(w[0]);
            } else {
                wrong += 1;
            }
        }
    }
    let keys: Vec<String> = articles
        .iter()
        .map(|a| key(a["text"].as_str().unwrap_or("")))
        .collect();
    let index: HashMap<&str, usize> = truth
        .stories
        .iter()
        .enumerate()
        .map(|(n, t)| (t["id"].as_str().unwrap(), n))
        .collect();
    let (mut pages, mut stories, mut headlines) = (0, 0, 0);
    for page in &truth.pages {
        let files: HashSet<&str> = page["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        let sts: Vec<&Value> = page["stories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| &truth.stories[index[s.as_str().unwrap()]])
            .collect();
        let exact = sts
            .iter()
            .filter(|t| keys.contains(&key(t["text"].as_str().unwrap())))
            .count();
        stories += exact;
        let with_text = (0..articles.len())
            .filter(|&n| {
                !keys[n].is_empty()
                    && spans(&articles[n])
                        .iter()
                        .any(|(f, _, _)| files.contains(f.as_str()))
            })
            .count();
        pages += usize::from(exact == sts.len() && with_text == sts.len());
        for t in &sts {
            let art = holder
                .get(&(index[t["id"].as_str().unwrap()], 0))
                .map(|&(_, n)| &articles[n]);
            let got = fold(art.and_then(|a| a["title"].as_str()).unwrap_or(""));
            headlines += usize::from(match t["title"].as_str() {
                None => got.is_empty(),
                Some(title) => {
                    got == fold(title)
                        || got == fold(t["kicker"].as_str().unwrap_or("")) + &fold(title)
                }
            });
        }
    }
    Score {
        pages,
        stories,
        right,
        wrong,
        found: found.len(),
        headlines,
    }
}

fn split_fixture() -> Vec<Value> {
    let out = reprint()
        .args(["split", "--format", "jsonl"])
        .arg(dir().join("pages"))
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The fixture is what the generator promised: each story's pieces hold its text, nothing else.
#[test]
fn truth_pieces_hold_the_story_text() {
    let t = truth();
    assert_eq!((t.pages.len(), t.stories.len(), t.joins), (12, 40, 13));
    for s in &t.stories {
        let mut printed = Vec::new();
        for p in s["pieces"].as_array().unwrap() {
            let raw = std::fs::read(dir().join("pages").join(p[0].as_str().unwrap())).unwrap();
            printed.extend_from_slice(
                &raw[p[1].as_u64().unwrap() as usize..p[2].as_u64().unwrap() as usize],
            );
        }
        let printed = String::from_utf8(printed).unwrap();
        assert_eq!(
            fold(&printed),
            fold(s["text"].as_str().unwrap()),
            "{}",
            s["id"]
        );
    }
}

/// The metric itself: the truth read back as split's articles (pieces naming their files, as a
/// stitch across files must) scores perfectly, and the same articles in reverse piece order make
/// no right join.
#[test]
fn the_truth_scores_perfectly() {
    let t = truth();
    let articles = |reverse: bool| -> Vec<Value> {
        t.stories
            .iter()
            .map(|s| {
                let mut pieces: Vec<Value> = s["pieces"].as_array().unwrap().clone();
                if reverse {
                    pieces.reverse();
                }
                json!({"source": pieces[0][0], "title": s["title"], "text": s["text"], "pieces": pieces})
            })
            .collect()
    };
    let all = Score {
        pages: 12,
        stories: 40,
        right: 13,
        wrong: 0,
        found: 13,
        headlines: 40,
    };
    assert_eq!(score(&t, &articles(false)), all);
    let reversed = score(&t, &articles(true));
    assert_eq!((reversed.right, reversed.wrong, reversed.found), (0, 13, 0));
}

#[test]
fn unseen_layouts_do_not_regress() {
    let t = truth();
    let s = score(&t, &split_fixture());
    println!(
        "layout fixture: pages exact {}/{}, stories exact {}/{}, joins right {} wrong {} \
         (precision {:.1} %), true joins made {}/{} (recall {:.1} %), headlines {}/{}",
        s.pages,
        t.pages.len(),
        s.stories,
        t.stories.len(),
        s.right,
        s.wrong,
        100.0 * s.right as f64 / (s.right + s.wrong).max(1) as f64,
        s.found,
        t.joins,
        100.0 * s.found as f64 / t.joins as f64,
        s.headlines,
        t.stories.len()
    );
    assert!(
        s.pages >= FLOOR.pages,
        "pages stitched exactly: {s:?} < {FLOOR:?}"
    );
    assert!(
        s.stories >= FLOOR.stories,
        "stories exact: {s:?} < {FLOOR:?}"
    );
    assert!(
        s.right >= FLOOR.right && s.found >= FLOOR.found,
        "right joins: {s:?} < {FLOOR:?}"
    );
    assert!(
        s.wrong <= FLOOR.wrong,
        "more wrong joins: {s:?} > {FLOOR:?}"
    );
    assert!(
        s.headlines >= FLOOR.headlines,
        "headlines: {s:?} < {FLOOR:?}"
    );
}

/// A story that jumps from page 1 to page 4 of one edition, in two files, comes out
/// as one article whose pieces name their files; a jump to a page not in the run
/// is kept as `continues_to`.
#[test]
fn jumps_across_files_of_one_edition_are_joined() {
    let dir = tempdir();
    let p1 = "政务服务提速增效\n\n本报北京6月5日电 国务院办公厅近日印发指导意见，要求强化部门协同和数据共享，优化业务流程，打通业务链条，让群众办事更（下转第4版）\n\n城市书房遍布街巷\n\n本报讯 今年以来，我市新建城市书房二十座，市民步行十五分钟即可到达。书房提供借阅、自习和亲子阅读服务，开放时间延长到晚上十点。（下转第9版）\n";
    let p4 = "第4版：要闻\n\n（上接第1版）加便捷。同时，要推动线上线下深度融合，做到线下“只进一门”、线上“一网通办”，不断提升政务服务标准化、规范化、便利化水平。\n\n夏粮收购开局平稳\n\n本报讯 记者从国家粮食和物资储备局获悉，各地夏粮收购工作有序展开，收购进度快于去年同期，市场价格总体稳定。\n";
    std::fs::write(dir.path().join("0605_p1.txt"), p1).unwrap();
    std::fs::write(dir.path().join("0605_p4.txt"), p4).unwrap();
    let o = reprint()
        .args(["split", "--format", "jsonl"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let arts: Vec<Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let joined = arts
        .iter()
        .find(|a| {
            a["text"]
                .as_str()
                .unwrap()
                .contains("让群众办事更加便捷。同时")
        })
        .unwrap_or_else(|| panic!("no joined article in {arts:?}"));
    assert_eq!(joined["title"], json!("政务服务提速增效"));
    assert_eq!(joined["continued"], json!(false));
    let sources: Vec<String> = joined["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            Path::new(s.as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(sources, ["0605_p1.txt", "0605_p4.txt"]);
    assert_eq!(joined["pieces"].as_array().unwrap().len(), 2);
    let books = arts
        .iter()
        .find(|a| a["title"] == json!("城市书房遍布街巷"))
        .unwrap();
    assert_eq!(books["continues_to"], json!("9"));
    assert!(books.get("sources").is_none());
    assert_eq!(arts.len(), 3, "{arts:?}");
}
