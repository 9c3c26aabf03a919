//! Which printed page a stretch of a file is: from the file's name (`000_p4.txt`, `A04.txt`) or a page header line inside it (`第15版：综合新闻`).

use crate::model::Cleaned;
use crate::model::RemovalKind;
use crate::normalize::markers::normalize_page;
use regex::Regex;
use std::sync::OnceLock;

/// The edition a file belongs to and its page label: `2025-06-09_p4.txt` →
/// (`dir/2025-06-09`, `4`). A name without a page label is an edition of its own.
pub fn of_file(path: &str) -> (String, Option<String>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        // `_p4`, `-A04`, `_04`, `p12` at the end of the stem; the separator keeps `2025` whole.
        Regex::new(r"^(.*?)(?:[_\-. ]|^)(?:[pP]|page|第)?([A-Za-z]?\d{1,3})(?:版)?$").unwrap()
    });
    let p = std::path::Path::new(path);
    let stem = p
        .file_stem()
        .map_or(String::new(), |s| s.to_string_lossy().into_owned());
    let dir = p
        .parent()
        .map_or(String::new(), |d| d.to_string_lossy().into_owned());
    match re.captures(&stem) {
        Some(c) if !c[1].is_empty() => (format!("{dir}/{}", &c[1]), Some(normalize_page(&c[2]))),
        // `page4`, `p4`, `第4版` name a page of the directory's edition; `004` alone may be any number.
        Some(c) if stem.len() > c[2].len() => (dir, Some(normalize_page(&c[2]))),
        _ => (format!("{dir}/{stem}"), None),
    }
}

/// Page headers the cleaner removed (`第15版：综合新闻`, `A4版 要闻`,
/// `人民日报 2025年6月9日 第4版`): (source offset, page label), in page order.
pub fn headers(cleaned: &Cleaned) -> Vec<(u32, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?:^|第|\s)\s*([A-Za-z]?\d{1,3}|[一二三四五六七八九十]{1,3})\s*版").unwrap()
    });
    let mut out: Vec<(u32, String)> = cleaned
        .removed
        .iter()
        .filter(|r| matches!(r.kind, RemovalKind::Navigation | RemovalKind::SourceLine))
        .filter(|r| r.text.chars().count() <= 40)
        .filter_map(|r| {
            let c = re.captures(&r.text)?;
            Some((r.span[0], normalize_page(&c[1])))
        })
        .collect();
    out.sort();
    out
}

/// The page printed at `offset`: the last header before it, else the file's label.
pub fn at(headers: &[(u32, String)], file_label: Option<&String>, offset: u32) -> Option<String> {
    let k = headers.partition_point(|h| h.0 <= offset);
    if k > 0 {
        Some(headers[k - 1].1.clone())
    } else {
        file_label.cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_labels_from_file_names() {
        assert_eq!(
            of_file("run/000_p4.txt"),
            ("run/000".into(), Some("4".into()))
        );
        assert_eq!(
            of_file("run/001_pA11.txt"),
            ("run/001".into(), Some("A11".into()))
        );
        assert_eq!(
            of_file("x/2025-06-09-A04.txt"),
            ("x/2025-06-09".into(), Some("A4".into()))
        );
        assert_eq!(of_file("x/000.txt"), ("x/000".into(), None));
        assert_eq!(of_file("x/page4.txt"), ("x".into(), Some("4".into())));
        assert_eq!(
            of_file("001_0ed2445f5550d6ea.txt"),
            ("/001_0ed2445f5550d6ea".into(), None)
        );
    }
}
