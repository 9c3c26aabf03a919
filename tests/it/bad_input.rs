//! Every class of bad input, through the binary, for `clean`, `split` and `scan`.
//!
//! Each bad input gets one stderr line naming it and the reason, every other
//! input is still processed, and the exit code is 2 when something was skipped.
//! Already covered for `clean` in `clean::cli` (not repeated here):
//! binary, missing, empty and whitespace-only files
//! (`bad_inputs_are_reported_one_line_each_and_the_rest_is_cleaned`), NULs in valid
//! UTF-8 (`nul_bytes_in_valid_utf8_are_refused_as_binary`), GB18030, Big5, UTF-16
//! with BOM, CRLF and bare CR (`every_encoding_and_line_ending_gives_byte_identical_output`),
//! a malformed JSON Lines record (`jsonl_input_keeps_fields_replaces_text_and_reports_bad_line`)
//! and `-o` inside the input directory (`output_dir_inside_input_dir_is_refused_and_nothing_written`).

use crate::harness::{args, reprint, run, sample, stderr, stdout, tempdir};
use std::fs;
use std::io::Write;
use std::os::unix::fs::{symlink, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

/// Asserts exit code 2 and exactly one stderr line per `(path, reason)`, each
/// naming that path and holding that reason; returns stdout.
fn skipped(o: &Output, bad: &[(&Path, &str)]) -> String {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), bad.len(), "one line per bad input: {err}");
    for (path, reason) in bad {
        let name = path.display().to_string();
        let hits: Vec<&&str> = lines.iter().filter(|l| l.contains(&name)).collect();
        assert_eq!(hits.len(), 1, "{name} named on one line: {err}");
        assert!(hits[0].contains(reason), "{name}: {reason:?} in {err}");
    }
    stdout(o)
}

/// Asserts exit code 0 (or 1 for `scan` with pairs) and an empty stderr.
fn fine(o: &Output, code: i32) -> String {
    assert_eq!(o.status.code(), Some(code), "stderr: {}", stderr(o));
    assert_eq!(stderr(o), "");
    stdout(o)
}

/// A short story page that `split` keeps as one article.
const STORY: &str = "国家骨干冷链物流基地数量升至105个\n\n新华社北京6月9日电 国家发展改革委近日研究确定了新一批国家骨干冷链物流基地建设名单，新增一批基地，总数达到一百零五个，覆盖全国三十一个省区市。\n";

/// The three commands each test runs, with the argument that names the inputs last.
fn commands() -> [Vec<&'static str>; 3] {
    [
        vec!["clean"],
        vec!["split"],
        vec!["scan", "--unit", "file", "-f", "json"],
    ]
}

fn with(cmd: &[&str], paths: &[&Path]) -> Vec<std::ffi::OsString> {
    let mut v: Vec<std::ffi::OsString> = cmd.iter().map(Into::into).collect();
    v.extend(paths.iter().map(|p| p.as_os_str().to_owned()));
    v
}

/// The good file's content must be in every command's output.
fn good_output_present(cmd: &[&str], out: &str, good: &Path) {
    let needle = if cmd[0] == "scan" {
        good.file_stem().unwrap().to_string_lossy().into_owned()
    } else {
        "国家骨干冷链物流基地".to_string()
    };
    assert!(out.contains(&needle), "{cmd:?}: good file missing: {out}");
}

// ---------------------------------------------------------------------------

#[test]
fn empty_and_whitespace_only_files_are_empty_documents_for_split_and_scan() {
    let tmp = tempdir();
    let empty = tmp.path().join("empty.txt");
    fs::write(&empty, "").unwrap();
    let blank = tmp.path().join("blank.txt");
    fs::write(&blank, " \n\u{3000}\r\n\t\r\r\n").unwrap();
    let good = tmp.path().join("good.txt");
    fs::write(&good, STORY).unwrap();
    let o = run(&args!["split", "-f", "jsonl", &empty, &blank, &good]);
    let out = fine(&o, 0);
    assert_eq!(out.lines().count(), 1, "only the good page has an article");
    assert!(out.contains("\"id\":\"good#1\""), "{out}");
    let o = run(&args![
        "scan", "--unit", "file", "-f", "json", &empty, &blank, &good
    ]);
    let v: serde_json::Value = serde_json::from_str(&fine(&o, 0)).unwrap();
    assert_eq!(v["documents"].as_array().unwrap().len(), 3);
    assert_eq!(
        v["pairs"].as_array().unwrap().len(),
        0,
        "empty pages match nothing"
    );
}

#[test]
fn binary_file_is_skipped_by_split_and_scan() {
    let tmp = tempdir();
    let binary = tmp.path().join("photo.jpg");
    fs::write(&binary, b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01").unwrap();
    let good = tmp.path().join("good.txt");
    fs::write(&good, STORY).unwrap();
    for cmd in &commands()[1..] {
        let o = run(&with(cmd, &[&binary, &good]));
        let out = skipped(&o, &[(&binary, "binary file (NUL bytes)")]);
        good_output_present(cmd, &out, &good);
    }
}

#[test]
fn invalid_utf8_bytes_are_replaced_and_warned_about_not_skipped() {
    let tmp = tempdir();
    // Stray bytes in the middle of multi-byte chars, as a truncated copy-paste leaves them.
    let mut bytes = STORY.repeat(20).into_bytes();
    bytes.insert(61, 0xFF);
    bytes.insert(2000, 0xC3);
    let lossy = tmp.path().join("lossy.txt");
    fs::write(&lossy, &bytes).unwrap();
    for cmd in commands() {
        let o = run(&with(&cmd, &[&lossy]));
        // Nothing was skipped, so the exit code is that of a clean run.
        assert_eq!(o.status.code(), Some(0), "{cmd:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{cmd:?}: {err}");
        assert!(
            err.contains(&format!("{}: decoded as UTF-8 (lossy)", lossy.display())),
            "{err}"
        );
        if cmd[0] != "scan" {
            assert!(stdout(&o).contains('\u{FFFD}'), "{cmd:?}");
        }
    }
    let o = run(&args!["clean", "-f", "jsonl", &lossy]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["encoding"], "UTF-8 (lossy)");
}

/// Sample 004 as GB18030, UTF-16LE with BOM, UTF-16BE with BOM and with bare CR
/// line endings: `split` cuts the same articles and `scan` finds every copy a duplicate.
#[test]
fn encodings_and_bare_cr_give_the_same_articles_and_duplicates() {
    let text = fs::read_to_string(sample("004")).unwrap();
    let tmp = tempdir();
    let utf16 = |le: bool| -> Vec<u8> {
        let mut v = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in text.encode_utf16() {
            v.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        v
    };
    let variants: [(&str, Vec<u8>); 5] = [
        ("utf8", text.clone().into_bytes()),
        ("gb18030", encoding_rs::GB18030.encode(&text).0.into_owned()),
        ("utf16le", utf16(true)),
        ("utf16be", utf16(false)),
        ("cr", text.replace('\n', "\r").into_bytes()),
    ];
    let mut paths = Vec::new();
    for (name, bytes) in &variants {
        let p = tmp.path().join(format!("{name}.txt"));
        fs::write(&p, bytes).unwrap();
        paths.push(p);
    }
    let texts = |p: &Path| -> Vec<String> {
        let o = run(&args!["split", "-f", "jsonl", p]);
        fine(&o, 0)
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["text"].as_str().unwrap().to_string()
            })
            .collect()
    };
    let reference = texts(&paths[0]);
    assert!(reference.len() > 3);
    for p in &paths[1..] {
        assert_eq!(texts(p), reference, "{}", p.display());
    }
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let args = with(&["scan", "--unit", "file", "-f", "json"], &refs);
    let v: serde_json::Value = serde_json::from_str(&fine(&run(&args), 1)).unwrap();
    // Identical keys pair with the first copy (`cr`, in id order) and form one cluster.
    let pairs = v["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 4, "{pairs:?}");
    assert!(pairs
        .iter()
        .all(|p| p["relation"] == "duplicate" && p["a"] == "cr"));
    assert_eq!(v["clusters"][0]["members"].as_array().unwrap().len(), 5);
}

#[test]
fn file_over_the_size_limit_is_skipped_with_its_size() {
    let tmp = tempdir();
    let big = tmp.path().join("big.txt");
    fs::write(&big, "新闻".repeat(200_000)).unwrap(); // 1.2 MB, one line
    let good = tmp.path().join("good.txt");
    fs::write(&good, STORY).unwrap();
    for cmd in commands() {
        let mut args = with(&cmd, &[&big, &good]);
        args.extend(args!["--max-file-size", "1M"]);
        let out = skipped(
            &run(&args),
            &[(&big, "file too large: 1200000 bytes > limit 1048576")],
        );
        good_output_present(&cmd, &out, &good);
    }
    // The default limit (256 MiB) on a real 300 MB file: refused from its size,
    // before a byte is read (sparse, so the test writes nothing).
    let huge = tmp.path().join("huge.txt");
    fs::File::create(&huge)
        .unwrap()
        .set_len(300_000_000)
        .unwrap();
    let start = Instant::now();
    let o = run(&args!["clean", &huge, &good]);
    skipped(
        &o,
        &[(&huge, "file too large: 300000000 bytes > limit 268435456")],
    );
    assert!(start.elapsed() < Duration::from_secs(10));
    let o = run(&args!["clean", "--max-file-size", "lots", &good]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("invalid --max-file-size"));
}

/// A 2 MB page with no line break at all goes through every command in bounded
/// time (the README states the memory it takes per byte).
#[test]
fn two_megabytes_without_a_line_break_are_processed() {
    let tmp = tempdir();
    let long = tmp.path().join("long.txt");
    let sentence = "国家发展改革委近日研究确定了新一批国家骨干冷链物流基地建设名单，新增一批基地，总数达到一百零五个。";
    let text: String = (0..14_000).map(|i| format!("{sentence}{i}")).collect();
    assert!(text.len() > 2_000_000 && !text.contains('\n'));
    fs::write(&long, &text).unwrap();
    for cmd in commands() {
        let start = Instant::now();
        let o = run(&with(&cmd, &[&long]));
        let out = fine(&o, 0);
        assert!(out.len() > 100, "{cmd:?}");
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{cmd:?} too slow"
        );
    }
}

/// A file deleted after the inputs were listed and before it is read: `-j 1`
/// reads inputs in order, and the first is a FIFO that this test only feeds
/// after deleting the last file.
#[test]
fn file_that_disappears_before_it_is_read_is_skipped() {
    let tmp = tempdir();
    let fifo = tmp.path().join("stream.txt");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let good = tmp.path().join("good.txt");
    fs::write(&good, STORY).unwrap();
    let gone = tmp.path().join("gone.txt");
    fs::write(&gone, "这个文件会在读取之前被删除。").unwrap();
    let child = reprint()
        .args(args!["-j", "1", "clean", &fifo, &good, &gone])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Opening the write end without blocking succeeds once reprint has opened
    // the read end, i.e. once it has listed every input.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut writer = loop {
        match fs::OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&fifo)
        {
            Ok(w) => break w,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => panic!("reprint never opened the FIFO: {e}"),
        }
    };
    fs::remove_file(&gone).unwrap();
    writer.write_all("流式输入的内容。\n".as_bytes()).unwrap();
    drop(writer);
    let o = child.wait_with_output().unwrap();
    let out = skipped(&o, &[(&gone, "no such file or directory")]);
    assert!(out.contains("流式输入的内容"), "{out}");
    assert!(out.contains("国家骨干冷链物流基地"), "{out}");
}

/// A file that is there but fails while being read (`/proc/self/mem` fails
/// with EIO at offset 0, like a disk error would), found through a symlink in
/// the input directory.
#[test]
fn file_that_fails_while_read_is_skipped() {
    let tmp = tempdir();
    let dir = tmp.path().join("in");
    fs::create_dir(&dir).unwrap();
    symlink("/proc/self/mem", dir.join("broken.txt")).unwrap();
    fs::write(dir.join("good.txt"), STORY).unwrap();
    let good = dir.join("good.txt");
    for cmd in commands() {
        let out = skipped(
            &run(&with(&cmd, &[&dir])),
            &[(&dir.join("broken.txt"), "cannot read: Input/output error")],
        );
        good_output_present(&cmd, &out, &good);
    }
}

#[test]
fn symlink_loop_in_a_directory_is_reported_not_followed() {
    let tmp = tempdir();
    let dir = tmp.path().join("in");
    fs::create_dir_all(dir.join("sub")).unwrap();
    fs::write(dir.join("sub/good.txt"), STORY).unwrap();
    symlink(&dir, dir.join("sub/loop")).unwrap();
    let good = dir.join("sub/good.txt");
    for cmd in commands() {
        let start = Instant::now();
        let out = skipped(
            &run(&with(&cmd, &[&dir])),
            &[(&dir.join("sub/loop"), "symlink loop")],
        );
        good_output_present(&cmd, &out, &good);
        assert!(start.elapsed() < Duration::from_secs(30));
    }
}

#[test]
fn a_path_given_twice_is_read_once() {
    let tmp = tempdir();
    let a = tmp.path().join("a.txt");
    fs::write(&a, STORY).unwrap();
    let b = tmp.path().join("b.txt");
    fs::write(&b, "新华社北京6月9日电 国家主席今天会见了来访的外国元首，双方就进一步深化两国关系交换了意见。\n").unwrap();
    let dotted = tmp.path().join(".").join("a.txt");
    let once = fine(&run(&args!["clean", &a, &b]), 0);
    let twice = fine(&run(&args!["clean", &a, &b, &dotted, &a, tmp.path()]), 0);
    assert_eq!(twice, once, "each file once, where it first appeared");
    let o = run(&args!["split", "-f", "jsonl", &a, &a]);
    assert_eq!(fine(&o, 0).lines().count(), 1);
    // A file is not a reprint of itself.
    let o = run(&args![
        "scan", "--unit", "file", "-f", "json", &a, &dotted, &a
    ]);
    let v: serde_json::Value = serde_json::from_str(&fine(&o, 0)).unwrap();
    assert_eq!(v["documents"].as_array().unwrap().len(), 1);
    assert_eq!(v["pairs"].as_array().unwrap().len(), 0);
}

#[test]
fn split_refuses_an_output_dir_inside_the_input_dir() {
    let tmp = tempdir();
    let input = tmp.path().join("pages");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("good.txt"), STORY).unwrap();
    let o = run(&args!["split", &input, "-o", input.join("articles")]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("inside input directory"));
    assert!(!input.join("articles").exists());
    assert_eq!(fs::read_dir(&input).unwrap().count(), 1);
}

#[test]
fn malformed_jsonl_line_is_reported_with_its_number_by_split_and_scan() {
    let tmp = tempdir();
    let dump = tmp.path().join("dump.jsonl");
    let good = serde_json::json!({"id": "g", "text": STORY}).to_string();
    let copy = serde_json::json!({"id": "h", "text": STORY}).to_string();
    fs::write(
        &dump,
        format!("{good}\n{{\"id\": \"x\", \"text\": \n\n[1, 2]\n{copy}\n\"text\"\n"),
    )
    .unwrap();
    let line = |n: u32| PathBuf::from(format!("{}:{n}", dump.display()));
    let (l2, l4, l6) = (line(2), line(4), line(6));
    let bad: [(&Path, &str); 3] = [
        (&l2, "EOF while parsing"),
        (&l4, "not a JSON object"),
        (&l6, "not a JSON object"),
    ];
    let o = run(&args!["split", "--input", "jsonl", "-f", "jsonl", &dump]);
    let out = skipped(&o, &bad);
    assert_eq!(out.lines().count(), 2, "records on lines 1 and 5: {out}");
    let o = run(&args!["scan", "--input", "jsonl", "-f", "json", &dump]);
    let out = skipped(&o, &bad);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["pairs"][0]["relation"], "duplicate", "{out}");
}

/// `a/x.txt` and `b/x.txt` both map to `x.txt` under `-o DIR` (and to the same
/// article ids): the second is reported, never appended to or written over the first.
#[test]
fn inputs_with_the_same_name_do_not_share_an_output_file() {
    let tmp = tempdir();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    fs::create_dir(&a).unwrap();
    fs::create_dir(&b).unwrap();
    fs::write(a.join("x.txt"), STORY).unwrap();
    let other = "新华社北京6月9日电 国家主席今天会见了来访的外国元首，双方就进一步深化两国关系交换了意见。\n";
    fs::write(b.join("x.txt"), other).unwrap();
    let (ax, bx) = (a.join("x.txt"), b.join("x.txt"));
    let cases: [(&str, Vec<&Path>, &str); 3] = [
        ("clean", vec![&ax, &bx], "x.txt"),
        ("clean", vec![&a, &b], "x.txt"),
        ("split", vec![&ax, &bx], "x_1.txt"),
    ];
    for (n, (cmd, inputs, name)) in cases.into_iter().enumerate() {
        let out = tmp.path().join(format!("out{n}"));
        let mut args = with(&[cmd], &inputs);
        args.extend(args!["-o", &out]);
        let o = run(&args);
        skipped(&o, &[(&bx, "is already the output of")]);
        let written = fs::read_to_string(out.join(name)).unwrap();
        assert!(written.contains("国家骨干冷链物流基地"), "{cmd}: {written}");
        assert!(
            !written.contains("外国元首"),
            "{cmd}: second input mixed in"
        );
        assert_eq!(fs::read_dir(&out).unwrap().count(), 1, "{cmd}");
    }
}

/// `clean -o` reads, cleans and writes in batches (256 files); a name taken in
/// an earlier batch is still taken, and every batch's files are complete.
#[test]
fn same_name_is_caught_across_output_batches() {
    let tmp = tempdir();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    fs::create_dir(&a).unwrap();
    fs::create_dir(&b).unwrap();
    for i in 0..300 {
        fs::write(a.join(format!("{i:03}.txt")), format!("第{i}篇。\n")).unwrap();
    }
    fs::write(b.join("000.txt"), "另一篇。\n").unwrap();
    let out = tmp.path().join("out");
    let o = run(&args!["clean", &a, &b, "-o", &out]);
    skipped(&o, &[(&b.join("000.txt"), "is already the output of")]);
    assert_eq!(fs::read_dir(&out).unwrap().count(), 300);
    for i in [0, 255, 256, 299] {
        let text = fs::read_to_string(out.join(format!("{i:03}.txt"))).unwrap();
        assert_eq!(text, format!("第{i}篇。\n"));
    }
}
