//! `clean` takes time linear in its input on every shape that once made it quadratic.

use reprint::normalize::{clean_text, CleanOptions, Rule};
use std::time::Duration;

/// Deterministic Han chars (a few thousand distinct ones), as in a real page.
fn han(seed: &mut u64, n: usize) -> String {
    (0..n)
        .map(|_| {
            *seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            char::from_u32(0x4E00 + ((*seed >> 33) % 3000) as u32).unwrap()
        })
        .collect()
}

/// `unit` repeated, each `{}` filled with four fresh Han chars, until `bytes` long.
fn page(unit: &str, bytes: usize) -> String {
    let mut seed = 16;
    let mut s = String::new();
    while s.len() < bytes {
        let mut u = unit.to_string();
        while let Some(at) = u.find("{}") {
            u.replace_range(at..at + 2, &han(&mut seed, 4));
        }
        s.push_str(&u);
    }
    s
}

/// CPU time this thread has used. `clean_text` runs on the calling thread, and other tests
/// of the one test binary run beside it: wall time would measure them too.
fn thread_cpu_time() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    assert_eq!(
        unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) },
        0
    );
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// Cleans `unit` repeated to `bytes` with only the rules `on` (credits are always found)
/// and fails past `limit` of CPU time. Only the rules at stake run, so the linear part
/// stays small in a debug build (1.3 s at most here) and the quadratic part shows: the
/// old code took 6 to 30 s on each of these.
fn assert_linear(unit: &str, bytes: usize, on: &[Rule], limit: Duration) {
    let text = page(unit, bytes);
    let offsets: Vec<u32> = text
        .char_indices()
        .map(|(i, _)| i as u32)
        .chain([text.len() as u32])
        .collect();
    let opts = CleanOptions {
        disabled: Rule::ALL.into_iter().filter(|r| !on.contains(r)).collect(),
        ..CleanOptions::default()
    };
    let start = thread_cpu_time();
    let cleaned = clean_text(&text, &offsets, &opts);
    let took = thread_cpu_time() - start;
    assert!(took < limit, "{unit:?} took {took:?} (limit {limit:?})");
    assert_eq!(cleaned.map.len(), cleaned.text.chars().count());
}

const LIMIT: Duration = Duration::from_secs(4);

#[test]
fn bylines_on_one_line() {
    // Every match mapped back to chars by counting from the start of the line.
    assert_linear("文:{} ", 3_000_000, &[], LIMIT);
}

#[test]
fn markers_on_one_line() {
    assert_linear("（上接1版）", 800_000, &[Rule::Markers], LIMIT);
}

#[test]
fn a_marker_on_every_line() {
    // Each line looked through every marker for the width it lost (lines too
    // narrow to be a wrap, so that is all the lines rule does here).
    assert_linear(
        "一（上接1版）\n",
        800_000,
        &[Rule::Markers, Rule::Lines],
        LIMIT,
    );
}

#[test]
fn unmatched_and_nested_parens() {
    for unit in ["{}（", "{}）", "（{}"] {
        assert_linear(unit, 400_000, &[Rule::Punct], LIMIT);
    }
}

#[test]
fn many_lines_of_one_width() {
    // The wrap width: every width compared with every other.
    assert_linear("{}{}\n", 800_000, &[Rule::Lines], LIMIT);
}

#[test]
fn a_snippet_ellipsis_on_every_line() {
    // Every paragraph looked through every removed ellipsis for a barrier.
    assert_linear(
        "{} ...\n",
        800_000,
        &[Rule::Boilerplate, Rule::Lines],
        LIMIT,
    );
}

#[test]
fn paragraphs_joined_one_after_another() {
    // A paragraph grown by joins was searched for `记者` at every join.
    assert_linear("{}{}{}{}{}，{}{}\n\n", 3_000_000, &[Rule::Lines], LIMIT);
}
