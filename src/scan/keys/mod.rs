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
//!
//! `fold.rs` turns chars into a key; `sample.rs` hashes a key's n-grams and
//! picks those the index gets; `store.rs` holds keys for the scan; [`page`]
//! folds a whole page's key; [`reread`] reads keys again from their records
//! instead of holding them.
//!
//! # Which type says what about a key
//!
//! | type | file | what it is | for |
//! |---|---|---|---|
//! | [`Key`] | `fold.rs` | a key as folded: chars, and per char a packed source span, owned | what folding makes and a store takes |
//! | [`KeysWriter`] → [`Keys`] | `store.rs` | every unit's key, packed, in memory or a temp file (a private `KeyLoc` is where one is) | holding keys for the scan |
//! | [`Stored`] | `store.rs` | one key read back whole (or folded again): chars at hand, spans unpacked on demand | verifying a pair |
//! | [`KeySpans`] | `store.rs` | a key's source spans alone, unpacked | mapping key positions to source bytes |
//! | [`reread::UnitKeysWriter`] → [`reread::UnitKeys`] | `reread.rs` | every unit's key: in [`Keys`], or where its record is, to fold it again when asked | what the scan compares |
//! | [`page::PageKey`] | `page.rs` | a page's key with its title and how to fold it again ([`page::Again`]) | building a whole-file or record unit |

mod fold;
pub mod page;
pub mod reread;
mod sample;
mod store;

pub use fold::{code, fold, Key, MAX_REL_START};
pub use sample::{grams, junctions, mix, windows, Sampler, N};
pub use store::{KeySpans, Keys, KeysWriter, Stored};
