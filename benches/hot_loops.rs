//! criterion micro-benchmarks of the hot loops: cleaning, key folding and n-gram hashing, and pair alignment.
//!
//! `cargo bench --bench hot_loops`. Inputs are the sample pages, so the
//! figures are per real page (7–11 KB of text each).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use reprint::model::Source;
use reprint::normalize::{clean, CleanOptions};
use reprint::scan::keys::{grams, Key};
use reprint::scan::verify::{align, AlignOptions};
use std::hint::black_box;

fn sample(name: &str) -> String {
    std::fs::read_to_string(format!("samples/{name}.txt")).expect("samples/ is readable")
}

fn key(text: &str) -> Vec<u16> {
    Key::from_source(text, &[], usize::MAX).0.chars
}

fn normalize(c: &mut Criterion) {
    let text = sample("001_0ed2445f5550d6ea");
    let source = Source::from_utf8_text("001", "001", &text);
    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("clean 001", |b| {
        b.iter(|| clean(black_box(&source), &CleanOptions::default()))
    });
    g.finish();
}

fn fingerprint(c: &mut Criterion) {
    let text = sample("001_0ed2445f5550d6ea");
    let mut g = c.benchmark_group("fingerprint");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("fold key 001", |b| b.iter(|| key(black_box(&text))));
    let k = key(&text);
    g.bench_function("6-gram hashes 001", |b| {
        b.iter(|| grams(black_box(&k)).fold(0u64, |acc, h| acc ^ h))
    });
    g.finish();
}

fn verify(c: &mut Criterion) {
    // The 意见 in 001 and 003: a true pair with a few dozen wording differences.
    let a = key(&sample("001_0ed2445f5550d6ea"));
    let b = key(&sample("003_630f37cb81b2932f"));
    let unrelated = key(&sample("004_bcb46cb50cc0bcb5"));
    let opts = AlignOptions::default();
    let mut g = c.benchmark_group("verify");
    g.bench_function("align 001/003 (copies)", |x| {
        x.iter(|| align(black_box(&a), black_box(&b), &opts, |_| true))
    });
    g.bench_function("align 001/004 (unrelated)", |x| {
        x.iter(|| align(black_box(&a), black_box(&unrelated), &opts, |_| true))
    });
    g.finish();
}

criterion_group!(benches, normalize, fingerprint, verify);
criterion_main!(benches);
