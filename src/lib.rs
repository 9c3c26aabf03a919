//! reprint: find reprinted and overlapping articles in scraped or OCR'd Chinese news.
//!
//! The pipeline, one module a stage:
//!
//! 1. [`input`]: files, directories, stdin and JSON Lines records, decoded
//!    (UTF-8, UTF-16, GB18030/GBK, Big5) into [`model::Source`]s that remember
//!    the byte offset of every char; dumps can be streamed in batches.
//! 2. [`normalize`]: cleaning rules (Unicode, variants, punctuation, spaces,
//!    line structure, continuation markers, web furniture) that keep a map from
//!    every output char back to its source bytes.
//! 3. [`segment`]: pages into articles, layout fragments stitched together.
//! 4. [`fingerprint`]: comparison keys (folded Han chars and digits with their
//!    source spans) and their n-gram hashes.
//! 5. [`candidates`]: a sampled, sorted n-gram index that proposes pairs and
//!    knows the stock phrases.
//! 6. [`align`]: a pair's shared passages, robust to OCR errors and moved paragraphs.
//! 7. [`cluster`]: relations by coverage, and clusters of copies;
//!    [`template`]: copies by coverage that are one form filled in twice.
//! 8. [`merge`]: the copies of one story merged into one text, every char traced.
//! 9. [`diff`]: how two cleaned texts differ, as variants with source offsets.
//! 10. [`render`]: formatting only (text, JSON, JSON Lines, unified diff, HTML).
//!
//! [`commands`] wires the stages together for each subcommand; `main.rs` only
//! parses arguments and maps errors to exit codes. [`output`] writes files
//! atomically and cleans up on Ctrl-C.
pub mod commands;
pub mod diff;
pub mod error;
pub mod hash;
pub mod input;
pub mod merge;
pub mod model;
pub mod normalize;
pub mod output;
pub mod render;
pub mod report;
pub mod scan;
pub mod segment;
pub mod spill;
