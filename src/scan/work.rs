//! The verification work of a scan cut into pieces: the pairs of one small component hold their keys once.

use super::cluster::Sets;

/// Candidate pairs (by index) verified together.
pub(super) struct Piece {
    pub(super) pairs: Vec<u32>,
    /// Whether each key of the piece is read once and held for all its
    /// pairs (rather than read for each pair it is in).
    pub(super) held: bool,
}

/// Key chars a piece may hold at once (a few MB per thread).
const HELD_CHARS: usize = 1 << 21;

/// The candidate pairs (sorted) cut into pieces of work: the pairs of one
/// component of the candidate graph, when its keys together are small
/// enough to hold, so that each key is read (or folded again, see
/// [`super::keys::reread`]) once instead of once per pair; otherwise the pairs
/// of one first document, whose keys are read as each pair needs them.
pub(super) fn pieces(pairs: &[(u32, u32)], lens: &[usize]) -> Vec<Piece> {
    let mut sets = Sets::new(lens.len());
    for &(i, j) in pairs {
        sets.join(i as usize, j as usize);
    }
    let mut size = vec![0usize; lens.len()];
    let mut by_root: Vec<(u32, u32)> = Vec::with_capacity(pairs.len());
    for (p, &(i, _)) in pairs.iter().enumerate() {
        by_root.push((sets.root(i as usize) as u32, p as u32));
    }
    for (d, &len) in lens.iter().enumerate() {
        size[sets.root(d)] += len;
    }
    // Pairs stay in their order within a component: groups by first
    // document stay together.
    by_root.sort_unstable();
    let mut out = Vec::new();
    for comp in by_root.chunk_by(|x, y| x.0 == y.0) {
        if size[comp[0].0 as usize] <= HELD_CHARS {
            out.push(Piece {
                pairs: comp.iter().map(|c| c.1).collect(),
                held: true,
            });
            continue;
        }
        for group in comp.chunk_by(|x, y| pairs[x.1 as usize].0 == pairs[y.1 as usize].0) {
            out.push(Piece {
                pairs: group.iter().map(|c| c.1).collect(),
                held: false,
            });
        }
    }
    out
}
