//! Commands: each wires the library stages together for one subcommand.

pub mod clean;
pub mod split;
