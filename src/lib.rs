//! reprint: find reprinted and overlapping articles in scraped or OCR'd Chinese news.
//!
//! The pipeline, one module a stage:
//!
//! 1. [`input`]: files, directories, stdin and JSON Lines records, decoded
//!    (UTF-8, UTF-16, GB18030/GBK, Big5) into [`model::Source`]s that remember
//!    the byte offset of every char.
//! 2. [`normalize`]: cleaning rules (Unicode, variants, punctuation, spaces,
//!    line structure, continuation markers, web furniture) that keep a map from
//!    every output char back to its source bytes.
//! 3. [`diff`]: how two cleaned texts differ, as variants with source offsets.
//! 4. [`render`]: formatting only.
//!
//! [`commands`] wires the stages together for each subcommand; `main.rs` only
//! parses arguments and maps errors to exit codes.
pub mod align;
pub mod candidates;
pub mod cluster;
pub mod commands;
pub mod diff;
pub mod error;
pub mod fingerprint;
pub mod hash;
pub mod input;
pub mod merge;
pub mod model;
pub mod normalize;
pub mod output;
pub mod render;
pub mod segment;
