//! `reprint clean` through the binary (issue 2: "Foundation and `reprint clean`").
//!
//! Every test runs the real executable with `std::process::Command`, on the
//! five sample pages in `samples/` or on the noise fixtures in
//! `tests/fixtures/noise/` (one tiny page per row of `NOISE.md`, with the text
//! the rules should produce beside it as `*.expected`).

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

// ---------------------------------------------------------------------------
// Harness

fn reprint() -> Command {
    Command::new(env!("CARGO_BIN_EXE_reprint"))
}

/// Runs `reprint` with `args`, feeding `stdin` (or nothing).
fn run_with_stdin<S: AsRef<std::ffi::OsStr>>(args: &[S], stdin: Option<&[u8]>) -> Output {
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

fn run<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    run_with_stdin(args, None)
}

/// Command-line arguments from any mix of `&str` and paths.
macro_rules! args {
    ($($a:expr),* $(,)?) => {
        [$(std::ffi::OsString::from(AsRef::<std::ffi::OsStr>::as_ref(&$a))),*]
    };
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Asserts exit code 0 and an empty stderr, returning stdout.
fn ok(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(o));
    assert_eq!(stderr(o), "", "stderr must be empty on success");
    stdout(o)
}

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// The sample pages, sorted by name.
fn samples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(samples_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    assert_eq!(v.len(), 5, "expected the five sample pages");
    v
}

fn sample(prefix: &str) -> PathBuf {
    samples()
        .into_iter()
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no sample {prefix}"))
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

/// Every file (name → bytes) directly inside `dir`.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = if p.is_file() {
                fs::read(&p).unwrap()
            } else {
                Vec::new()
            };
            (file_name(&p), bytes)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The documented JSON schema, strictly.

type Span = [u32; 2];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Removed {
    kind: String,
    text: String,
    span: Span,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Continuation {
    direction: String,
    page: String,
    text: String,
    span: Span,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Found {
    text: String,
    span: Span,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Variant {
    found: String,
    simplified: String,
    corrected: bool,
    span: Span,
}

/// One document of `--format json`/`jsonl` for a text input.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    id: String,
    source: String,
    encoding: String,
    text: String,
    truncated: bool,
    removed: Vec<Removed>,
    continuations: Vec<Continuation>,
    datelines: Vec<Found>,
    bylines: Vec<Found>,
    variants: Vec<Variant>,
    stats: BTreeMap<String, u64>,
    /// Only with `--map`.
    map: Option<Vec<Span>>,
}

/// What a JSON Lines input record carries under `reprint`: a [`Doc`] without `text`.
/// (Some fields are only deserialized, to check the schema.)
#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    id: String,
    source: String,
    encoding: String,
    truncated: bool,
    removed: Vec<Removed>,
    continuations: Vec<Continuation>,
    datelines: Vec<Found>,
    bylines: Vec<Found>,
    variants: Vec<Variant>,
    stats: BTreeMap<String, u64>,
    map: Option<Vec<Span>>,
}

fn parse_jsonl(out: &str) -> Vec<Doc> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn within(span: Span, len: usize) -> bool {
    span[0] <= span[1] && span[1] as usize <= len
}

// ---------------------------------------------------------------------------
// Sample 003: the hard-wrapped, letter-spaced page

#[test]
fn clean_003_joins_wraps_removes_letter_spacing_and_number_spaces() {
    let out = ok(&run(&args!["clean", sample("003")]));
    for needle in [
        "大力发展群众家门口的生活服务",
        "用5年左右时间",
        "人乳头瘤病毒（HPV）疫苗",
        "不低于80%",
    ] {
        assert!(out.contains(needle), "missing {needle:?}");
    }
}

// ---------------------------------------------------------------------------
// Encodings and line endings

fn utf16(text: &str, le: bool) -> Vec<u8> {
    let bom: &[u8] = if le { b"\xFF\xFE" } else { b"\xFE\xFF" };
    let mut out = bom.to_vec();
    for unit in text.encode_utf16() {
        out.extend(if le {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    out
}

fn legacy(text: &str, encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(
        !unmappable,
        "sample not representable in {}",
        encoding.name()
    );
    bytes.into_owned()
}

/// The same page in every encoding and line-ending convention `clean` accepts:
/// `(file name prefix, encoding reported, bytes)`.
fn variants_of(text: &str) -> Vec<(&'static str, &'static str, Vec<u8>)> {
    vec![
        ("gb18030", "GB18030", legacy(text, encoding_rs::GB18030)),
        ("utf16le", "UTF-16LE", utf16(text, true)),
        ("utf16be", "UTF-16BE", utf16(text, false)),
        ("crlf", "UTF-8", text.replace('\n', "\r\n").into_bytes()),
        ("cr", "UTF-8", text.replace('\n', "\r").into_bytes()),
        (
            "utf8bom",
            "UTF-8",
            [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        ),
    ]
}

#[test]
fn every_encoding_and_line_ending_gives_byte_identical_output() {
    let tmp = tempfile::tempdir().unwrap();
    for path in samples() {
        let text = fs::read_to_string(&path).unwrap();
        let reference = ok(&run(&args!["clean", &path]));
        for (kind, encoding, bytes) in variants_of(&text) {
            let file = tmp.path().join(format!("{kind}_{}", file_name(&path)));
            fs::write(&file, &bytes).unwrap();
            let out = ok(&run(&args!["clean", &file]));
            assert!(
                out == reference,
                "{kind} copy of {} cleans differently",
                file_name(&path)
            );
            let json = ok(&run(&args!["clean", "-f", "jsonl", &file]));
            let docs = parse_jsonl(&json);
            assert_eq!(docs[0].encoding, encoding, "{kind} {}", file_name(&path));
            // Spans point into the file as stored, whatever its encoding.
            let len = bytes.len();
            assert!(docs[0].continuations.iter().all(|c| within(c.span, len)));
            assert!(docs[0].datelines.iter().all(|c| within(c.span, len)));
        }
    }
}

#[test]
fn forced_gbk_encoding_gives_byte_identical_output() {
    let tmp = tempfile::tempdir().unwrap();
    for path in samples() {
        let text = fs::read_to_string(&path).unwrap();
        let reference = ok(&run(&args!["clean", &path]));
        let file = tmp.path().join(format!("gbk_{}", file_name(&path)));
        fs::write(&file, legacy(&text, encoding_rs::GBK)).unwrap();
        let out = ok(&run(&args!["clean", "--encoding", "gbk", &file]));
        assert!(
            out == reference,
            "GBK copy of {} cleans differently",
            file_name(&path)
        );
    }
}

// ---------------------------------------------------------------------------
// JSON output

#[test]
fn jsonl_output_has_one_strict_record_per_file_with_spans_in_the_source() {
    let out = ok(&run(&args!["clean", "--format", "jsonl", samples_dir()]));
    let docs = parse_jsonl(&out);
    let files = samples();
    assert_eq!(docs.len(), files.len());
    let mut continuations = 0;
    for (doc, path) in docs.iter().zip(&files) {
        assert_eq!(doc.id, path.file_stem().unwrap().to_string_lossy());
        assert_eq!(Path::new(&doc.source), path.as_path());
        assert_eq!(doc.encoding, "UTF-8");
        assert!(doc.map.is_none(), "map only with --map");
        assert!(!doc.text.is_empty());
        let bytes = fs::read(path).unwrap();
        let len = bytes.len();
        let at = |span: Span| {
            String::from_utf8_lossy(&bytes[span[0] as usize..span[1] as usize]).into_owned()
        };
        for r in &doc.removed {
            assert!(within(r.span, len), "{r:?}");
            if !r.text.contains(' ') {
                assert!(at(r.span).contains(&r.text), "{r:?} vs {:?}", at(r.span));
            }
        }
        for c in &doc.continuations {
            assert!(within(c.span, len), "{c:?}");
            assert!(matches!(c.direction.as_str(), "from" | "to"), "{c:?}");
            if !c.text.contains(' ') {
                assert!(at(c.span).contains(&c.text), "{c:?} vs {:?}", at(c.span));
            }
            continuations += 1;
        }
        for f in doc.datelines.iter().chain(&doc.bylines) {
            assert!(within(f.span, len), "{f:?}");
        }
        for v in &doc.variants {
            assert!(within(v.span, len), "{v:?}");
            assert_eq!(at(v.span), v.found, "{v:?}");
        }
    }
    // 000 has five `（上接第一版）`; the other spellings are in 001, 003, 004.
    let c000: Vec<&str> = docs[0]
        .continuations
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(c000, ["（上接第一版）"; 5]);
    assert!(docs[0]
        .continuations
        .iter()
        .all(|c| c.direction == "from" && c.page == "1"));
    assert_eq!(continuations, 8);
}

#[test]
fn map_gives_each_char_its_source_bytes() {
    let path = sample("000");
    let bytes = fs::read(&path).unwrap();
    let out = ok(&run(&args!["clean", "-f", "jsonl", "--map", &path]));
    let docs = parse_jsonl(&out);
    assert_eq!(docs.len(), 1);
    let map = docs[0].map.as_ref().expect("--map adds map");
    let text = &docs[0].text;
    assert_eq!(map.len(), text.chars().count());
    let mut han = 0;
    for (c, &[s, e]) in text.chars().zip(map) {
        assert!(s < e && e as usize <= bytes.len(), "{c:?} {s}..{e}");
        let src = std::str::from_utf8(&bytes[s as usize..e as usize])
            .unwrap_or_else(|_| panic!("{c:?}: {s}..{e} is not on char boundaries"));
        if is_han(c) && c != '税' {
            assert_eq!(src, c.to_string(), "{c:?} at {s}..{e}");
            han += 1;
        }
        if c == '税' {
            assert!(src == "税" || src == "稅", "{src:?}");
        }
    }
    assert!(han > 5000, "only {han} Han chars checked");
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2FFFF)
}

#[test]
fn json_output_is_one_documents_object() {
    let out = ok(&run(&args!["clean", "--format", "json", samples_dir()]));
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct All {
        documents: Vec<Doc>,
    }
    let all: All = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(all.documents.len(), 5);
    let text = ok(&run(&args!["clean", sample("001")]));
    assert_eq!(format!("{}\n", all.documents[1].text), text);
}

// ---------------------------------------------------------------------------
// JSON Lines input

#[test]
fn jsonl_input_keeps_fields_replaces_text_and_reports_bad_line() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("dump.jsonl");
    fs::write(
        &file,
        concat!(
            "{\"id\": 1, \"text\": \"地 方 为 适 龄 女 孩 接 种 人 乳 头 瘤 病 毒(HPV)疫苗\", \"url\": \"u\"}\n",
            "{\"id\": 2, \"text\": \n",
            "{\"id\": \"a\", \"text\": \"（上接第一版）不低于 80%\", \"url\": \"v\"}\n",
        ),
    )
    .unwrap();
    let o = run(&args!["clean", "--input", "jsonl", "-f", "jsonl", &file]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!("{}:2", file.display())),
        "names file and line: {err}"
    );
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[0]["id"],
        serde_json::json!(1),
        "id keeps its JSON type"
    );
    assert_eq!(lines[0]["url"], "u");
    assert_eq!(
        lines[0]["text"],
        "地方为适龄女孩接种人乳头瘤病毒（HPV）疫苗"
    );
    assert_eq!(lines[1]["id"], "a");
    assert_eq!(lines[1]["url"], "v");
    assert_eq!(lines[1]["text"], "不低于80%");
    for (line, n) in lines.iter().zip([1, 3]) {
        let mut keys: Vec<&str> = line
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["id", "reprint", "text", "url"]);
        let meta: Meta = serde_json::from_value(line["reprint"].clone()).expect("strict meta");
        assert_eq!(meta.source, format!("{}:{n}", file.display()));
        assert_eq!(meta.encoding, "UTF-8");
        assert!(meta.map.is_none());
    }
    let meta: Meta = serde_json::from_value(lines[1]["reprint"].clone()).unwrap();
    assert_eq!(meta.id, "a");
    assert_eq!(meta.continuations.len(), 1);
    assert_eq!(meta.continuations[0].text, "（上接第一版）");
    // JSON Lines spans are byte offsets into the record's text.
    assert_eq!(
        meta.continuations[0].span,
        [0, "（上接第一版）".len() as u32]
    );
}

// ---------------------------------------------------------------------------
// Bad inputs

#[test]
fn bad_inputs_are_reported_one_line_each_and_the_rest_is_cleaned() {
    let tmp = tempfile::tempdir().unwrap();
    let binary = tmp.path().join("image.png");
    fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\xff\xfe\0").unwrap();
    let missing = tmp.path().join("missing.txt");
    let empty = tmp.path().join("empty.txt");
    fs::write(&empty, "").unwrap();
    let blank = tmp.path().join("blank.txt");
    fs::write(&blank, " \n\u{3000}\r\n\t\n").unwrap();
    let good = sample("003");
    let all_args =
        |format: &str| args!["clean", "-f", format, &binary, &missing, &empty, &blank, &good];
    let good_text = ok(&run(&args!["clean", &good]));

    let o = run(&all_args("text"));
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "one line per bad file: {err}");
    for bad in [&binary, &missing] {
        let name = bad.display().to_string();
        let n = lines.iter().filter(|l| l.contains(&name)).count();
        assert_eq!(n, 1, "{name} must be named on one line: {err}");
    }
    assert!(stdout(&o).contains(good_text.trim_end()));

    let o = run(&all_args("jsonl"));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o), err);
    let docs = parse_jsonl(&stdout(&o));
    let got: Vec<(&str, &str)> = docs
        .iter()
        .map(|d| (d.id.as_str(), d.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("empty", ""),
            ("blank", ""),
            ("003_630f37cb81b2932f", good_text.trim_end_matches('\n'))
        ]
    );
}

#[test]
fn nul_bytes_in_valid_utf8_are_refused_as_binary() {
    let tmp = tempfile::tempdir().unwrap();
    let binary = tmp.path().join("archive.tar");
    fs::write(&binary, b"notes.txt\0\0\0\0\0\0mode 0000644\0hello\n").unwrap();
    let o = run(&args!["clean", &binary]);
    assert_eq!(o.status.code(), Some(2), "stdout: {:?}", stdout(&o));
    assert!(stderr(&o).contains("binary"), "{}", stderr(&o));
}

// ---------------------------------------------------------------------------
// -o DIR

#[test]
fn output_dir_gets_one_file_per_input_and_no_temp_files() {
    let before = snapshot(&samples_dir());
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("cleaned");
    let o = run(&args!["clean", samples_dir(), "-o", &out_dir]);
    assert_eq!(ok(&o), "", "nothing on stdout with -o");
    let written = snapshot(&out_dir);
    let names: Vec<&String> = written.keys().collect();
    let expected: Vec<String> = samples().iter().map(|p| file_name(p)).collect();
    assert_eq!(names, expected.iter().collect::<Vec<_>>());
    assert!(written.keys().all(|n| !n.starts_with('.')));
    for path in samples() {
        let single = ok(&run(&args!["clean", &path]));
        assert!(
            written[&file_name(&path)] == single.as_bytes(),
            "{} differs from stdout output",
            file_name(&path)
        );
    }
    assert!(snapshot(&samples_dir()) == before, "inputs changed");
}

#[test]
fn output_dir_inside_input_dir_is_refused_and_nothing_written() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("pages");
    fs::create_dir(&input).unwrap();
    for path in samples() {
        fs::copy(&path, input.join(file_name(&path))).unwrap();
    }
    let before = snapshot(&input);
    for target in [input.join("out"), input.clone()] {
        let o = run(&args!["clean", &input, "-o", &target]);
        assert_eq!(o.status.code(), Some(2), "-o {}", target.display());
        assert_eq!(stdout(&o), "");
        assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
        assert!(!input.join("out").exists());
        assert!(snapshot(&input) == before, "input directory changed");
    }
}

// ---------------------------------------------------------------------------
// stdin, rule switches, help

#[test]
fn stdin_gives_the_same_text_as_the_file() {
    let path = sample("003");
    let from_file = ok(&run(&args!["clean", &path]));
    let bytes = fs::read(&path).unwrap();
    let from_stdin = ok(&run_with_stdin(&["clean", "-"], Some(&bytes)));
    assert_eq!(from_stdin, from_file);
    // `-` is also the default.
    let default = ok(&run_with_stdin(&["clean"], Some(&bytes)));
    assert_eq!(default, from_file);
}

#[test]
fn disable_lines_keeps_the_hard_wraps() {
    let path = sample("003");
    let on = ok(&run(&args!["clean", &path]));
    let off = ok(&run(&args!["clean", "--disable", "lines", &path]));
    let (n_on, n_off) = (on.lines().count(), off.lines().count());
    assert!(n_off > 2 * n_on, "{n_off} lines vs {n_on}");
    assert!(off.contains("可及性，\n以社区为重点"));
    assert!(on.contains("可及性，以社区为重点"));
}

#[test]
fn disable_spaces_keeps_the_letter_spacing() {
    let path = sample("003");
    let off = ok(&run(&args!["clean", "--disable", "spaces", &path]));
    assert!(off.contains("大 力 发 展"));
    let on = ok(&run(&args!["clean", &path]));
    assert!(!on.contains("大 力 发 展"));
}

#[test]
fn help_exits_zero_and_names_every_rule() {
    let out = ok(&run(&args!["clean", "--help"]));
    for rule in [
        "unicode",
        "variants",
        "punct",
        "spaces",
        "lines",
        "markers",
        "boilerplate",
    ] {
        assert!(out.contains(rule), "--help does not mention {rule}");
    }
}

// ---------------------------------------------------------------------------
// Noise fixtures: one page per row of NOISE.md, cleaned as the rules say.

fn noise_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/noise")
}

/// Every fixture with a test below (the `b` ones reproduce bugs).
const NOISE_FIXTURES: &[&str] = &[
    "01_hard_wraps",
    "02_broken_paragraphs",
    "02b_broken_paragraph_short_lead",
    "03_letter_spacing",
    "04_number_spaces",
    "05_meaningful_spaces",
    "05b_name_list_in_dateline",
    "06_punct_width",
    "07_continuation_markers",
    "07b_marker_across_hard_wrap",
    "07c_marker_inside_hard_wrapped_line",
    "09_datelines",
    "17_truncation",
    "17b_truncation_boundary",
    "19_web_boilerplate",
    "20_extraction_spaces",
    "24_variant_chars",
    "29_whitespace_furniture",
];

/// Cleans fixture `name`, asserts the text output equals `name.expected`, and
/// returns the JSON Lines record for further checks.
fn check_noise(name: &str) -> Doc {
    let input = noise_dir().join(format!("{name}.txt"));
    let expected = fs::read_to_string(noise_dir().join(format!("{name}.expected"))).unwrap();
    let out = ok(&run(&args!["clean", &input]));
    if out != expected {
        let diff = similar::TextDiff::from_lines(&expected, &out);
        panic!(
            "{name}: cleaned text differs from {name}.expected\n{}",
            diff.unified_diff().header("expected", "got")
        );
    }
    let json = ok(&run(&args!["clean", "-f", "jsonl", &input]));
    let mut docs = parse_jsonl(&json);
    assert_eq!(docs.len(), 1);
    let doc = docs.pop().unwrap();
    assert_eq!(format!("{}\n", doc.text), expected);
    doc
}

#[test]
fn noise_fixtures_all_have_expectations_and_tests() {
    let mut found: Vec<String> = fs::read_dir(noise_dir())
        .unwrap()
        .map(|e| file_name(&e.unwrap().path()))
        .collect();
    found.sort();
    let mut want: Vec<String> = NOISE_FIXTURES
        .iter()
        .flat_map(|n| [format!("{n}.expected"), format!("{n}.txt")])
        .collect();
    want.sort();
    assert_eq!(found, want);
}

#[test]
fn noise_01_hard_wraps_are_joined() {
    let doc = check_noise("01_hard_wraps");
    assert_eq!(doc.stats["hard_wraps_joined"], 10);
}

#[test]
fn noise_02_paragraph_breaks_inside_a_sentence_are_joined() {
    let doc = check_noise("02_broken_paragraphs");
    assert_eq!(doc.stats["broken_paragraphs_joined"], 3);
}

#[test]
fn noise_02b_short_lead_before_a_paragraph_break_is_joined() {
    check_noise("02b_broken_paragraph_short_lead");
}

#[test]
fn noise_03_letter_spacing_is_removed() {
    check_noise("03_letter_spacing");
}

#[test]
fn noise_04_spaces_around_numbers_are_removed() {
    check_noise("04_number_spaces");
}

#[test]
fn noise_05_meaningful_spaces_survive() {
    let doc = check_noise("05_meaningful_spaces");
    let bylines: Vec<&str> = doc.bylines.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        bylines,
        ["新华社记者 邹多为 张晓洁", "新华社记者 王全超 摄"]
    );
}

#[test]
fn noise_05b_name_list_in_a_dateline_keeps_its_space() {
    check_noise("05b_name_list_in_dateline");
}

#[test]
fn noise_06_punctuation_width_follows_context() {
    check_noise("06_punct_width");
}

#[test]
fn noise_07_continuation_markers_are_removed_and_recorded() {
    let doc = check_noise("07_continuation_markers");
    let got: Vec<(&str, &str, &str)> = doc
        .continuations
        .iter()
        .map(|c| (c.direction.as_str(), c.page.as_str(), c.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("from", "1", "（上接第一版）"),
            ("from", "1", "（上接第一版）"),
            ("from", "1", "(上接第一版)"),
            ("from", "1", "上接01版"),
            ("from", "1", "(上接1版)"),
            ("to", "2", "（下转第二版）"),
        ]
    );
    let src = fs::read(noise_dir().join("07_continuation_markers.txt")).unwrap();
    for c in &doc.continuations {
        let bytes = &src[c.span[0] as usize..c.span[1] as usize];
        assert_eq!(std::str::from_utf8(bytes).unwrap(), c.text);
    }
}

#[test]
fn noise_07b_marker_broken_by_a_hard_wrap_is_removed() {
    check_noise("07b_marker_across_hard_wrap");
}

#[test]
fn noise_07c_marker_inside_a_hard_wrapped_line_leaves_no_break() {
    check_noise("07c_marker_inside_hard_wrapped_line");
}

#[test]
fn noise_09_datelines_are_kept_and_recorded() {
    let doc = check_noise("09_datelines");
    let datelines: Vec<&str> = doc.datelines.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(
        datelines,
        [
            "据新华社北京6月2日电（记者李恒）",
            "新华社北京6月9日电",
            "新华社北京6月9日电",
            "新华社伦敦6月9日电",
            "新华社北京6月9日电（记者 魏玉坤）",
            "新华社北京4月2日电",
        ]
    );
}

#[test]
fn noise_17_snippet_ellipsis_is_removed_and_flagged() {
    let doc = check_noise("17_truncation");
    assert!(doc.truncated);
    let kinds: Vec<(&str, &str)> = doc
        .removed
        .iter()
        .map(|r| (r.kind.as_str(), r.text.as_str()))
        .collect();
    assert_eq!(kinds, [("truncation", "..."), ("truncation", "...")]);
}

#[test]
fn noise_17b_truncated_paragraph_is_not_joined_to_the_next() {
    check_noise("17b_truncation_boundary");
}

#[test]
fn noise_19_web_boilerplate_is_removed_and_recorded() {
    let doc = check_noise("19_web_boilerplate");
    let kinds: Vec<&str> = doc.removed.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "navigation",
            "navigation",
            "navigation",
            "navigation",
            "source_line",
            "reading_time",
            "source_line",
            "source_line",
        ]
    );
}

#[test]
fn noise_20_extraction_spaces_in_prose_are_removed() {
    check_noise("20_extraction_spaces");
}

#[test]
fn noise_24_variant_characters_are_corrected_and_flagged() {
    let doc = check_noise("24_variant_chars");
    assert_eq!(doc.variants.len(), 2);
    assert!(doc
        .variants
        .iter()
        .all(|v| v.found == "稅" && v.simplified == "税" && v.corrected));
}

#[test]
fn noise_29_whitespace_furniture_is_removed() {
    check_noise("29_whitespace_furniture");
}
