//! Turns command-line paths (files, directories, `-`) into decoded [`Source`]s.
//!
//! Every problem with one input becomes an [`InputError`] and the run goes on with
//! the rest: a batch of scraped files always has a few bad ones, and losing the
//! whole batch to one of them would be worse than reporting it.
//!
//! Offsets always point into the bytes as stored (BOM included, before decoding),
//! so later stages can report positions a user can find with a hex editor or
//! `dd`, whatever the file's encoding. Line endings are left for `normalize`.
//!
//! JSON Lines records keep their other fields in `Source::record`, without `text`
//! (see `jsonl.rs`). `--encoding` does not apply to them: JSON Lines is UTF-8.

mod decode;
mod jsonl;
mod offsets;
mod pieces;
mod read;
pub mod spool;
mod walk;

pub use decode::{decode, parse_encoding_label, Decoded};
pub use walk::{expand_paths, Found};

use crate::model::Source;
use rayon::prelude::*;

/// The default for [`InputOptions::max_file_bytes`]: far above any article, low
/// enough that a stray disk image or database dump is refused, not loaded.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 256 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// One document per file (or stdin).
    #[default]
    Text,
    /// One document per line: a JSON object with `text` and optional `id`.
    Jsonl,
}

#[derive(Debug, Clone)]
pub struct InputOptions {
    pub format: InputFormat,
    /// Set by `--encoding`: skips detection for text inputs.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Larger inputs are refused with an error (for JSON Lines: larger records).
    pub max_file_bytes: u64,
    /// Read JSON Lines records lean: `id` and `text` only, without the other
    /// fields (`Source::record`) or offsets (the text is its own source). A scan
    /// needs no more and reads several times faster.
    pub lean: bool,
    /// A file holding what stdin gave, read wherever `-` is (under the name
    /// `-`, its records re-readable by offset): see [`spool::stdin`].
    pub stdin: Option<std::sync::Arc<std::path::PathBuf>>,
    /// The file name `-` read from `stdin` goes by (sources `name:line`, a
    /// missing id `stem:line`), for a caller spooling records it was handed
    /// (the Python package); `None`: `-` and `stdin`.
    pub stdin_name: Option<String>,
    /// Text files larger than this many bytes are read as pieces of about this
    /// size ([`crate::model::Piece`]) by [`load_each`]; `None`: read whole.
    pub pieces: Option<u64>,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            format: InputFormat::Text,
            encoding: None,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            lean: false,
            stdin: None,
            stdin_name: None,
            pieces: None,
        }
    }
}

/// A problem with one input (or one JSON Lines record), shown as
/// `path[:line]: reason` on one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {}", one_line(.path), line_suffix(.line), one_line(.reason))]
pub struct InputError {
    pub path: String,
    /// 1-based line of a JSON Lines record.
    pub line: Option<u64>,
    pub reason: String,
}

impl InputError {
    pub fn new(path: &str, line: Option<u64>, reason: impl Into<String>) -> InputError {
        InputError {
            path: path.to_string(),
            line,
            reason: reason.into(),
        }
    }
}

fn line_suffix(line: &Option<u64>) -> String {
    line.map(|l| format!(":{l}")).unwrap_or_default()
}

/// File names may contain newlines; escaping them keeps one error per line.
fn one_line(s: &str) -> String {
    if !s.contains(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Everything read, and everything that could not be.
#[derive(Debug, Default)]
pub struct Loaded {
    /// In the order of [`expand_paths`], records in file order.
    pub sources: Vec<Source>,
    /// Path expansion errors first, then per-input errors in input order.
    pub errors: Vec<InputError>,
    /// Inputs that were read but altered: bytes that did not decode became U+FFFD.
    pub warnings: Vec<InputError>,
}

impl Loaded {
    /// What was skipped or read with replaced bytes, as a run's outcome.
    pub fn outcome(&self) -> crate::error::Outcome {
        crate::error::Outcome {
            skipped: self.errors.iter().map(ToString::to_string).collect(),
            warnings: self.warnings.iter().map(ToString::to_string).collect(),
            ..Default::default()
        }
    }

    /// A run's stats, begun with the read stage that took from `since` until now.
    pub fn read_stats(
        &self,
        since: std::time::Instant,
    ) -> (crate::model::Stats, std::time::Instant) {
        let mut stats = crate::model::Stats {
            bytes: self.sources.iter().map(|s| s.text.len() as u64).sum(),
            ..Default::default()
        };
        let n = self.sources.len() as u64;
        let next = stats.stage("read", since, format!("{n} inputs"), vec![("inputs", n)]);
        (stats, next)
    }
}

/// The JSON Lines record whose line is `len` bytes from byte `offset` of
/// `file` (see [`crate::model::RecordAt`]), read again and parsed as it was
/// the first time (`lean` or not): what a scan that did not keep its key
/// needs to fold it again.
pub fn reread_record(
    file: &std::fs::File,
    offset: u64,
    len: u32,
    lean: bool,
) -> Result<Source, String> {
    jsonl::reread(file, offset, len, lean)
}

/// Reads JSON Lines records from any reader as if it were the input `display`
/// (ids default to `stem:line`), records of at most `limit` bytes: what `load`
/// does for one `--input jsonl` file, exposed so the parser can be fuzzed and embedded.
pub fn read_jsonl(
    reader: impl std::io::Read,
    display: &str,
    stem: &str,
    limit: u64,
) -> (Vec<Source>, Vec<InputError>) {
    let mut sources = Vec::new();
    let errors = jsonl::read_each(reader, display, stem, limit, false, None, &mut |batch| {
        sources.extend(batch)
    });
    (sources, errors)
}

/// Line `line` (1-based; `raw`, its line ending optional) of the JSON Lines
/// input `display`, parsed as `load` parses it (`lean` as
/// [`InputOptions::lean`], records of at most `limit` bytes): `None` for a
/// blank line. For a caller handed lines one at a time (the Python package).
pub fn parse_jsonl_line(
    raw: &[u8],
    line: u64,
    (display, stem): (&str, &str),
    limit: u64,
    lean: bool,
) -> Option<Result<Source, InputError>> {
    jsonl::parse_line(raw, line, (display, stem, lean), limit)
}

/// One warning per source whose bytes did not all decode: its text differs
/// from the bytes on disk, so the user is told even though nothing was skipped
/// (JSON output also shows it in `encoding`).
fn lossy_warnings(sources: &[Source]) -> Vec<InputError> {
    sources
        .iter()
        .filter(|s| s.encoding.ends_with("(lossy)"))
        .map(|s| {
            InputError::new(
                &s.path,
                None,
                format!(
                    "decoded as {}: invalid bytes replaced by U+FFFD",
                    s.encoding
                ),
            )
        })
        .collect()
}

/// Loads `paths` (`-` is stdin). Inputs are read and decoded in parallel; the
/// result is in input order regardless.
pub fn load(paths: &[String], opts: &InputOptions) -> Loaded {
    let (found, errors) = expand_paths(paths);
    let mut loaded = load_found(&found, opts);
    loaded.errors.splice(0..0, errors);
    loaded
}

/// Reads already listed inputs (a batch of [`expand_paths`]' result), in parallel,
/// in order.
pub fn load_found(found: &[Found], opts: &InputOptions) -> Loaded {
    let per_input: Vec<_> = found
        .par_iter()
        .map(|found| read::load_one(found, opts))
        .collect();
    let mut loaded = Loaded {
        sources: Vec::with_capacity(found.len()),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    for (sources, errors) in per_input {
        loaded.sources.extend(sources);
        loaded.errors.extend(errors);
    }
    loaded.warnings = lossy_warnings(&loaded.sources);
    loaded
}

/// Reads `paths` like [`load`] but hands sources to `sink` in batches, in input
/// order, so a caller that keeps only what it needs of each source runs in memory
/// bounded by the batch, not the corpus. Returns every error and warning, in
/// input order (`sources` left empty).
pub fn load_each(
    paths: &[String],
    opts: &InputOptions,
    mut sink: impl FnMut(Vec<Source>),
) -> Loaded {
    /// Plain files read together, in parallel.
    const FILES_PER_BATCH: usize = 256;
    let (found, errors) = expand_paths(paths);
    let mut out = Loaded {
        errors,
        ..Loaded::default()
    };
    // Plain files between two streamed inputs are read as one run of `found`.
    let flush = |run: &[Found], out: &mut Loaded, sink: &mut dyn FnMut(Vec<Source>)| {
        if run.is_empty() {
            return;
        }
        let loaded = load_found(run, opts);
        out.errors.extend(loaded.errors);
        out.warnings.extend(loaded.warnings);
        if !loaded.sources.is_empty() {
            sink(loaded.sources);
        }
    };
    let mut start = 0;
    for (k, f) in found.iter().enumerate() {
        // Stdin and dumps stream on their own; plain files are batched.
        if f.is_stdin() || opts.format == InputFormat::Jsonl {
            flush(&found[start..k], &mut out, &mut sink);
            start = k + 1;
            out.errors.extend(read::load_each(f, opts, &mut sink));
        } else if let Some(piece) = opts.pieces.filter(|&p| file_size(f) > p) {
            flush(&found[start..k], &mut out, &mut sink);
            start = k + 1;
            let (errors, warnings) = read::load_pieces(f, opts, piece, &mut sink);
            out.errors.extend(errors);
            out.warnings.extend(warnings);
        } else if k + 1 - start >= FILES_PER_BATCH {
            flush(&found[start..=k], &mut out, &mut sink);
            start = k + 1;
        }
    }
    flush(&found[start..], &mut out, &mut sink);
    out
}

fn file_size(f: &Found) -> u64 {
    std::fs::metadata(&f.path).map_or(0, |m| m.len())
}

/// Inputs cleaned and written together under `-o DIR`: memory then holds one
/// batch, not the whole run (a corpus of millions of pages is larger than
/// memory). A batch ends at this many files or bytes, whichever comes first.
pub const BATCH_FILES: usize = 256;
pub const BATCH_BYTES: u64 = 64 << 20;

/// Consecutive batches of `found`, by [`BATCH_FILES`] and [`BATCH_BYTES`].
pub fn batches(found: &[Found]) -> Vec<&[Found]> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0u64);
    for (i, f) in found.iter().enumerate() {
        // A file that cannot be stat'ed counts as empty; reading it reports why.
        bytes += std::fs::metadata(&f.path).map_or(0, |m| m.len());
        if i + 1 - start >= BATCH_FILES || bytes >= BATCH_BYTES {
            out.push(&found[start..=i]);
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < found.len() {
        out.push(&found[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    fn s(path: &std::path::Path) -> String {
        path.to_string_lossy().into_owned()
    }

    #[test]
    fn error_display_is_one_line() {
        let e = InputError::new("a.jsonl", Some(3), "bad");
        assert_eq!(e.to_string(), "a.jsonl:3: bad");
        let e = InputError::new("we\nird.txt", None, "no such file or directory");
        assert_eq!(e.to_string(), "we\\nird.txt: no such file or directory");
    }

    #[test]
    fn load_files_and_directories_in_order() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("news");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("002_b.txt"), "乙").unwrap();
        fs::write(dir.join("001_a.txt"), "甲").unwrap();
        fs::write(dir.join("empty.txt"), "").unwrap();
        fs::write(dir.join(".draft.txt"), "hidden").unwrap();
        fs::write(dir.join("bin.dat"), b"\x89PNG\0\0\xff").unwrap();
        let gb = tmp.path().join("gb.txt");
        let (bytes, _, _) = encoding_rs::GB18030
            .encode("新华社北京6月9日电 国家主席习近平今天在人民大会堂会见外宾。");
        fs::write(&gb, &bytes).unwrap();
        let missing = s(&tmp.path().join("missing.txt"));

        let args = [s(&gb), s(&dir), missing.clone(), s(&dir.join("001_a.txt"))];
        let loaded = load(&args, &InputOptions::default());

        let ids: Vec<&str> = loaded.sources.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, ["gb", "001_a", "002_b", "empty"]);
        assert_eq!(loaded.sources[0].path, s(&gb));
        assert_eq!(loaded.sources[0].encoding, "GB18030");
        assert_eq!(loaded.sources[1].path, format!("{}/001_a.txt", s(&dir)));
        assert_eq!(loaded.sources[1].text, "甲");
        assert_eq!(loaded.sources[3].text, "");
        assert_eq!(loaded.sources[3].offsets, [0]);
        assert!(loaded.sources.iter().all(|x| x.record.is_none()));

        let errors: Vec<String> = loaded.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                format!("{missing}: no such file or directory"),
                format!("{}/bin.dat: binary file (NUL bytes)", s(&dir)),
            ]
        );
    }

    #[test]
    fn too_large_and_unreadable_files_are_errors() {
        let tmp = tempfile::tempdir().unwrap();
        let big = tmp.path().join("big.txt");
        fs::write(&big, "x".repeat(100)).unwrap();
        let small = tmp.path().join("small.txt");
        fs::write(&small, "ok").unwrap();
        let locked = tmp.path().join("locked.txt");
        fs::write(&locked, "secret").unwrap();
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
        let readable_anyway = fs::read(&locked).is_ok(); // running as root

        let opts = InputOptions {
            max_file_bytes: 10,
            ..InputOptions::default()
        };
        let loaded = load(&[s(&big), s(&small), s(&locked)], &opts);
        assert_eq!(
            loaded.errors[0].to_string(),
            format!("{}: file too large: 100 bytes > limit 10", s(&big))
        );
        assert_eq!(loaded.sources[0].text, "ok");
        if !readable_anyway {
            assert_eq!(loaded.errors.len(), 2);
            assert!(loaded.errors[1]
                .to_string()
                .starts_with(&format!("{}: cannot read: ", s(&locked))));
        }
    }

    #[test]
    fn jsonl_files_load_records() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("dump.jsonl");
        fs::write(
            &path,
            "{\"id\": 7, \"text\": \"一\"}\nnot json\n{\"text\": \"二\"}\n",
        )
        .unwrap();
        let opts = InputOptions {
            format: InputFormat::Jsonl,
            ..InputOptions::default()
        };
        let loaded = load(&[s(&path)], &opts);
        let ids: Vec<&str> = loaded.sources.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, ["7", "dump:3"]);
        assert_eq!(loaded.sources[1].path, format!("{}:3", s(&path)));
        assert_eq!(loaded.errors.len(), 1);
        assert_eq!(loaded.errors[0].line, Some(2));
    }

    #[test]
    fn forced_encoding_applies_to_files() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("short.txt");
        // Too short for reliable detection; --encoding settles it.
        fs::write(&path, encoding_rs::BIG5.encode("國際").0).unwrap();
        let opts = InputOptions {
            encoding: parse_encoding_label("big5"),
            ..InputOptions::default()
        };
        let loaded = load(&[s(&path)], &opts);
        assert_eq!(loaded.sources[0].text, "國際");
        assert_eq!(loaded.sources[0].encoding, "Big5");
    }
}
