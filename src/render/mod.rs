//! Renderers: they only format results the library computed; every format of a command goes through one.

pub mod clean;
pub mod diff;
pub mod merge;
pub mod pieced;
pub mod record;
pub mod report;
pub mod scan;
pub mod split;
pub mod stats;
