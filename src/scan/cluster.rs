//! Relations between verified pairs, and clusters of copies (deterministic ids).

use crate::model::{Cluster, Pair, Relation};

/// Thresholds that turn coverage into a relation.
#[derive(Debug, Clone, Copy)]
pub struct RelationOptions {
    /// Share of a document that must lie in the other for it to count as covered.
    pub cover: f64,
    /// Least shared chars for an `overlap`.
    pub min_overlap: usize,
}

impl Default for RelationOptions {
    fn default() -> Self {
        RelationOptions {
            cover: 0.8,
            min_overlap: 40,
        }
    }
}

/// The relation of `a` to `b` given how much of each the shared passages cover.
pub fn relation(
    shared: usize,
    len_a: usize,
    len_b: usize,
    opts: &RelationOptions,
) -> Option<Relation> {
    let cov_a = shared as f64 / len_a.max(1) as f64;
    let cov_b = shared as f64 / len_b.max(1) as f64;
    match (cov_a >= opts.cover, cov_b >= opts.cover) {
        (true, true) => Some(Relation::Duplicate),
        (false, true) => Some(Relation::Contains),
        (true, false) => Some(Relation::ContainedIn),
        (false, false) if shared >= opts.min_overlap => Some(Relation::Overlap),
        _ => None,
    }
}

/// Whether a relation makes the two one story: `duplicate` and `contains`,
/// not `overlap` (quotation) nor `template` (two stories told in one form).
pub fn copies(r: Relation) -> bool {
    matches!(
        r,
        Relation::Duplicate | Relation::Contains | Relation::ContainedIn
    )
}

/// Connected components over `duplicate` and `contains` pairs (overlaps and
/// template twins do not chain stories together). Clusters of two or more,
/// numbered from 1 in order of their first member; members in document order.
pub fn clusters(ids: &[String], pairs: &[Pair]) -> Vec<Cluster> {
    let at: crate::hash::FxHashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let index = |id: &str| *at.get(id).expect("pair ids are documents");
    let links = pairs
        .iter()
        .filter(|p| copies(p.relation))
        .map(|p| (index(&p.a), index(&p.b)));
    clusters_of(ids.len(), links, |i| ids[i].clone())
}

/// [`clusters`] of documents `0..docs` joined by `links` (`duplicate` and
/// `contains` pairs only), members named by `id`: no id look-ups for a
/// caller that already has document numbers.
pub fn clusters_of(
    docs: usize,
    links: impl Iterator<Item = (usize, usize)>,
    id: impl Fn(usize) -> String,
) -> Vec<Cluster> {
    let numbers = cluster_numbers(docs, links);
    let mut clusters: Vec<Cluster> = Vec::new();
    for (i, &n) in numbers.iter().enumerate() {
        if n == 0 {
            continue;
        }
        if n as usize > clusters.len() {
            clusters.push(Cluster {
                id: n as usize,
                members: Vec::new(),
            });
        }
        clusters[n as usize - 1].members.push(id(i));
    }
    clusters
}

/// Each document's cluster id as [`clusters_of`] numbers them (from 1, in
/// order of their first member), 0 for a document alone: what a distributed
/// caller runs on the copy links it collected, with documents numbered in id order.
pub fn cluster_numbers(docs: usize, links: impl Iterator<Item = (usize, usize)>) -> Vec<u32> {
    let mut sets = Sets::new(docs);
    for (a, b) in links {
        sets.join(a, b);
    }
    // Most documents are alone: only roots with company get a number.
    let roots: Vec<usize> = (0..docs).map(|i| sets.root(i)).collect();
    let mut size = vec![0u32; docs];
    for &r in &roots {
        size[r] += 1;
    }
    let mut number_of_root: Vec<u32> = vec![0; docs];
    let mut next = 0;
    roots
        .iter()
        .map(|&r| {
            if size[r] < 2 {
                return 0;
            }
            if number_of_root[r] == 0 {
                next += 1;
                number_of_root[r] = next;
            }
            number_of_root[r]
        })
        .collect()
}

/// Disjoint sets of documents `0..n` (union-find), each named by its
/// smallest member, so that roots do not depend on the order of joins.
pub(crate) struct Sets {
    parent: Vec<u32>,
}

impl Sets {
    pub(crate) fn new(n: usize) -> Sets {
        let n = u32::try_from(n).expect("fewer than 2^32 documents");
        Sets {
            parent: (0..n).collect(),
        }
    }

    /// The root of `x`'s set, halving the path to it on the way.
    pub(crate) fn root(&mut self, x: usize) -> usize {
        let mut x = x as u32;
        let p = &mut self.parent;
        while p[x as usize] != x {
            p[x as usize] = p[p[x as usize] as usize];
            x = p[x as usize];
        }
        x as usize
    }

    pub(crate) fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        self.parent[a.max(b)] = a.min(b) as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_by_coverage() {
        let o = RelationOptions::default();
        assert_eq!(relation(90, 100, 100, &o), Some(Relation::Duplicate));
        assert_eq!(relation(90, 300, 100, &o), Some(Relation::Contains));
        assert_eq!(relation(90, 100, 300, &o), Some(Relation::ContainedIn));
        assert_eq!(relation(50, 300, 300, &o), Some(Relation::Overlap));
        assert_eq!(relation(10, 300, 300, &o), None);
    }

    #[test]
    fn overlaps_and_template_twins_do_not_chain_clusters() {
        let ids: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        let pair = |a: &str, b: &str, relation| Pair {
            a: a.into(),
            b: b.into(),
            relation,
            similarity: 1.0,
            shared_chars: 1,
            spans: vec![],
            slots: vec![],
        };
        let pairs = vec![
            pair("a", "b", Relation::Duplicate),
            pair("b", "c", Relation::Overlap),
            pair("d", "c", Relation::Contains),
            pair("a", "d", Relation::Template),
        ];
        let c = clusters(&ids, &pairs);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].members, ["a", "b"]);
        assert_eq!(c[1].members, ["c", "d"]);
    }

    #[test]
    fn cluster_numbers_follow_first_members_whatever_the_link_order() {
        // 0-3-5 and 1-4 joined, 2 alone: numbered by first member, 0 alone.
        let links = [(5, 3), (4, 1), (3, 0)];
        let want = vec![1, 2, 0, 1, 2, 1];
        assert_eq!(cluster_numbers(6, links.iter().copied()), want);
        assert_eq!(cluster_numbers(6, links.iter().rev().copied()), want);
        let c = clusters_of(6, links.iter().copied(), |i| i.to_string());
        assert_eq!(c[0].members, ["0", "3", "5"]);
        assert_eq!(
            (c[1].id, &c[1].members[..]),
            (2, &["1".to_string(), "4".to_string()][..])
        );
    }
}
