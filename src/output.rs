//! Writing results: atomic files (temp + rename), cleanup of temp files on interrupt, and guards against writing over inputs.

use std::collections::BTreeSet;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temp files being written, so an interrupt can remove them; `interrupted` is
/// set once the handler has run, after which no new temp file may appear.
struct InFlight {
    temps: BTreeSet<PathBuf>,
    interrupted: bool,
}

static IN_FLIGHT: Mutex<InFlight> = Mutex::new(InFlight {
    temps: BTreeSet::new(),
    interrupted: false,
});

fn in_flight() -> std::sync::MutexGuard<'static, InFlight> {
    // A writer that panicked leaves the set consistent (inserts and removes are single calls).
    IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner())
}

/// The exit code after SIGINT (128 + 2), as shells report it.
pub const INTERRUPTED_EXIT: i32 = 130;

/// On SIGINT, SIGTERM or SIGHUP: remove every temp file being written and exit
/// with [`INTERRUPTED_EXIT`]. Finished outputs are complete (they were renamed
/// into place whole), so an interrupted run leaves only whole files behind.
/// Installed once per process; a second call is a no-op.
pub fn clean_up_on_interrupt() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        // Failing to install (a handler already set by an embedding program) only
        // loses the cleanup, so it is not an error.
        let _ = ctrlc::set_handler(|| {
            // Holding the lock until exit keeps writers from creating new temp
            // files after the sweep (they check `interrupted` under this lock).
            let mut state = in_flight();
            state.interrupted = true;
            for tmp in &state.temps {
                let _ = std::fs::remove_file(tmp);
            }
            std::process::exit(INTERRUPTED_EXIT);
        });
    });
}

/// Write `bytes` to `path` so readers see either the old file or the whole new
/// one, and an interrupt never leaves a partial file (see [`clean_up_on_interrupt`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    // The counter keeps two threads writing the same target from sharing a temp file.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.reprint-tmp-{}-{n}", std::process::id()));
    let file = {
        // Created under the lock: the interrupt handler either sees it registered
        // and removes it, or has already run and this write never starts.
        let mut state = in_flight();
        if state.interrupted {
            return Err(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "interrupted",
            ));
        }
        state.temps.insert(tmp.clone());
        std::fs::File::create(&tmp)
    };
    let result = file.and_then(|mut f| {
        crate::spill::write_in_pieces(&mut f, bytes)?;
        f.sync_all()?;
        // If the handler removed the temp file first, this fails and nothing appears.
        std::fs::rename(&tmp, path)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    in_flight().temps.remove(&tmp);
    result
}

fn absolute(p: &Path) -> PathBuf {
    // The output dir may not exist yet: canonicalize its nearest existing ancestor.
    let mut existing = p.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = if parent.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    parent.to_path_buf()
                };
            }
            _ => break,
        }
    }
    let mut abs = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        abs.push(name);
    }
    abs
}

/// Refuse an output directory that is, or lies inside, an input directory, or
/// that would put a result where an input file is.
pub fn check_output_dir(out: &Path, inputs: &[String]) -> Result<(), String> {
    let out_abs = absolute(out);
    for input in inputs.iter().filter(|i| i.as_str() != "-") {
        let p = Path::new(input);
        let Ok(abs) = p.canonicalize() else { continue };
        if abs.is_dir() && out_abs.starts_with(&abs) {
            return Err(format!(
                "output directory {} is inside input directory {input}: refusing to write into an input",
                out.display()
            ));
        }
        if abs.is_file() && abs.parent().is_some_and(|parent| out_abs == parent) {
            return Err(format!(
                "output directory {} holds input file {input}: refusing to write over inputs",
                out.display()
            ));
        }
    }
    Ok(())
}

/// Refuse an output file inside an input directory, or one that is an input file.
pub fn check_output_file(out: &Path, inputs: &[String]) -> Result<(), String> {
    let out_abs = absolute(out);
    for input in inputs.iter().filter(|i| i.as_str() != "-") {
        let Ok(abs) = Path::new(input).canonicalize() else {
            continue;
        };
        if abs.is_dir() && out_abs.starts_with(&abs) {
            return Err(format!(
                "output {} is inside input directory {input}: refusing to write into an input",
                out.display()
            ));
        }
        if abs == out_abs {
            return Err(format!(
                "output {} is input file {input}: refusing to overwrite an input",
                out.display()
            ));
        }
    }
    Ok(())
}

/// A file name for an id (`001_x#3` → `001_x_3`): ids may hold anything.
pub fn file_stem(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() {
        "doc".to_string()
    } else {
        s
    }
}

/// Unique file stems, in document order (`a_1`, then `a_1-2` for a clash).
pub fn file_stems<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut stems = Stems::default();
    ids.map(|id| stems.next(id)).collect()
}

/// [`file_stems`] one document at a time, for output written as it comes.
#[derive(Debug, Default)]
pub struct Stems {
    used: HashMap<String, usize>,
}

impl Stems {
    /// The stem of the next document, `id`.
    pub fn next(&mut self, id: &str) -> String {
        let stem = file_stem(id);
        let n = self.used.entry(stem.clone()).or_default();
        *n += 1;
        if *n == 1 {
            stem
        } else {
            format!("{stem}-{n}")
        }
    }
}

/// The name an input keeps under the output directory: its path below the
/// directory argument it was found in, or its file name.
pub fn relative_name(path: &str, args: &[String]) -> PathBuf {
    if path == "-" {
        return PathBuf::from("stdin.txt");
    }
    for arg in args {
        let root = Path::new(arg);
        if root.is_dir() {
            if let Ok(rel) = Path::new(path).strip_prefix(root) {
                return rel.to_path_buf();
            }
        }
    }
    Path::new(path)
        .file_name()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("out"))
}

/// `rel` with `.ext` added (unless `keep`: a JSON Lines input keeps its name).
pub fn with_extension(rel: &Path, ext: &str, keep: bool) -> PathBuf {
    if keep {
        return rel.to_path_buf();
    }
    let mut name = rel.as_os_str().to_os_string();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

/// Which input each output file belongs to, across a run's batches: two inputs
/// whose outputs get one name (`a/x.txt` and `b/x.txt`) must not overwrite or
/// append to each other, so the second is skipped.
#[derive(Debug, Default)]
pub struct Owners(HashMap<PathBuf, String>);

impl Owners {
    /// Claims `target` for `input`: `Ok(true)` when first claimed, `Ok(false)`
    /// when `input` already holds it, `Err(first)` naming the input that does.
    pub fn claim(&mut self, target: &Path, input: &str) -> Result<bool, String> {
        match self.0.get(target) {
            Some(first) if first != input => Err(first.clone()),
            Some(_) => Ok(false),
            None => {
                self.0.insert(target.to_path_buf(), input.to_string());
                Ok(true)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_are_safe_and_unique() {
        let stems = file_stems(["001_x#3", "001_x_3", "../etc", "", "新华社/1"].into_iter());
        assert_eq!(stems, ["001_x_3", "001_x_3-2", "_etc", "doc", "新华社_1"]);
    }

    #[test]
    fn atomic_write_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sub/out.txt");
        write_atomic(&target, b"hello").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"hello");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn output_inside_input_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().to_string_lossy().to_string();
        assert!(check_output_dir(&dir.path().join("out"), std::slice::from_ref(&input)).is_err());
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "x").unwrap();
        assert!(check_output_dir(dir.path(), &[file.to_string_lossy().to_string()]).is_err());
        let other = tempfile::tempdir().unwrap();
        assert!(check_output_dir(other.path(), &[file.to_string_lossy().to_string()]).is_ok());
    }

    #[test]
    fn output_file_inside_input_or_over_it_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().to_string_lossy().to_string();
        let inside = dir.path().join("sub/report.html");
        assert!(check_output_file(&inside, std::slice::from_ref(&input)).is_err());
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "x").unwrap();
        let as_given = file.to_string_lossy().to_string();
        assert!(check_output_file(&file, std::slice::from_ref(&as_given)).is_err());
        assert!(check_output_file(&dir.path().join("r.html"), &[as_given]).is_ok());
    }
}
