//! `reprint diff` output: inline text, unified diff, JSON and a self-contained HTML page.

pub mod html;
pub mod json;
pub mod text;
pub mod unified;
