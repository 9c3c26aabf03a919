//! Bounded memory. Past `--memory`, keys and the index go to a temp
//! file; the result must not change by a byte, nothing may be left behind,
//! and a temp directory that cannot be written must not cost the run.

use crate::harness::{reprint, samples_dir, stat, tempdir};
use std::fs;
use std::path::Path;
use std::process::Output;

/// Runs reprint with `TMPDIR` set to `tmpdir`.
fn run_with_tmpdir(args: &[&str], tmpdir: &Path) -> Output {
    reprint().args(args).env("TMPDIR", tmpdir).output().unwrap()
}

/// A JSON Lines dump of the sample pages, each also as a re-wrapped copy and
/// as a copy missing its first third, so there are pairs of every relation.
fn corpus(dir: &Path) -> String {
    let mut lines = Vec::new();
    let mut names: Vec<_> = fs::read_dir(samples_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for (n, path) in names.iter().enumerate() {
        let text = fs::read_to_string(path).unwrap();
        let flat: String = text.split('\n').collect();
        let wrapped: String = flat
            .chars()
            .collect::<Vec<_>>()
            .chunks(23)
            .map(|c| c.iter().collect::<String>() + "\n")
            .collect();
        let cut = flat.char_indices().nth(flat.chars().count() / 3).unwrap().0;
        for (k, t) in [text.as_str(), &wrapped, &flat[cut..]]
            .into_iter()
            .enumerate()
        {
            lines.push(serde_json::json!({"id": format!("s{n}-{k}"), "text": t}).to_string());
        }
    }
    let path = dir.join("corpus.jsonl");
    fs::write(&path, lines.join("\n") + "\n").unwrap();
    path.to_str().unwrap().to_string()
}

fn stdout_of(o: &Output) -> &[u8] {
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    &o.stdout
}

#[test]
fn spilled_scan_is_byte_identical_and_leaves_nothing_behind() {
    let dir = tempdir();
    let tmp = tempdir();
    let input = corpus(dir.path());
    let scan = [
        "scan",
        &input,
        "--input",
        "jsonl",
        "--format",
        "jsonl",
        "--stats-format",
        "json",
    ];
    let memory = run_with_tmpdir(&scan, tmp.path());
    let spilled = run_with_tmpdir(&[&scan[..], &["--memory", "0"]].concat(), tmp.path());
    // The default keeps a small run in memory.
    assert_eq!(stat(&memory.stderr, "read+fold", "keys_spilled"), 0);
    assert_eq!(stat(&memory.stderr, "index", "index_spilled"), 0);
    // Records of a file are not kept but read again; the index spills.
    assert_eq!(stat(&spilled.stderr, "read+fold", "read_again"), 15);
    assert_eq!(stat(&spilled.stderr, "index", "index_spilled"), 1);
    let out = stdout_of(&memory);
    assert!(String::from_utf8_lossy(out).contains("\"type\":\"pair\""));
    assert_eq!(out, stdout_of(&spilled));
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn records_from_stdin_spill_their_keys_instead() {
    // Standard input cannot be read again: its keys go to the temp file.
    let dir = tempdir();
    let tmp = tempdir();
    let input = corpus(dir.path());
    let scan = [
        "scan",
        "-",
        "--input",
        "jsonl",
        "--format",
        "jsonl",
        "--stats-format",
        "json",
    ];
    let run = |memory: &str| {
        reprint()
            .args(scan)
            .args(["--memory", memory])
            .env("TMPDIR", tmp.path())
            .stdin(fs::File::open(&input).unwrap())
            .output()
            .unwrap()
    };
    let (memory, spilled) = (run("512M"), run("0"));
    assert_eq!(stat(&spilled.stderr, "read+fold", "keys_spilled"), 1);
    assert_eq!(stat(&spilled.stderr, "read+fold", "read_again"), 0);
    assert_eq!(stdout_of(&memory), stdout_of(&spilled));
    // The same pairs as from the file, whose keys were read again.
    let from_file = run_with_tmpdir(
        &[
            "scan", &input, "--input", "jsonl", "--format", "jsonl", "--memory", "0",
        ],
        tmp.path(),
    );
    let pairs = |o: &Output| {
        String::from_utf8_lossy(stdout_of(o))
            .lines()
            .filter(|l| l.contains("\"type\":\"pair\""))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert!(!pairs(&spilled).is_empty());
    assert_eq!(pairs(&spilled), pairs(&from_file));
}

#[test]
fn articles_and_merge_spill_the_same_way() {
    let tmp = tempdir();
    for head in [
        &["scan", "samples", "--unit", "article", "--format", "json"][..],
        &["merge", "samples"][..],
    ] {
        let memory = run_with_tmpdir(head, tmp.path());
        let spilled = run_with_tmpdir(&[head, &["--memory", "1K"]].concat(), tmp.path());
        assert_eq!(stdout_of(&memory), stdout_of(&spilled), "{head:?}");
    }
}

#[test]
fn an_unwritable_temp_directory_keeps_the_run_in_memory() {
    let dir = tempdir();
    let input = corpus(dir.path());
    let missing = dir.path().join("no-such-dir");
    let scan = ["scan", &input, "--input", "jsonl", "--format", "jsonl"];
    let memory = run_with_tmpdir(&scan, dir.path());
    let fallback = run_with_tmpdir(&[&scan[..], &["--memory", "0"]].concat(), &missing);
    let (a, b) = (
        String::from_utf8_lossy(stdout_of(&memory)),
        String::from_utf8_lossy(stdout_of(&fallback)),
    );
    // Same pairs; only the summary's notes say why memory was used instead.
    let body = |s: &str| {
        s.lines()
            .filter(|l| !l.contains("summary"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&a), body(&b));
    assert!(b.contains("kept in memory: no temp file"), "{b}");
    assert!(
        b.contains("no-such-dir"),
        "the note names the directory: {b}"
    );
}

#[test]
fn a_bad_memory_size_is_a_usage_error() {
    let tmp = tempdir();
    let o = run_with_tmpdir(&["scan", "samples", "--memory", "lots"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("lots"));
}

/// Transparent huge pages are off for the process (see `no_huge_pages` in
/// main.rs): each first touch of one zeroed 2 MB, the largest single cost of
/// a million-document scan on the virtual machines this runs on. Read off
/// the running process, which waits on its standard input meanwhile.
#[cfg(target_os = "linux")]
#[test]
fn the_process_runs_without_transparent_huge_pages() {
    let field = |status: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix("THP_enabled:"))
            .map(|v| v.trim().to_string())
    };
    let own = fs::read_to_string("/proc/self/status").unwrap();
    if field(&own).is_none() {
        eprintln!("skipped: this kernel does not report THP_enabled");
        return;
    }
    let mut child = reprint()
        .args(["scan", "-", "--input", "jsonl"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    // The flag is set first thing in `main`; until then the field reads 1.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut seen = None;
    while std::time::Instant::now() < deadline {
        seen = fs::read_to_string(&status).ok().and_then(|s| field(&s));
        if seen.as_deref() == Some("0") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    drop(child.stdin.take());
    child.wait().unwrap();
    assert_eq!(seen.as_deref(), Some("0"));
}
