//! Comparison keys (folded Han chars and digits, with source spans) and their n-gram hashes.
//!
//! A key keeps only what two copies of a story share whatever their layout:
//! Han chars (traditional and variant forms folded to simplified), digits of
//! any width, and letters of other non-Latin scripts. Whitespace, punctuation
//! in any width and ASCII letters vanish. Folding works char by char on the raw
//! text, so scanning whole files or records needs no cleaning pass. Chars are
//! built as `u16` (astral chars fold into the private-use area) and each
//! carries its source byte span packed into a `u32`; stored, the span packs
//! into about a byte, three bytes a char in all.

mod fold;
pub mod page;
pub mod reread;
mod sample;
mod store;

pub use fold::{code, fold, Key, MAX_REL_START};
pub use sample::{grams, mix, windows, Sampler, N};
pub use store::{KeyRef, Keys, KeysWriter, Stored};
