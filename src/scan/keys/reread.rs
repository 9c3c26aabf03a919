//! Each scanned unit's comparison key: kept, or read again from its JSON Lines record and folded anew.
//!
//! Keys are three bytes a char, about the size of the text itself: held,
//! they are memory the machine has to find or, past the budget, a temp file
//! whose writing costs more than folding every record twice. So a unit read
//! from a regular file's record keeps only where the record is; verification
//! reads the line again (from the page cache, as a rule), parses and folds it
//! exactly as the first time. A hash of the first key tells if the file
//! changed in between: such a unit is then compared as empty, with a note.

use crate::model::RecordAt;
use crate::scan::keys::page::fold_without;
use crate::scan::keys::{Key, KeySpans, Keys, Stored};
use std::borrow::Cow;
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// The hash a unit's key chars are known by: identical keys are found by it,
/// and a key folded again is checked against it.
pub fn key_hash(chars: &[u16]) -> u64 {
    let mut h = crate::hash::FxHasher::default();
    chars.hash(&mut h);
    h.finish()
}

/// Where a unit's record is, when its key was not kept.
#[derive(Debug, Clone, Copy)]
struct Place {
    /// Index into the files; `u32::MAX` for a unit whose key was kept.
    file: u32,
    len: u32,
    offset: u64,
}

const KEPT: u32 = u32::MAX;

/// Collects, unit by unit in storage order, either the key or where to read it again.
#[derive(Debug, Default)]
pub struct UnitKeysWriter {
    places: Vec<Place>,
    paths: Vec<Arc<PathBuf>>,
    lens: Vec<u32>,
    hashes: Vec<u64>,
    gone: Gone,
}

/// Per unit, the byte ranges its text is folded without (see
/// [`crate::scan::keys::page`]), all in one vector: most units have none or a few.
#[derive(Debug, Default)]
struct Gone {
    ranges: Vec<(u32, u32)>,
    /// Where each unit's ranges end in `ranges`.
    ends: Vec<u32>,
}

impl Gone {
    fn of(&self, doc: usize) -> &[(u32, u32)] {
        let start = doc.checked_sub(1).map_or(0, |d| self.ends[d] as usize);
        &self.ranges[start..self.ends[doc] as usize]
    }
}

impl UnitKeysWriter {
    /// Records the next unit. Returns whether its key must be kept: it was
    /// not read from a record that can be read again. `len` and `hash` are
    /// the key's length and [`key_hash`]; `gone` the byte ranges of its text
    /// it was folded without.
    pub fn push(
        &mut self,
        at: Option<&RecordAt>,
        len: usize,
        hash: u64,
        gone: &[(u32, u32)],
    ) -> bool {
        self.lens.push(len as u32);
        self.hashes.push(hash);
        self.gone.ranges.extend_from_slice(gone);
        self.gone.ends.push(self.gone.ranges.len() as u32);
        let Some(at) = at else {
            self.places.push(Place {
                file: KEPT,
                len: 0,
                offset: 0,
            });
            return true;
        };
        // Records come file by file: the last file is nearly always this one.
        let file = match self.paths.iter().rposition(|p| Arc::ptr_eq(p, &at.file)) {
            Some(k) => k,
            None => {
                self.paths.push(at.file.clone());
                self.paths.len() - 1
            }
        };
        self.places.push(Place {
            file: file as u32,
            len: at.len,
            offset: at.offset,
        });
        false
    }

    /// How many units' keys are to be read again rather than kept.
    pub fn again(&self) -> usize {
        self.places.iter().filter(|p| p.file != KEPT).count()
    }

    /// The keys, with `kept` holding those [`UnitKeysWriter::push`] said to
    /// keep (and an empty key for each other unit). `max_chars` and `lean`
    /// must be what the units were folded and read with.
    pub fn finish(self, kept: Keys, max_chars: usize, lean: bool) -> UnitKeys {
        let files = self
            .paths
            .iter()
            .map(|p| File::open(p.as_path()).map_err(|e| format!("{}: {e}", p.display())))
            .collect();
        UnitKeys {
            kept,
            places: self.places,
            files,
            lens: self.lens,
            hashes: self.hashes,
            max_chars,
            lean,
            gone: self.gone,
            failed: Mutex::new(Vec::new()),
        }
    }
}

/// Every unit's key, by storage order: kept in a [`Keys`] store, or read
/// again and folded when asked for.
#[derive(Debug)]
pub struct UnitKeys {
    kept: Keys,
    places: Vec<Place>,
    files: Vec<Result<File, String>>,
    lens: Vec<u32>,
    hashes: Vec<u64>,
    max_chars: usize,
    lean: bool,
    gone: Gone,
    /// Units that could not be folded again as they were, by storage order.
    failed: Mutex<Vec<(usize, String)>>,
}

impl UnitKeys {
    /// Why keys stayed in memory past the budget, if they did.
    pub fn failed_to_spill(&self) -> Option<&str> {
        self.kept.failed.as_deref()
    }

    /// Length of unit `doc`'s key, without reading it.
    pub fn key_len(&self, doc: usize) -> usize {
        self.lens[doc] as usize
    }

    /// The hash of unit `doc`'s key chars.
    pub fn hash(&self, doc: usize) -> u64 {
        self.hashes[doc]
    }

    /// Key chars of unit `doc`.
    pub fn chars(&self, doc: usize) -> Cow<'_, [u16]> {
        match self.again(doc) {
            None => self.kept.chars(doc),
            Some(key) => Cow::Owned(key.chars),
        }
    }

    /// Unit `doc`'s key whole.
    pub fn stored(&self, doc: usize) -> Stored<'_> {
        match self.again(doc) {
            None => self.kept.stored(doc),
            Some(key) => Stored::whole(key),
        }
    }

    /// Source spans of unit `doc`'s key chars.
    pub fn get(&self, doc: usize) -> KeySpans {
        self.stored(doc).spans()
    }

    /// Units whose record could not be read and folded again as the first
    /// time (the file changed or went away during the scan), with why; they
    /// were compared as empty.
    pub fn failures(&self) -> Vec<(usize, String)> {
        let mut failed = self.failed.lock().expect("failures").clone();
        failed.sort();
        failed.dedup_by_key(|(doc, _)| *doc);
        failed
    }

    /// Unit `doc`'s key folded again, or `None` when it was kept.
    fn again(&self, doc: usize) -> Option<Key> {
        let p = self.places[doc];
        if p.file == KEPT {
            return None;
        }
        let key = self.files[p.file as usize]
            .as_ref()
            .map_err(String::clone)
            .and_then(|file| crate::input::reread_record(file, p.offset, p.len, self.lean))
            .map(|s| fold_without(&s.text, &s.offsets, self.gone.of(doc), self.max_chars).0)
            .and_then(|key| {
                (key_hash(&key.chars) == self.hashes[doc])
                    .then_some(key)
                    .ok_or_else(|| "the record changed during the scan".to_string())
            });
        Some(key.unwrap_or_else(|why| {
            self.failed.lock().expect("failures").push((doc, why));
            Key::default()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spill::Budget;

    fn key(text: &str) -> Key {
        Key::from_source(text, &[], usize::MAX).0
    }

    #[test]
    fn keys_read_again_match_the_first_and_changes_are_caught() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.jsonl");
        let lines = [
            "{\"id\": 1, \"text\": \"新华社北京6月9日电，\\n大力发展\"}",
            "{\"id\": 2, \"text\": \"第二条 记录\"}",
        ];
        std::fs::write(&path, lines.join("\n")).unwrap();
        let file = Arc::new(path.clone());
        let mut w = UnitKeysWriter::default();
        let mut kept = Vec::new();
        let mut offset = 0;
        let mut firsts = Vec::new();
        for (k, line) in lines.iter().enumerate() {
            let text = crate::input::reread_record(
                &File::open(&path).unwrap(),
                offset,
                line.len() as u32,
                true,
            )
            .unwrap()
            .text;
            let first = key(&text);
            let at = RecordAt {
                file: file.clone(),
                offset,
                len: line.len() as u32,
            };
            // The second unit's key is kept, as for stdin.
            let at = (k == 0).then_some(&at);
            let keep = w.push(at, first.len(), key_hash(&first.chars), &[]);
            kept.push(if keep { first.clone() } else { Key::default() });
            firsts.push(first);
            offset += line.len() as u64 + 1;
        }
        let kept = {
            let mut k = crate::scan::keys::KeysWriter::new(&Budget::new(u64::MAX));
            k.push_batch(kept);
            k.finish()
        };
        let keys = w.finish(kept, usize::MAX, true);
        for (d, first) in firsts.iter().enumerate() {
            assert_eq!(keys.chars(d).as_ref(), first.chars.as_slice());
            assert_eq!(keys.get(d).spans, first.spans);
            assert_eq!(keys.key_len(d), first.len());
        }
        assert!(keys.failures().is_empty());
        // Changed under the scan: the unit is compared as empty and named.
        std::fs::write(&path, lines.join("\n").replace("大力", "小力")).unwrap();
        assert!(keys.chars(0).is_empty());
        assert_eq!(keys.chars(1).as_ref(), firsts[1].chars.as_slice());
        assert_eq!(
            keys.failures(),
            [(0, "the record changed during the scan".to_string())]
        );
    }
}
