//! Expanding command-line paths into a deterministic, duplicate-free file list.

use super::InputError;
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One input to read, with enough context to mirror it under an output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The path as given, or for a file found under a directory, the directory
    /// argument joined with the relative path (`samples/001_x.txt`); `-` for stdin.
    pub display: String,
    /// What to open (`-` for stdin).
    pub path: PathBuf,
    /// The directory argument the file was found under; for a file given directly,
    /// its parent directory (empty for a bare name and for stdin).
    pub root: PathBuf,
    /// `path` relative to `root`: the file name for a file given directly.
    pub relative: PathBuf,
}

impl Found {
    pub fn is_stdin(&self) -> bool {
        self.display == "-"
    }

    fn stdin() -> Found {
        Found {
            display: "-".to_string(),
            path: PathBuf::from("-"),
            root: PathBuf::new(),
            relative: PathBuf::from("-"),
        }
    }
}

/// Expands files, directories (recursively, entries in byte order, hidden names
/// skipped) and `-` (stdin) in argument order. A file reached twice, through a
/// repeated argument, an overlapping directory or a symlink, is kept only where it
/// first appeared; that is not an error.
pub fn expand_paths(paths: &[String]) -> (Vec<Found>, Vec<InputError>) {
    let mut walk = Walk::default();
    for arg in paths {
        walk.arg(arg);
    }
    (walk.found, walk.errors)
}

#[derive(Default)]
struct Walk {
    found: Vec<Found>,
    errors: Vec<InputError>,
    /// Canonical paths of files already listed (and `-`).
    seen_files: HashSet<PathBuf>,
    /// Canonical paths of directories already walked, so overlapping arguments and
    /// symlinked directories are walked once.
    seen_dirs: HashSet<PathBuf>,
}

impl Walk {
    fn arg(&mut self, arg: &str) {
        if arg == "-" {
            if self.seen_files.insert(PathBuf::from("-")) {
                self.found.push(Found::stdin());
            }
            return;
        }
        let path = PathBuf::from(arg);
        let meta = match fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) => return self.error(arg, &path, e),
        };
        if meta.is_dir() {
            let mut ancestors = Vec::new();
            self.dir(&path, &path, &mut ancestors);
        } else {
            // Given explicitly, so even a FIFO (`<(cmd)`) or a hidden name is read.
            let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
            let relative = path.file_name().map(PathBuf::from).unwrap_or_default();
            self.file(Found {
                display: arg.to_string(),
                path,
                root,
                relative,
            });
        }
    }

    fn file(&mut self, found: Found) {
        let key = fs::canonicalize(&found.path).unwrap_or_else(|_| found.path.clone());
        if self.seen_files.insert(key) {
            self.found.push(found);
        }
    }

    /// `ancestors` holds the directories being walked above `dir` (canonical, as
    /// walked): meeting one again means a symlink loop, reported, not followed.
    fn dir(&mut self, root: &Path, dir: &Path, ancestors: &mut Vec<(PathBuf, PathBuf)>) {
        let display = dir.to_string_lossy();
        let canonical = match fs::canonicalize(dir) {
            Ok(canonical) => canonical,
            Err(e) => return self.error(&display, dir, e),
        };
        if let Some((_, seen)) = ancestors.iter().find(|(c, _)| *c == canonical) {
            let reason = format!("symlink loop: leads back to {}", seen.to_string_lossy());
            return self.errors.push(InputError::new(&display, None, reason));
        }
        if !self.seen_dirs.insert(canonical.clone()) {
            return;
        }
        let mut entries = match read_dir_sorted(dir) {
            Ok(entries) => entries,
            Err(e) => {
                let reason = format!("cannot read directory: {e}");
                return self.errors.push(InputError::new(&display, None, reason));
            }
        };
        ancestors.push((canonical, dir.to_path_buf()));
        for name in entries.drain(..) {
            let path = dir.join(&name);
            let meta = match fs::metadata(&path) {
                Ok(meta) => meta,
                Err(e) => {
                    self.error(&path.to_string_lossy(), &path, e);
                    continue;
                }
            };
            if meta.is_dir() {
                self.dir(root, &path, ancestors);
            } else if meta.is_file() {
                let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                self.file(Found {
                    display: path.to_string_lossy().into_owned(),
                    path,
                    root: root.to_path_buf(),
                    relative,
                });
            }
            // Sockets, FIFOs and devices inside a directory are not documents, and
            // opening a FIFO would block the run.
        }
        ancestors.pop();
    }

    fn error(&mut self, display: &str, path: &Path, e: io::Error) {
        let reason = match e.kind() {
            io::ErrorKind::NotFound if fs::symlink_metadata(path).is_ok() => {
                "broken symbolic link".to_string()
            }
            io::ErrorKind::NotFound => "no such file or directory".to_string(),
            _ => format!("cannot read: {e}"),
        };
        self.errors.push(InputError::new(display, None, reason));
    }
}

/// Non-hidden entry names, sorted by their bytes (`OsString` orders by bytes on
/// Unix) so the file list does not depend on the file system's order.
fn read_dir_sorted(dir: &Path) -> io::Result<Vec<std::ffi::OsString>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir)? {
        let name = entry?.file_name();
        if !name.as_encoded_bytes().starts_with(b".") {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn touch(path: &Path) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "x").unwrap();
    }

    fn displays(found: &[Found]) -> Vec<&str> {
        found.iter().map(|f| f.display.as_str()).collect()
    }

    #[test]
    fn directory_walk_is_sorted_and_skips_hidden() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path().join("in");
        for name in [
            "b.txt",
            "a.txt",
            "B.txt",
            "sub/z.txt",
            "sub/a.txt",
            "a0/x.txt",
        ] {
            touch(&d.join(name));
        }
        touch(&d.join(".hidden.txt"));
        touch(&d.join(".git/config"));
        let arg = format!("{}/", d.display());
        let (found, errors) = expand_paths(std::slice::from_ref(&arg));
        assert!(errors.is_empty(), "{errors:?}");
        let rel: Vec<String> = found
            .iter()
            .map(|f| f.relative.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            rel,
            [
                "B.txt",
                "a.txt",
                "a0/x.txt",
                "b.txt",
                "sub/a.txt",
                "sub/z.txt"
            ]
        );
        assert_eq!(found[0].display, format!("{arg}B.txt"));
        assert!(found.iter().all(|f| f.root == Path::new(&arg)));
        assert!(found.iter().all(|f| f.path.is_file()));
    }

    #[test]
    fn duplicates_keep_first_occurrence() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path().join("in");
        touch(&d.join("a.txt"));
        touch(&d.join("b.txt"));
        let a = d.join("a.txt").to_string_lossy().into_owned();
        let dir = d.to_string_lossy().into_owned();
        let dotted = format!("{dir}/./b.txt");
        let args = [
            a.clone(),
            dir.clone(),
            a.clone(),
            dotted,
            "-".into(),
            "-".into(),
        ];
        let (found, errors) = expand_paths(&args);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(displays(&found), [a, format!("{dir}/b.txt"), "-".into()]);
        assert!(found[2].is_stdin());
        assert_eq!(found[0].relative, Path::new("a.txt"));
        assert_eq!(found[0].root, d);
    }

    #[test]
    fn symlink_loop_is_reported_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path().join("in");
        touch(&d.join("sub/a.txt"));
        symlink(&d, d.join("sub/back")).unwrap();
        symlink("self", d.join("self")).unwrap();
        let arg = d.to_string_lossy().into_owned();
        let (found, errors) = expand_paths(std::slice::from_ref(&arg));
        assert_eq!(displays(&found), [format!("{arg}/sub/a.txt")]);
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].starts_with(&format!("{arg}/self: cannot read:")));
        assert_eq!(
            messages[1],
            format!("{arg}/sub/back: symlink loop: leads back to {arg}")
        );
    }

    #[test]
    fn symlinked_file_and_dir_are_followed_once() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path().join("in");
        touch(&d.join("real/a.txt"));
        symlink(d.join("real"), d.join("link")).unwrap();
        symlink(d.join("real/a.txt"), d.join("z.txt")).unwrap();
        symlink(d.join("missing"), d.join("dangling.txt")).unwrap();
        let arg = d.to_string_lossy().into_owned();
        let (found, errors) = expand_paths(std::slice::from_ref(&arg));
        // "link" sorts before "real", so the file is listed through the link.
        assert_eq!(displays(&found), [format!("{arg}/link/a.txt")]);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].to_string(),
            format!("{arg}/dangling.txt: broken symbolic link")
        );
    }

    #[test]
    fn missing_path_is_an_error() {
        let (found, errors) = expand_paths(&["/nonexistent/reprint/x.txt".to_string()]);
        assert!(found.is_empty());
        assert_eq!(
            errors[0].to_string(),
            "/nonexistent/reprint/x.txt: no such file or directory"
        );
    }
}
