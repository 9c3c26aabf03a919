//! Fuzz scan's alignment on two arbitrary keys: passages must be in bounds, long enough and disjoint.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reprint::scan::verify::{align, AlignOptions};
use reprint::scan::keys::{code, N};

/// A small alphabet, so random keys share n-grams and the chaining code runs.
const ALPHABET: [char; 4] = ['中', '国', '新', '闻'];

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let (head, rest) = data.split_at(3);
    let cut = (head[0] as usize * rest.len() / 255).min(rest.len());
    let key = |bytes: &[u8]| -> Vec<u16> {
        bytes
            .iter()
            .map(|&b| code(ALPHABET[b as usize % ALPHABET.len()]))
            .collect()
    };
    let (a, b) = (key(&rest[..cut]), key(&rest[cut..]));
    let opts = AlignOptions {
        min_span: N + head[1] as usize % 20,
        max_gap: head[2] as usize % 16,
        max_seeds: 1 + (head[2] as usize >> 4) * 4096,
    };
    let (locals, _capped) = align(&a, &b, &opts, |_| true);
    for (k, l) in locals.iter().enumerate() {
        assert!(
            l.a.0 < l.a.1 && l.a.1 <= a.len(),
            "{l:?} outside a ({})",
            a.len()
        );
        assert!(
            l.b.0 < l.b.1 && l.b.1 <= b.len(),
            "{l:?} outside b ({})",
            b.len()
        );
        assert!(
            l.len() >= opts.min_span,
            "{l:?} shorter than {}",
            opts.min_span
        );
        for m in &locals[k + 1..] {
            let clear = |x: (usize, usize), y: (usize, usize)| x.1 <= y.0 || y.1 <= x.0;
            assert!(clear(l.a, m.a) && clear(l.b, m.b), "{l:?} overlaps {m:?}");
        }
    }
    assert!(locals.windows(2).all(|w| w[0] <= w[1]), "not sorted");
});
