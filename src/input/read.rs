//! Reading one listed input (file or stdin) into sources.

use super::{decode, jsonl, Found, InputError, InputFormat, InputOptions};
use crate::model::Source;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

pub(crate) fn load_one(found: &Found, opts: &InputOptions) -> (Vec<Source>, Vec<InputError>) {
    let mut sources = Vec::new();
    let errors = load_each(found, opts, &mut |batch| sources.extend(batch));
    (sources, errors)
}

/// Reads one input, handing its sources to `sink` (a JSON Lines dump in batches).
pub(crate) fn load_each(
    found: &Found,
    opts: &InputOptions,
    sink: &mut dyn FnMut(Vec<Source>),
) -> Vec<InputError> {
    let stdin = found.is_stdin();
    // Spooled stdin under the name of the file it stands for, if given.
    let renamed = match (&opts.stdin, &opts.stdin_name) {
        (Some(_), Some(name)) if stdin => Some(Found {
            display: name.clone(),
            ..found.clone()
        }),
        _ => None,
    };
    let found = renamed.as_ref().unwrap_or(found);
    let stem = match &renamed {
        Some(f) => stem(Path::new(&f.display)),
        None if stdin => "stdin".to_string(),
        None => stem(&found.path),
    };
    let fail = |reason: String| vec![InputError::new(&found.display, None, reason)];
    if stdin && opts.stdin.is_none() {
        return from_reader(io::stdin().lock(), 0, (found, None), &stem, opts, sink)
            .unwrap_or_else(fail);
    }
    // Stdin already spooled to a file is read from there, under its own name.
    let path = match (&opts.stdin, stdin) {
        (Some(spool), true) => spool.as_path(),
        _ => found.path.as_path(),
    };
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) => return fail(io_reason(&e)),
    };
    // The size is known up front for regular files, so a huge one is refused
    // before anything is read; FIFOs report 0 and are limited while reading.
    // A JSON Lines dump is streamed, so the limit applies to each record instead.
    let meta = file.metadata().ok();
    let size = meta.as_ref().map_or(0, |m| m.len());
    // Records of a regular file can be read again where they are (a FIFO's cannot).
    let again = meta
        .filter(|m| m.is_file())
        .map(|_| std::sync::Arc::new(path.to_path_buf()));
    if size > opts.max_file_bytes && opts.format != InputFormat::Jsonl {
        return fail(format!(
            "file too large: {size} bytes > limit {}",
            opts.max_file_bytes
        ));
    }
    from_reader(file, size, (found, again), &stem, opts, sink).unwrap_or_else(fail)
}

/// Reads the text file `found` as pieces of about `piece` bytes (see
/// [`super::pieces`]); its errors and warnings.
pub(crate) fn load_pieces(
    found: &Found,
    opts: &InputOptions,
    piece: u64,
    sink: &mut dyn FnMut(Vec<Source>),
) -> (Vec<InputError>, Vec<InputError>) {
    let fail = |reason: String| {
        (
            vec![InputError::new(&found.display, None, reason)],
            Vec::new(),
        )
    };
    let file = match File::open(&found.path) {
        Ok(file) => file,
        Err(e) => return fail(io_reason(&e)),
    };
    let size = file.metadata().map_or(0, |m| m.len());
    if size > opts.max_file_bytes {
        let limit = opts.max_file_bytes;
        return fail(format!("file too large: {size} bytes > limit {limit}"));
    }
    if size >= u64::from(u32::MAX) {
        return fail(format!(
            "file too large: {size} bytes do not fit 32-bit offsets"
        ));
    }
    // As many pieces at a time as there are threads to clean them, and no more: memory holds a batch.
    let per_batch = rayon::current_num_threads().clamp(1, 4);
    let reader = io::BufReader::with_capacity(1 << 20, file);
    let piece = piece.min(u32::MAX as u64) as usize;
    super::pieces::read(
        reader,
        found,
        &stem(&found.path),
        opts,
        (piece, per_batch),
        sink,
    )
}

fn from_reader(
    reader: impl Read,
    size_hint: u64,
    (found, again): (&Found, Option<std::sync::Arc<std::path::PathBuf>>),
    stem: &str,
    opts: &InputOptions,
    sink: &mut dyn FnMut(Vec<Source>),
) -> Result<Vec<InputError>, String> {
    let limit = opts.max_file_bytes;
    if opts.format == InputFormat::Jsonl {
        return Ok(jsonl::read_each(
            reader,
            &found.display,
            stem,
            limit,
            opts.lean,
            again,
            sink,
        ));
    }
    let mut bytes = Vec::with_capacity(size_hint.min(limit) as usize);
    // One byte past the limit tells a file that grew (or a stream) is too large.
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "file too large: more than the limit of {limit} bytes"
        ));
    }
    let decoded = decode::decode_owned(bytes, opts.encoding)?;
    let source = Source {
        id: stem.to_string(),
        path: found.display.clone(),
        encoding: decoded.encoding.to_string(),
        text: decoded.text,
        offsets: decoded.offsets,
        record: None,
        at: None,
        piece: None,
    };
    sink(vec![source]);
    Ok(Vec::new())
}

/// The file name without its final extension (`a.tar.gz` → `a.tar`).
fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        _ => format!("cannot read: {e}"),
    }
}
