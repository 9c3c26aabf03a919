//! Helpers shared by the integration tests: headless Chromium, snapshots.

// Each test binary uses only some of them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .flat_map(|d| ["chromium", "chromium-browser"].map(|n| d.join(n)))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        // CI installs chromium (.ci/run): missing there is a failure, not a skip.
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "chromium is not installed (CI=true): .ci/run installs it"
        );
        eprintln!("skipping the browser check: chromium is not installed");
    }
    found
}

/// The DOM Chromium builds from an HTML file (no network), or None when Chromium is absent locally.
pub fn dump_dom(file: &Path) -> Option<String> {
    let exe = chromium()?;
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", file.canonicalize().unwrap().display());
    let out = Command::new(exe)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--dump-dom", &url])
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

/// Texts of the elements `<tag ...class="CLASS...">text</tag>` in a DOM dump (no nested elements).
pub fn element_texts(dom: &str, tag: &str, class: &str) -> Vec<String> {
    let open = format!("<{tag} ");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = dom;
    while let Some(i) = rest.find(&open) {
        rest = &rest[i..];
        let Some(gt) = rest.find('>') else { break };
        let attrs = &rest[..gt];
        let Some(end) = rest.find(&close) else { break };
        if attrs.contains(&format!("class=\"{class}")) && end > gt {
            out.push(rest[gt + 1..end].to_string());
        }
        rest = &rest[gt..];
    }
    out
}

/// Compare with tests/snapshots/NAME; `UPDATE_SNAPSHOTS=1` rewrites it.
pub fn snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} missing: run with UPDATE_SNAPSHOTS=1", path.display()));
    assert!(
        expected == actual,
        "{name} changed: run with UPDATE_SNAPSHOTS=1 and review the git diff"
    );
}

/// Run the binary: (exit code, stdout, stderr).
pub fn reprint(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_reprint"))
        .args(args)
        .output()
        .expect("binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}
