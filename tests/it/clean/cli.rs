//! `reprint clean` through the binary, on the five sample pages in `samples/`.

use super::{ok, parse_jsonl, within, Doc, Meta, Span};
use crate::harness::{
    args, entries, file_name, run, run_with_stdin, sample, samples, samples_dir, stderr, stdout,
    tempdir,
};
use serde::Deserialize;
use std::fs;
use std::path::Path;

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
    let tmp = tempdir();
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
    let tmp = tempdir();
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
    let tmp = tempdir();
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
    let tmp = tempdir();
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
    let tmp = tempdir();
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
    let before = entries(&samples_dir());
    let tmp = tempdir();
    let out_dir = tmp.path().join("cleaned");
    let o = run(&args!["clean", samples_dir(), "-o", &out_dir]);
    assert_eq!(ok(&o), "", "nothing on stdout with -o");
    let written = entries(&out_dir);
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
    assert!(entries(&samples_dir()) == before, "inputs changed");
}

#[test]
fn output_dir_inside_input_dir_is_refused_and_nothing_written() {
    let tmp = tempdir();
    let input = tmp.path().join("pages");
    fs::create_dir(&input).unwrap();
    for path in samples() {
        fs::copy(&path, input.join(file_name(&path))).unwrap();
    }
    let before = entries(&input);
    for target in [input.join("out"), input.clone()] {
        let o = run(&args!["clean", &input, "-o", &target]);
        assert_eq!(o.status.code(), Some(2), "-o {}", target.display());
        assert_eq!(stdout(&o), "");
        assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
        assert!(!input.join("out").exists());
        assert!(entries(&input) == before, "input directory changed");
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
