//! `reprint clean`.

mod cli;
mod linear_time;
mod samples;
