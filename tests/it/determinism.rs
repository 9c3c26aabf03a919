//! Output is byte-identical for 1 and 2 threads and for any input order (files and JSON Lines records).
//!
//! `clean` and `split` print results in input order, so for a shuffled input
//! each per-input result (and every file under `-o DIR`) must be identical;
//! `scan` sorts by id and must be byte-identical as a whole. Records of a
//! shuffled JSON Lines file keep their ids but not their line numbers, so only
//! the `:line` of `source` may differ.

use crate::harness::{files_under, root, run_in, tempdir};
use serde_json::Value;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

/// Stdout of reprint run in the package root; see [`quiet_in`].
fn quiet(args: &[OsString]) -> Vec<u8> {
    quiet_in(root(), args)
}

/// Runs reprint in `dir`, asserting success (0, or 1 for `scan` with pairs) and a quiet stderr.
fn quiet_in(dir: &Path, args: &[OsString]) -> Vec<u8> {
    let o = run_in(dir, args);
    let code = o.status.code();
    assert!(
        code == Some(0) || code == Some(1),
        "{args:?}: {code:?} {}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    o.stdout
}

fn args(head: &[&str], paths: &[PathBuf]) -> Vec<OsString> {
    let mut v: Vec<OsString> = head.iter().map(Into::into).collect();
    v.extend(paths.iter().map(|p| p.as_os_str().to_owned()));
    v
}

/// The sample pages and the noise fixtures, in name order.
fn inputs() -> Vec<PathBuf> {
    let mut v = Vec::new();
    for dir in ["samples", "tests/fixtures/noise"] {
        let mut files: Vec<PathBuf> = fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        v.extend(files);
    }
    assert!(v.len() > 20);
    v
}

/// A fixed permutation (a small LCG), so a failure reproduces.
fn shuffled<T: Clone>(items: &[T]) -> Vec<T> {
    let mut v = items.to_vec();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in (1..v.len()).rev() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        v.swap(i, (state >> 33) as usize % (i + 1));
    }
    v
}

/// JSON Lines output as records keyed by `id`, with `:line` dropped from sources.
fn records(out: &[u8]) -> BTreeMap<String, Value> {
    let text = String::from_utf8(out.to_vec()).unwrap();
    let mut map = BTreeMap::new();
    for line in text.lines() {
        let mut v: Value = serde_json::from_str(line).unwrap();
        drop_line_numbers(&mut v);
        let id = v["id"].to_string();
        assert!(map.insert(id.clone(), v).is_none(), "id {id} twice");
    }
    map
}

/// `dump.jsonl:12` → `dump.jsonl` in every `source` field.
fn drop_line_numbers(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if k == "source" {
                    if let Value::String(s) = x {
                        if let Some((path, line)) = s.rsplit_once(':') {
                            if line.bytes().all(|b| b.is_ascii_digit()) {
                                *s = path.to_string();
                            }
                        }
                    }
                } else {
                    drop_line_numbers(x);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(drop_line_numbers),
        _ => {}
    }
}

/// `cmd` with 1 and 2 threads gives the same bytes on stdout; shuffled, the
/// same records; and with `-o DIR`, the same files.
fn per_input_command_is_deterministic(cmd: &str, text_format: &str) {
    let files = inputs();
    let j1 = quiet(&args(&["-j", "1", cmd, "-f", text_format], &files));
    let j2 = quiet(&args(&["-j", "2", cmd, "-f", text_format], &files));
    assert!(j1 == j2, "{cmd}: -j 1 and -j 2 differ");
    let ordered = quiet(&args(&["-j", "2", cmd, "-f", "jsonl"], &files));
    let mixed = quiet(&args(&["-j", "1", cmd, "-f", "jsonl"], &shuffled(&files)));
    assert!(ordered != mixed, "the shuffle changed nothing");
    assert_eq!(records(&ordered), records(&mixed), "{cmd}: shuffled input");

    let tmp = tempdir();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let mut to_a = args(&["-j", "1", cmd], &files);
    to_a.extend(["-o".into(), a.clone().into()]);
    quiet(&to_a);
    let mut to_b = args(&["-j", "2", cmd], &shuffled(&files));
    to_b.extend(["-o".into(), b.clone().into()]);
    quiet(&to_b);
    let (sa, sb) = (files_under(&a), files_under(&b));
    assert!(sa.len() >= files.len());
    assert!(sa == sb, "{cmd} -o: files differ");
}

#[test]
fn clean_is_deterministic_across_threads_and_input_order() {
    per_input_command_is_deterministic("clean", "json");
}

#[test]
fn split_is_deterministic_across_threads_and_input_order() {
    per_input_command_is_deterministic("split", "text");
}

#[test]
fn scan_is_byte_identical_across_threads_and_input_order() {
    let files = inputs();
    for unit in ["article", "file"] {
        let head = |j: &str| ["-j", j, "scan", "-f", "json", "--unit", unit].map(String::from);
        let h1 = head("1");
        let h1: Vec<&str> = h1.iter().map(String::as_str).collect();
        let h2 = head("2");
        let h2: Vec<&str> = h2.iter().map(String::as_str).collect();
        let base = quiet(&args(&h1, &files));
        assert!(base == quiet(&args(&h2, &files)), "{unit}: -j 1 vs -j 2");
        assert!(
            base == quiet(&args(&h2, &shuffled(&files))),
            "{unit}: shuffled"
        );
        let v: Value = serde_json::from_slice(&base).unwrap();
        assert!(!v["pairs"].as_array().unwrap().is_empty(), "{unit}");
    }
}

/// The inputs as one JSON Lines dump (id = file stem), in the given order.
fn dump(files: &[PathBuf], path: &Path) {
    let lines: Vec<String> = files
        .iter()
        .map(|f| {
            let id = f.file_stem().unwrap().to_string_lossy();
            let text = fs::read_to_string(f).unwrap();
            serde_json::json!({"id": id, "text": text, "url": format!("u/{id}")}).to_string()
        })
        .collect();
    fs::write(path, lines.join("\n") + "\n").unwrap();
}

#[test]
fn shuffled_jsonl_records_give_the_same_results() {
    let files = inputs();
    let tmp = tempdir();
    // Same file name in two directories, run from inside each: sources match.
    let (da, db) = (tmp.path().join("a"), tmp.path().join("b"));
    fs::create_dir(&da).unwrap();
    fs::create_dir(&db).unwrap();
    dump(&files, &da.join("dump.jsonl"));
    dump(&shuffled(&files), &db.join("dump.jsonl"));
    let run = |dir: &Path, head: &[&str]| -> Vec<u8> {
        let mut a = args(head, &[PathBuf::from("dump.jsonl")]);
        a.extend(["--input".into(), "jsonl".into()]);
        quiet_in(dir, &a)
    };
    for cmd in ["clean", "split"] {
        let x = records(&run(&da, &["-j", "1", cmd, "-f", "jsonl"]));
        let y = records(&run(&db, &["-j", "2", cmd, "-f", "jsonl"]));
        assert!(x.len() >= files.len());
        assert_eq!(x, y, "{cmd}: shuffled records");
    }
    let scan = |dir: &Path, j: &str| -> Value {
        let mut v: Value =
            serde_json::from_slice(&run(dir, &["-j", j, "scan", "-f", "json"])).unwrap();
        drop_line_numbers(&mut v);
        v
    };
    let base = scan(&da, "1");
    assert!(!base["pairs"].as_array().unwrap().is_empty());
    assert_eq!(base, scan(&db, "2"), "scan: shuffled records");
}
