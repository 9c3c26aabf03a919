//! Fuzz input decoding: any bytes, detected or with a forced encoding, must decode or be refused, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reprint::input::{decode, parse_encoding_label};

/// Forced encodings worth trying besides detection (the first byte picks one).
const FORCED: [Option<&str>; 7] = [
    None,
    None,
    Some("utf-8"),
    Some("gb18030"),
    Some("big5"),
    Some("utf-16le"),
    Some("utf-16be"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let forced = FORCED[pick as usize % FORCED.len()].map(|l| parse_encoding_label(l).unwrap());
    let Ok(d) = decode(bytes, forced) else {
        return;
    };
    // The offsets contract every later stage relies on.
    assert_eq!(d.offsets.len(), d.text.chars().count() + 1);
    assert!(
        d.offsets.windows(2).all(|w| w[0] < w[1]),
        "offsets not increasing"
    );
    assert_eq!(*d.offsets.last().unwrap() as usize, bytes.len());
    // Nothing is invented: an empty input gives no text.
    if bytes.is_empty() {
        assert!(d.text.is_empty());
    }
});
