//! Sampling: a key's n-gram hashes, and the [`Sampler`] that picks the ones the index keeps.

/// Length of the n-grams that index and seed alignments. Six Chinese chars are
/// rare enough to mean something and short enough that a 5 % OCR error rate
/// leaves most of them intact (0.95^6 ≈ 0.74).
pub const N: usize = 6;

/// The hash of every n-gram of `key`, by position. Six 16-bit chars pack
/// exactly into 96 bits, so the only collisions are the mixer's.
pub fn grams(key: &[u16]) -> impl Iterator<Item = u64> + '_ {
    windows(key).map(mix)
}

/// Every n-gram of `key` as its chars packed into one integer (what
/// [`grams`] hashes), by position.
pub fn windows(key: &[u16]) -> impl Iterator<Item = u128> + '_ {
    const MASK: u128 = (1 << (16 * N)) - 1;
    let mut window: u128 = 0;
    key.iter().enumerate().filter_map(move |(i, &c)| {
        window = ((window << 16) | u128::from(c)) & MASK;
        (i + 1 >= N).then_some(window)
    })
}

/// The hash of one n-gram given as by [`windows`].
#[inline]
pub fn mix(w: u128) -> u64 {
    // splitmix64's finalizer over both halves: the low bits decide sampling,
    // so they must depend on every char.
    let mut z = (w as u64) ^ ((w >> 64) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Which n-gram hashes go into the index: one in `rate`, by value, not
/// position, so two copies sample the same n-grams of the text they share,
/// whatever surrounds it. Decided on the low 16 bits with a precomputed cut
/// (a division per n-gram cost more than hashing it); the top bits, which
/// bucket the index, stay uniform.
#[derive(Debug, Clone, Copy)]
pub struct Sampler {
    cut: u64,
}

impl Sampler {
    pub fn new(rate: u64) -> Sampler {
        Sampler {
            cut: 0x1_0000 / rate.max(1),
        }
    }

    #[inline]
    pub fn keeps(&self, hash: u64) -> bool {
        hash & 0xFFFF < self.cut
    }

    /// `tag(hash)` for each kept n-gram hash of `key`, appended to `out`.
    /// Every hash is written and the length advanced only past kept ones:
    /// whether one in three is kept cannot be predicted, and the mispredicted
    /// branch of `grams(key).filter(..)` cost more than the hashing.
    pub fn extend(&self, key: &[u16], tag: impl Fn(u64) -> u64, out: &mut Vec<u64>) {
        const CHUNK: usize = 256;
        let mut buf = [0u64; CHUNK];
        let mut windows = windows(key);
        loop {
            let mut kept = 0;
            let mut seen = 0;
            for w in windows.by_ref().take(CHUNK) {
                let h = mix(w);
                buf[kept] = tag(h);
                kept += usize::from(self.keeps(h));
                seen += 1;
            }
            out.extend_from_slice(&buf[..kept]);
            if seen < CHUNK {
                return;
            }
        }
    }
}

/// Stock grams on each side of a break that pair up: nine keys a junction,
/// so that OCR noise in a few of them leaves the rest.
const REACH: usize = 3;

/// Keys for the junctions between runs of stock phrases in `key`, appended
/// to `out`: where a document is recombined from stock sentences, their
/// order is what tells its copies from documents that share a few of them,
/// and the n-grams across a junction are too few to survive OCR noise.
///
/// The sampled grams are walked in position order; a run of stock grams
/// (`stock(hash)`) ends at a sampled gram that is not stock, or where the
/// next stock gram starts `N` or more positions on (no sampled gram spans
/// the gap: a junction none of whose grams was sampled). Each of the last
/// `REACH` stock grams seen before a break is paired with each of the
/// first after it, two equal grams never. Breaks follow from the text
/// alone, so two copies break alike wherever their text agrees; the pairs
/// inside one stock sentence recur with it and are stock again.
pub fn junctions(key: &[u16], sampler: &Sampler, stock: impl Fn(u64) -> bool, out: &mut Vec<u64>) {
    // The last stock grams seen (newest last), and those before the last break.
    let (mut recent, mut before): (Vec<u64>, Vec<u64>) = (Vec::new(), Vec::new());
    // Position of the last stock gram, and whether a sampled gram that is
    // not stock came after it.
    let (mut last, mut broken) = (None::<usize>, false);
    let mut after = 0;
    for (at, h) in grams(key).enumerate() {
        if !sampler.keeps(h) {
            continue;
        }
        if !stock(h) {
            broken = true;
            continue;
        }
        if last.is_some_and(|l| broken || at - l >= N) {
            before.clone_from(&recent);
            after = 0;
        }
        (last, broken) = (Some(at), false);
        if after < REACH {
            for &b in before.iter().rev() {
                if b != h {
                    out.push(mix((u128::from(b) << 64) | u128::from(h)));
                }
            }
            after += 1;
        }
        recent.push(h);
        if recent.len() > REACH {
            recent.remove(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::keys::Key;

    fn key(s: &str) -> Key {
        let offsets = crate::model::utf8_offsets(s, 0);
        Key::from_source(s, &offsets, usize::MAX).0
    }

    #[test]
    fn grams_are_positional_and_deterministic() {
        let k = key("一二三四五六七").chars;
        let g: Vec<u64> = grams(&k).collect();
        assert_eq!(g.len(), 2);
        assert_eq!(g, grams(&k).collect::<Vec<_>>());
        assert_ne!(g[0], g[1]);
        assert_eq!(grams(&k[..5]).count(), 0);
    }

    #[test]
    fn sampling_keeps_about_the_rate() {
        let text: String = (0..20_000u32)
            .map(|i| char::from_u32(0x4E00 + (i * 7919) % 20_000).unwrap())
            .collect();
        let k = key(&text).chars;
        let sampler = Sampler::new(4);
        let kept = grams(&k).filter(|&h| sampler.keeps(h)).count();
        assert!((4_000..6_000).contains(&kept), "{kept}");
    }

    #[test]
    fn sampler_extends_with_the_kept_grams_in_order() {
        // Lengths around the chunk size, and keys too short for a gram.
        for len in [0, 5, 6, 200, 261, 262, 263, 600] {
            let text: String = (0..len as u32)
                .map(|i| char::from_u32(0x4E00 + (i * 7919) % 20_000).unwrap())
                .collect();
            let k = key(&text).chars;
            let sampler = Sampler::new(3);
            let want: Vec<u64> = grams(&k)
                .filter(|&h| sampler.keeps(h))
                .map(|h| h ^ 1)
                .collect();
            let mut out = vec![7];
            sampler.extend(&k, |h| h ^ 1, &mut out);
            assert_eq!(out[0], 7);
            assert_eq!(out[1..], want[..], "{len}");
        }
    }
}
