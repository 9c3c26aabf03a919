//! Progress bars for long stages: drawn on a terminal's stderr only, never into data or logs.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar counting `len` items of `what` ("verifying", "cleaning records", ...); hidden for
/// fewer than `min` items, where it would only flicker. indicatif draws nothing when stderr is
/// not a terminal, so piped and CI runs print no bar.
pub fn bar(len: u64, what: &str, min: u64) -> ProgressBar {
    let template = format!("{what} {{pos}}/{{len}} {{wide_bar}} {{eta}}");
    let bar = ProgressBar::new(len)
        .with_style(ProgressStyle::with_template(&template).expect("valid template"));
    if len < min {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar
}

/// A bar for a stream of unknown length: items counted and their rate, on a terminal only.
pub fn counter(what: &str) -> ProgressBar {
    let template = format!("{what} {{pos}} ({{per_sec}}) {{elapsed}}");
    ProgressBar::new_spinner()
        .with_style(ProgressStyle::with_template(&template).expect("valid template"))
}
