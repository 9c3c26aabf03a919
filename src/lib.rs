//! reprint: find reprinted and overlapping articles in scraped or OCR'd Chinese news.
//!
//! Every stage is a library call that takes its input and an options struct
//! (no paths, formats or CLI flags) and returns the result model of
//! [`model`]; the `reprint` binary, the Python package and the Spark job are
//! front ends over these same calls. Every cleaned or merged char keeps the
//! source byte range it came from.
//!
//! # Clean a page
//!
//! ```
//! use reprint::{clean, CleanOptions, Source};
//!
//! let page = Source::from_utf8_text("p1", "p1.txt", "（上接第一版）今年全国两会期间,习近平总书记\n\n强调 用 5 年左右时间,实现儿科服务全 覆盖 ...\n");
//! let cleaned = clean(&page, &CleanOptions::default());
//! assert_eq!(cleaned.text, "今年全国两会期间，习近平总书记\n\n强调用5年左右时间，实现儿科服务全覆盖");
//! assert_eq!(cleaned.continuations.len(), 1); // the jump marker, recorded
//! assert!(cleaned.truncated); // the trailing ` ...`
//! // Each char of the text maps back to the bytes it came from.
//! let first = cleaned.map[0];
//! assert_eq!(&page.text[first[0] as usize..first[1] as usize], "今");
//! ```
//!
//! # Split pages into articles
//!
//! ```
//! use reprint::{split, CleanOptions, Source};
//!
//! let page = Source::from_utf8_text("p1", "p1.txt", &std::fs::read_to_string("samples/003_630f37cb81b2932f.txt").unwrap());
//! let articles = split(&[page], &CleanOptions::default());
//! assert!(articles.len() > 1);
//! assert!(articles.iter().all(|a| a.source == "p1.txt" && a.id.starts_with("p1#")));
//! ```
//!
//! # Stream a dump through clean or split
//!
//! A JSON Lines dump too large for memory is cleaned a batch at a time
//! ([`normalize::stream::clean_each`]) or split in two streamed passes
//! ([`segment::split_streamed`]), as `reprint clean` and `reprint split` do.
//!
//! ```
//! use reprint::input::{InputFormat, InputOptions};
//! use reprint::normalize::stream::clean_each;
//! use reprint::{segment::split_streamed, CleanOptions};
//!
//! let dir = std::env::temp_dir().join(format!("reprint-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let dump = dir.join("dump.jsonl");
//! std::fs::write(&dump, "{\"id\":\"a\",\"text\":\"今年 全国两会期间 ...\"}\n{\"id\":\"b\",\"text\":\"本报讯 昨日\"}\n").unwrap();
//! let paths = [dump.to_string_lossy().into_owned()];
//! let input = InputOptions { format: InputFormat::Jsonl, ..InputOptions::default() };
//! let opts = CleanOptions::default();
//! let mut texts = Vec::new();
//! let (loaded, laps) = clean_each(&paths, &input, &opts, false, |doc, _src| doc.text, |batch| {
//!     texts.extend(batch);
//!     true // keep going
//! });
//! assert!(loaded.errors.is_empty());
//! assert_eq!((texts.len(), laps.inputs), (2, 2));
//! // The same text as a whole-page clean gives.
//! let page = reprint::Source::from_utf8_text("a", "a", "今年 全国两会期间 ...");
//! assert_eq!(texts[0], reprint::clean(&page, &opts).text);
//! let mut articles = Vec::new();
//! let (_, stats) = split_streamed(&paths, &input, &opts, |batch| {
//!     articles.extend(batch);
//!     true
//! });
//! assert!(!articles.is_empty());
//! assert_eq!(stats.stages[0].name, "statistics");
//! std::fs::remove_dir_all(&dir).unwrap();
//! ```
//!
//! # Scan a corpus for copies
//!
//! ```
//! use reprint::{scan, Relation, ScanOptions, Source, Unit};
//!
//! let story = "新华社北京3月5日电 国务院总理在政府工作报告中提出，今年发展主要预期目标是：国内生产总值增长5%左右，城镇新增就业1200万人以上。";
//! let copy = format!("{}\n\n（责任编辑：王一）", story.replace("，", ","));
//! let other = "本报讯 昨日，市图书馆举办读书分享会，二百余名读者参加了活动，现场气氛热烈，大家交流了各自的阅读心得。";
//! let docs = [
//!     Source::from_utf8_text("a", "a.txt", story),
//!     Source::from_utf8_text("b", "b.txt", &copy),
//!     Source::from_utf8_text("c", "c.txt", other),
//! ];
//! let result = scan(&docs, &ScanOptions { unit: Unit::File, ..ScanOptions::default() });
//! assert_eq!(result.pairs.len(), 1);
//! assert_eq!((result.pairs[0].a.as_str(), result.pairs[0].b.as_str()), ("a", "b"));
//! assert_eq!(result.pairs[0].relation, Relation::Duplicate);
//! assert_eq!(result.clusters[0].members, ["a", "b"]);
//! ```
//!
//! # Merge the copies of each story
//!
//! ```
//! use reprint::{merge, Keep, ScanOptions, Source, Unit};
//!
//! let a = "国务院总理在政府工作报告中提出，今年发展主要预期目标是：国内生产总值增长5%左右，城镇新增就业1200万人以上。";
//! let b = "国务院总理在政府工作报告中提出，今年发展主要预期目标是：国内生产总值增长5%左右，城镇新増就业1200万人以上。";
//! let docs = [Source::from_utf8_text("a", "a.txt", a), Source::from_utf8_text("b", "b.txt", b)];
//! let merged = merge(&docs, &ScanOptions { unit: Unit::File, ..ScanOptions::default() }, Keep::Merged);
//! assert_eq!(merged.len(), 1); // one story
//! assert_eq!(merged[0].witnesses.len(), 2); // both copies accounted for
//! assert!(merged[0].text.contains("新增就业")); // the OCR slip outvoted
//! ```
//!
//! # Diff two texts
//!
//! ```
//! use reprint::{diff, CleanOptions, DiffOptions, Source, Text, VariantKind};
//!
//! let opts = CleanOptions::default();
//! let a = Text::cleaned(&Source::from_utf8_text("a", "a.txt", "今年将新增就业一千二百万人以上。"), &opts);
//! let b = Text::cleaned(&Source::from_utf8_text("b", "b.txt", "今年将新增就业一千一百万人以上。"), &opts);
//! let c = diff(a, b, &DiffOptions::default());
//! assert_eq!(c.report.variants.len(), 1);
//! assert_eq!(c.report.variants[0].kind, VariantKind::Replace);
//! // Variants are shown whole-word, with their source byte ranges.
//! assert_eq!((c.report.variants[0].a.as_str(), c.report.variants[0].b.as_str()), ("二百万", "一百万"));
//! ```
//!
//! # The stages, one module each
//!
//! 1. [`input`]: files, directories, stdin and JSON Lines records, decoded
//!    (UTF-8, UTF-16, GB18030/GBK, Big5) into [`model::Source`]s that remember
//!    the byte offset of every char; dumps can be streamed in batches.
//! 2. [`normalize`]: cleaning rules (markup, Unicode, variants, punctuation,
//!    spaces, line structure, continuation markers, web furniture), each
//!    editing one traced text.
//! 3. [`segment`]: pages into articles, layout fragments stitched together.
//! 4. [`scan`]: the engine behind scan, merge and report: [`scan::units`]
//!    (one builder of comparison units), [`scan::keys`] (fold, sample, store),
//!    [`scan::index`] (candidate pairs from shared n-grams), [`scan::verify`]
//!    (alignment of a pair), [`scan::cluster`] (relations and clusters) and
//!    [`scan::template`] (one form filled in twice).
//! 5. [`merge`]: the copies of one story merged into one text, every char traced
//!    ([`merge::merge_stream`] does a whole dump of files or records in memory
//!    that grows with its clusters, as `reprint merge --unit file` and JSON Lines do);
//!    [`diff`]: how two cleaned texts differ; [`report`]: a run's clusters,
//!    overlaps and templates with their diffs.
//! 6. [`render`]: formatting of the model only (text, JSON, JSON Lines, unified diff, HTML).
//! 7. [`commands`]: one per subcommand: load, call the engine, render, write.
//!
//! [`chars`] holds the character classes every stage shares; [`output`]
//! writes files atomically and cleans up on Ctrl-C; [`progress`] draws the
//! long stages' bars on a terminal.
pub mod chars;
pub mod commands;
pub mod diff;
pub mod error;
pub mod hash;
pub mod input;
pub mod merge;
pub mod model;
pub mod normalize;
pub mod output;
pub mod progress;
pub mod render;
pub mod report;
pub mod scan;
pub mod segment;
pub mod spill;

pub use diff::{DiffOptions, Text};
pub use model::diff::{Comparison, VariantKind};
pub use model::merge::Keep;
pub use model::{Article, Cleaned, MergedDocument, Relation, ScanResult, Source};
pub use normalize::{clean, CleanOptions};
pub use scan::{ScanOptions, Unit};

/// Pages into articles, in input order (as `reprint split`): each page
/// cleaned, cut at its headlines, and pieces of one story stitched together
/// across the pages given.
pub fn split(pages: &[Source], opts: &CleanOptions) -> Vec<Article> {
    segment::articles(pages, opts)
        .into_iter()
        .flatten()
        .collect()
}

/// Copies, containment and shared passages among the units of `sources` (as
/// `reprint scan`). Deterministic: the same result for any thread count and
/// input order.
pub fn scan(sources: &[Source], opts: &ScanOptions) -> ScanResult {
    scan::scan_sources(sources, opts)
}

/// One document per story (as `reprint merge`): the copies of each cluster
/// merged (or the one `keep` names), every other unit cleaned as it is, in
/// the input order of each document's first unit.
pub fn merge(sources: &[Source], opts: &ScanOptions, keep: Keep) -> Vec<MergedDocument> {
    let texts = scan::units::unit_texts(sources, opts);
    merge::merge_units(sources, &texts, opts, keep)
}

/// How `b` differs from `a` (as `reprint diff`), as variants with source offsets.
pub fn diff(a: Text, b: Text, opts: &DiffOptions) -> Comparison {
    diff::compare(a, b, opts)
}
