//! Stdin copied to a temp file once, so a command that reads its input twice (merge) can read `-` again.

use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A temp file holding what stdin gave; removed when dropped.
#[derive(Debug)]
pub struct Spooled {
    pub path: Arc<PathBuf>,
}

impl Drop for Spooled {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(self.path.as_path());
    }
}

/// Copies `reader` (stdin, as a rule) to a new file in the temp directory
/// (`TMPDIR`). Set [`super::InputOptions::stdin`] to its path and `-` is read
/// from there: its records then carry their place, as a regular file's do.
pub fn stdin(mut reader: impl io::Read) -> io::Result<Spooled> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir();
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!("reprint-{}-{n}.stdin", std::process::id()));
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path);
        match file {
            Ok(file) => {
                // Made before the copy, so a failed copy leaves no file behind.
                let spooled = Spooled {
                    path: Arc::new(path),
                };
                let mut out = io::BufWriter::with_capacity(1 << 20, file);
                io::copy(&mut reader, &mut out)?;
                io::Write::flush(&mut out)?;
                return Ok(spooled);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io::Error::new(e.kind(), format!("{}: {e}", dir.display()))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{load, InputFormat, InputOptions};

    #[test]
    fn spooled_stdin_reads_as_stdin_with_places() {
        let lines = "{\"text\": \"第一条\"}\n{\"id\": \"b\", \"text\": \"第二条\"}\n";
        let spooled = stdin(lines.as_bytes()).unwrap();
        let opts = InputOptions {
            format: InputFormat::Jsonl,
            stdin: Some(spooled.path.clone()),
            ..InputOptions::default()
        };
        let loaded = load(&["-".to_string()], &opts);
        let ids: Vec<&str> = loaded.sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["stdin:1", "b"]);
        assert_eq!(loaded.sources[1].path, "-:2");
        let at = loaded.sources[1].at.clone().expect("a place to read again");
        let file = std::fs::File::open(at.file.as_path()).unwrap();
        let again = crate::input::reread_record(&file, at.offset, at.len, false).unwrap();
        assert_eq!(again.text, "第二条");
        let path = spooled.path.clone();
        drop(spooled);
        assert!(!path.exists());
    }

    #[test]
    fn spooled_stdin_under_a_name_reads_as_that_file() {
        let lines = "{\"text\": \"第一条\"}\n{\"id\": \"b\", \"text\": \"第二条\"}\n";
        let spooled = stdin(lines.as_bytes()).unwrap();
        let opts = InputOptions {
            format: InputFormat::Jsonl,
            stdin: Some(spooled.path.clone()),
            stdin_name: Some("dir/corpus.jsonl".to_string()),
            ..InputOptions::default()
        };
        let loaded = load(&["-".to_string()], &opts);
        let ids: Vec<&str> = loaded.sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["corpus:1", "b"]);
        assert_eq!(loaded.sources[1].path, "dir/corpus.jsonl:2");
        assert!(loaded.sources[1].at.is_some());
    }
}
