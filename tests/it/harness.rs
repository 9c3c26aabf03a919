//! What the tests share: the one way to run the binary, paths to the samples and fixtures,
//! temp directories, directory listings, golden snapshots and headless Chromium.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

// ---------------------------------------------------------------------------
// Running the binary

/// The `reprint` binary, run from the package root (where `samples/` is), without the
/// caller's `NO_COLOR` (a test that wants it sets it).
pub fn reprint() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reprint"));
    command.current_dir(root()).env_remove("NO_COLOR");
    command
}

/// Runs `reprint ARGS` with no standard input.
pub fn run<S: AsRef<OsStr>>(args: &[S]) -> Output {
    reprint().args(args).output().expect("reprint runs")
}

/// Runs `reprint ARGS` in `dir`.
pub fn run_in<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Output {
    reprint()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("reprint runs")
}

/// Runs `reprint ARGS`, feeding `stdin` (or nothing) to its standard input.
pub fn run_with_stdin<S: AsRef<OsStr>>(args: &[S], stdin: Option<&[u8]>) -> Output {
    let mut child = reprint()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn reprint");
    {
        let mut pipe = child.stdin.take().unwrap();
        if let Some(bytes) = stdin {
            pipe.write_all(bytes).unwrap();
        }
    }
    child.wait_with_output().expect("wait for reprint")
}

/// Exit code, stdout and stderr of `reprint ARGS` (exit code -1 when killed by a signal).
pub fn outcome<S: AsRef<OsStr>>(args: &[S]) -> (i32, String, String) {
    let o = run(args);
    (code(&o), stdout(&o), stderr(&o))
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Command-line arguments from any mix of `&str` and paths.
macro_rules! args {
    ($($a:expr),* $(,)?) => {
        [$(std::ffi::OsString::from(AsRef::<std::ffi::OsStr>::as_ref(&$a))),*]
    };
}
pub(crate) use args;

// ---------------------------------------------------------------------------
// Paths

/// The package root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn samples_dir() -> PathBuf {
    root().join("samples")
}

/// The five sample pages, sorted by name.
pub fn samples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(samples_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    assert_eq!(v.len(), 5, "expected the five sample pages");
    v
}

/// The sample page whose name starts with `prefix` (`"003"`).
pub fn sample(prefix: &str) -> PathBuf {
    samples()
        .into_iter()
        .find(|p| file_name(p).starts_with(prefix))
        .unwrap_or_else(|| panic!("no sample {prefix}"))
}

/// The text of the sample page whose name starts with `prefix`.
pub fn sample_text(prefix: &str) -> String {
    std::fs::read_to_string(sample(prefix)).unwrap()
}

/// `tests/fixtures/PATH`.
pub fn fixture(path: &str) -> PathBuf {
    root().join("tests/fixtures").join(path)
}

pub fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

// ---------------------------------------------------------------------------
// Temp directories and what is in a directory

/// A fresh temp directory, removed when dropped.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// A fresh directory on disk beside the build (not a tmpfs `/tmp`).
pub fn tempdir_on_disk() -> tempfile::TempDir {
    tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap()
}

/// Every entry directly inside `dir`, name → bytes (a subdirectory is there, empty).
pub fn entries(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = if p.is_file() {
                std::fs::read(&p).unwrap()
            } else {
                Vec::new()
            };
            (file_name(&p), bytes)
        })
        .collect()
}

/// Every file under `dir`, recursively, `sub/name` → bytes; nothing when `dir` is missing.
pub fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let Ok(list) = std::fs::read_dir(dir) else {
        return files;
    };
    for e in list {
        let path = e.unwrap().path();
        let name = file_name(&path);
        if path.is_dir() {
            for (k, v) in files_under(&path) {
                files.insert(format!("{name}/{k}"), v);
            }
        } else {
            files.insert(name, std::fs::read(&path).unwrap());
        }
    }
    files
}

// ---------------------------------------------------------------------------
// Golden snapshots

/// Compare with tests/snapshots/NAME; `UPDATE_SNAPSHOTS=1` rewrites it.
pub fn snapshot(name: &str, actual: &str) {
    let path = root().join("tests/snapshots").join(name);
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

// ---------------------------------------------------------------------------
// Headless Chromium

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

/// The figure `name` of stage `stage` in `--stats-format json` output on stderr.
pub fn stat(stderr: &[u8], stage: &str, name: &str) -> u64 {
    let text = String::from_utf8_lossy(stderr);
    let stats: serde_json::Value = text
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str(l).ok())
        .unwrap_or_else(|| panic!("no JSON stats in {text}"));
    let st = stats["stages"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["stage"] == stage))
        .unwrap_or_else(|| panic!("no stage {stage} in {stats}"));
    st[name]
        .as_u64()
        .unwrap_or_else(|| panic!("no {name} in {st}"))
}
