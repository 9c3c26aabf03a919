//! The bundled samples load as UTF-8 and survive re-encoding to GB18030 and UTF-16.

use crate::harness::{samples_dir, tempdir};
use reprint::input::{load, InputOptions};
use reprint::model::Source;
use std::fs;
use std::path::Path;

fn load_dir(dir: &str) -> Vec<Source> {
    let loaded = load(&[dir.to_string()], &InputOptions::default());
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    loaded.sources
}

fn assert_offsets(source: &Source, file: &Path) {
    let len = fs::metadata(file).unwrap().len() as u32;
    assert_eq!(source.offsets.len(), source.text.chars().count() + 1);
    assert!(source.offsets.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(*source.offsets.last().unwrap(), len, "{}", source.path);
}

#[test]
fn samples_load_as_utf8() {
    let dir = samples_dir().to_str().unwrap().to_string();
    let sources = load_dir(&dir);
    assert_eq!(sources.len(), 5);
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for (source, name) in sources.iter().zip(&names) {
        assert_eq!(source.id, name.trim_end_matches(".txt"));
        assert_eq!(source.path, format!("{dir}/{name}"));
        assert_eq!(source.encoding, "UTF-8");
        assert!(source.record.is_none());
        assert_eq!(source.text, fs::read_to_string(&source.path).unwrap());
        assert_offsets(source, Path::new(&source.path));
    }
}

#[test]
fn reencoded_samples_decode_to_the_same_text() {
    let originals = load_dir(samples_dir().to_str().unwrap());
    let tmp = tempdir();
    for (sub, expected_encoding) in [("gb18030", "GB18030"), ("utf16le", "UTF-16LE")] {
        let dir = tmp.path().join(sub);
        fs::create_dir(&dir).unwrap();
        for source in &originals {
            let bytes = if sub == "gb18030" {
                let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&source.text);
                assert!(!unmappable);
                bytes.into_owned()
            } else {
                let mut bytes = vec![0xFF, 0xFE];
                bytes.extend(source.text.encode_utf16().flat_map(u16::to_le_bytes));
                bytes
            };
            fs::write(dir.join(format!("{}.txt", source.id)), bytes).unwrap();
        }
        let decoded = load_dir(&dir.to_string_lossy());
        assert_eq!(decoded.len(), originals.len());
        for (original, decoded) in originals.iter().zip(&decoded) {
            assert_eq!(decoded.id, original.id);
            assert_eq!(decoded.encoding, expected_encoding, "{}", decoded.path);
            assert!(decoded.text == original.text, "{} differs", decoded.path);
            assert_offsets(decoded, Path::new(&decoded.path));
        }
    }
}
