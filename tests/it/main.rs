//! The integration tests, one binary (each test binary links the crate again).
//!
//! A module per command (`clean`, `split`, `scan`, `merge`, `diff`, `report`), then modules for
//! what cuts across them; `harness` runs the binary and holds what the tests share.

mod harness;

mod clean;
mod diff;
mod merge;
mod report;
mod scan;
mod split;
mod stats;

mod bad_input;
mod determinism;
mod fuzz_cases;
mod input;
mod interrupt;
mod layout;
mod memory;
mod pathological;
mod properties;
mod same_units;
mod scraped;
mod syndication;
mod template;
