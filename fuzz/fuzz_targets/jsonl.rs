//! Fuzz JSON Lines parsing: every line is a record or a one-line error with its line number.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reprint::input::read_jsonl;

fuzz_target!(|data: &[u8]| {
    let lines = data.split(|&b| b == b'\n').count() as u64;
    let (sources, errors) = read_jsonl(data, "f.jsonl", "f", 1 << 20);
    for s in &sources {
        assert_eq!(s.offsets.len(), s.text.chars().count() + 1);
        assert_eq!(*s.offsets.last().unwrap() as usize, s.text.len());
        assert!(s.record.as_ref().is_some_and(|r| !r.contains_key("text")));
        let line: u64 = s.path.rsplit_once(':').unwrap().1.parse().unwrap();
        assert!((1..=lines).contains(&line));
    }
    for e in &errors {
        let message = e.to_string();
        assert!(!message.contains('\n'), "error spans lines: {message:?}");
        let line = e.line.expect("a JSON Lines error names its line");
        assert!((1..=lines).contains(&line), "line {line} of {lines}");
    }
    // Each non-blank line is exactly one record or one error.
    let non_blank = data
        .split(|&b| b == b'\n')
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(l)
            } else {
                l
            }
        })
        .filter(|l| !l.trim_ascii().is_empty())
        .count();
    assert_eq!(sources.len() + errors.len(), non_blank);
});
