//! Fast deterministic hashing for n-gram keys (no random seed: output must not depend on it).

/// Fx-style multiply-rotate hashing: keys are already well-mixed integers, and
/// SipHash's DoS resistance buys nothing here.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Eight bytes a step: whole keys (a document's) are hashed this way.
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.write_u64(u64::from_le_bytes(w.try_into().expect("8 bytes")));
        }
        for &b in words.remainder() {
            self.write_u64(b as u64);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u128(&mut self, n: u128) {
        self.write_u64(n as u64);
        self.write_u64((n >> 64) as u64);
    }
}

pub type FxBuild = std::hash::BuildHasherDefault<FxHasher>;
pub type FxHashMap<K, V> = std::collections::HashMap<K, V, FxBuild>;
pub type FxHashSet<K> = std::collections::HashSet<K, FxBuild>;

/// Up to 6 chars packed into one integer (21 bits a char, length on top).
pub fn pack(gram: &[char]) -> u128 {
    gram.iter()
        .fold(gram.len() as u128, |k, &c| (k << 21) | c as u128)
}

/// A 64-bit hash of a short char sequence.
pub fn hash_chars(gram: &[char]) -> u64 {
    use std::hash::Hasher;
    let mut h = FxHasher::default();
    for &c in gram {
        h.write_u64(c as u64);
    }
    // One more round so near-equal inputs land far apart.
    h.write_u64(gram.len() as u64);
    h.finish()
}
