//! `reprint.merge` as an iterator in bounded memory: the records spooled to a temp JSON Lines file,
//! the library's streamed merge run over it on a worker thread, rendered records handed back in chunks.
//!
//! The file is read as `reprint merge --input jsonl` reads the file `name`
//! (`InputOptions::stdin_name`), so ids, sources and output equal the CLI's.
//! Memory holds a batch of records while spooling, then what
//! `merge::merge_stream` holds (the clusters), plus [`CHUNKS_AHEAD`] chunks.

use crate::options::{self, Compare};
use crate::records;
use crate::{engine, internal_error, panic_message};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use reprint::error::Outcome;
use reprint::input::{spool, InputFormat, InputOptions};
use reprint::merge::{merge_stream, Document, Render, Sink};
use reprint::model::merge::Keep;
use reprint::model::Stats;
use reprint::render;
use reprint::scan::Unit;
use std::io::{BufWriter, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Mutex;
use std::thread::JoinHandle;

/// Records converted per batch while spooling (the file is written by a worker meanwhile).
const SPOOL_BATCH: usize = 2048;
/// Bytes of rendered records per hand-over: each hand-over takes the GIL once.
const CHUNK_BYTES: usize = 1 << 18;
/// Chunks the worker may render ahead of the reader before it waits.
const CHUNKS_AHEAD: usize = 4;

/// What the worker hands over: rendered records, or why the run failed.
enum Msg {
    Chunk(Vec<u8>),
    Failed(String),
}

/// Renders a document as `merge --format jsonl` does.
struct Lines(Keep);

impl Render for Lines {
    fn render(&self, d: &Document) -> Vec<u8> {
        render::merge::jsonl_record(&d.doc, d.record, self.0).into_bytes()
    }
}

/// Gathers rendered records into chunks and sends each; fails once the reader is gone.
struct Channel {
    lines: Lines,
    buf: Vec<u8>,
    tx: SyncSender<Msg>,
}

impl Channel {
    fn send(&mut self) -> std::io::Result<()> {
        let chunk = std::mem::take(&mut self.buf);
        self.tx.send(Msg::Chunk(chunk)).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the iterator was dropped")
        })
    }
}

impl Sink for Channel {
    fn renderer(&self) -> &dyn Render {
        &self.lines
    }

    fn emit(&mut self, item: &[u8]) -> std::io::Result<()> {
        self.buf.extend_from_slice(item);
        if self.buf.len() >= CHUNK_BYTES {
            self.send()?;
        }
        Ok(())
    }
}

/// The output records of one `reprint.merge` call, a chunk of JSON lines per step.
#[pyclass(module = "reprint._reprint")]
pub struct MergeStream {
    rx: Mutex<Option<Receiver<Msg>>>,
    worker: Mutex<Option<JoinHandle<()>>>,
}

#[pymethods]
impl MergeStream {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    /// The next chunk of output records (JSON lines, each ending in `\n`).
    fn __next__(&self, py: Python<'_>) -> PyResult<Option<String>> {
        let got = py.detach(|| {
            let rx = self.rx.lock().unwrap_or_else(|e| e.into_inner());
            rx.as_ref().map(|rx| rx.recv())
        });
        match got {
            Some(Ok(Msg::Chunk(bytes))) => Ok(Some(String::from_utf8(bytes).map_err(|_| {
                PyRuntimeError::new_err("reprint: internal error: a record is not UTF-8")
            })?)),
            Some(Ok(Msg::Failed(why))) => {
                self.stop(py);
                Err(PyRuntimeError::new_err(why))
            }
            // The worker is done (or the stream was closed).
            Some(Err(_)) | None => {
                self.stop(py);
                Ok(None)
            }
        }
    }

    /// Stops the merge and removes its temp files; the iterator then ends.
    fn close(&self, py: Python<'_>) {
        self.stop(py);
    }
}

impl MergeStream {
    /// Drops the receiver (the worker fails at its next hand-over) and waits for the worker.
    fn stop(&self, py: Python<'_>) {
        drop(self.rx.lock().unwrap_or_else(|e| e.into_inner()).take());
        let worker = self.worker.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(w) = worker {
            // The worker catches its panics: a join error cannot carry one.
            let _ = py.detach(|| w.join());
        }
    }
}

impl Drop for MergeStream {
    fn drop(&mut self) {
        Python::attach(|py| self.stop(py));
    }
}

/// The records spooled to a new temp file, one a line (`text` last in an
/// object made from a dict or pair; a JSON line as given, once checked), so
/// line n of the file is the n-th record.
fn spool_records(
    py: Python<'_>,
    records: &Bound<'_, PyAny>,
    name: &str,
) -> PyResult<spool::Spooled> {
    let spooled = spool::stdin(std::io::empty())?;
    let file = std::fs::OpenOptions::new()
        .append(true)
        .open(spooled.path.as_path())?;
    let naming = records::Naming::new(name);
    // Each batch is written on a worker while the next is converted under the GIL.
    let (tx, rx) = sync_channel::<Vec<records::Line>>(1);
    let writer = {
        let naming = naming.clone();
        std::thread::spawn(move || -> PyResult<()> {
            let mut out = BufWriter::with_capacity(1 << 20, file);
            let at = (naming.name.as_str(), naming.stem.as_str());
            for batch in rx {
                for line in batch {
                    match line {
                        records::Line::Object(object) => serde_json::to_writer(&mut out, &object)
                            .map_err(std::io::Error::from)?,
                        records::Line::Raw(n, bytes) => {
                            // A bad line raises at the call, as a bad dict does, not when the merge reads it.
                            if let Some(Err(e)) =
                                reprint::input::parse_jsonl_line(&bytes, n, at, u64::MAX, false)
                            {
                                return Err(records::bad_line(e));
                            }
                            out.write_all(&bytes)?;
                        }
                    }
                    out.write_all(b"\n")?;
                }
            }
            Ok(out.flush()?)
        })
    };
    let read = records::objects(records, &naming, SPOOL_BATCH, |batch| {
        // A send fails only when the writer stopped: its error is reported below.
        py.detach(|| tx.send(batch)).map_err(|_| stopped())
    });
    drop(tx);
    let written = py.detach(|| writer.join());
    match written {
        // The writer's error comes from an earlier record than the reader's.
        Ok(Err(e)) => return Err(e),
        Err(payload) => return Err(internal_error(payload)),
        Ok(Ok(())) => read?,
    }
    Ok(spooled)
}

/// The reader's error when its worker stopped (the worker's own error is the one reported).
pub(crate) fn stopped() -> PyErr {
    PyRuntimeError::new_err("reprint: internal error: the worker stopped")
}

#[pyfunction]
#[pyo3(signature = (records, keep, compare, threads, name))]
pub fn merge(
    py: Python<'_>,
    records: &Bound<'_, PyAny>,
    keep: &str,
    compare: Compare,
    threads: Option<i64>,
    name: &str,
) -> PyResult<MergeStream> {
    let keep = options::keep(keep)?;
    let opts = compare.options()?;
    let pool = options::pool(threads)?;
    let (tx, rx) = sync_channel::<Msg>(CHUNKS_AHEAD);
    if opts.unit != Unit::File {
        // Articles are cut with statistics of the whole run (as the CLI's `merge --unit article`): in memory.
        let sources = records::sources(records, &records::Naming::new(name), true)?;
        let out = engine(py, pool.as_ref(), || {
            let texts = reprint::scan::units::unit_texts(&sources, &opts);
            let docs = reprint::merge::merge_units(&sources, &texts, &opts, keep);
            let fields = reprint::merge::records_by_id(&sources, &texts);
            render::merge::jsonl(&docs, &fields, keep)
        })?;
        tx.send(Msg::Chunk(out.into_bytes()))
            .expect("the channel has room");
        return Ok(MergeStream {
            rx: Mutex::new(Some(rx)),
            worker: Mutex::new(None),
        });
    }
    let spooled = spool_records(py, records, name)?;
    let input = InputOptions {
        format: InputFormat::Jsonl,
        // The records are in memory already in Python: none is refused for its size.
        max_file_bytes: u64::MAX,
        stdin: Some(spooled.path.clone()),
        stdin_name: Some(name.to_string()),
        ..InputOptions::default()
    };
    let worker = run_on_worker(tx, keep, pool, move |sink| {
        // Dropped when the worker ends: the spooled records go with it.
        let _spooled = spooled;
        merge_stream(&["-".to_string()], &input, &opts, keep, sink)
    });
    Ok(MergeStream {
        rx: Mutex::new(Some(rx)),
        worker: Mutex::new(Some(worker)),
    })
}

/// What a merge's worker runs: the records it renders go to the sink.
type Job = dyn FnOnce(&mut Channel) -> Result<(Outcome, Stats), reprint::error::Error> + Send;

/// Runs `job` on a new worker thread (on `pool` when given), its chunks and
/// then its failure, if any, handed to `tx`: a panic in the engine becomes a
/// `Failed` message (a `RuntimeError` in Python), never an abort.
fn run_on_worker(
    tx: SyncSender<Msg>,
    keep: Keep,
    pool: Option<rayon::ThreadPool>,
    job: impl FnOnce(&mut Channel) -> Result<(Outcome, Stats), reprint::error::Error> + Send + 'static,
) -> JoinHandle<()> {
    let job: Box<Job> = Box::new(job);
    std::thread::spawn(move || {
        let mut sink = Channel {
            lines: Lines(keep),
            buf: Vec::new(),
            tx: tx.clone(),
        };
        let run = catch_unwind(AssertUnwindSafe(|| match &pool {
            Some(p) => p.install(|| job(&mut sink)),
            None => job(&mut sink),
        }));
        let failed = match run {
            Ok(Ok((outcome, _))) if outcome.skipped.is_empty() => {
                // The last chunk; a failed send means the reader is gone.
                let _ = sink.send();
                return;
            }
            Ok(Ok((outcome, _))) => format!("reprint.merge: {}", outcome.skipped.join("; ")),
            // The reader is gone: nobody to tell.
            Ok(Err(reprint::error::Error::Io(e))) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                return
            }
            Ok(Err(e)) => format!("reprint.merge: {e}"),
            Err(payload) => panic_message(payload),
        };
        let _ = sink.send();
        let _ = tx.send(Msg::Failed(failed));
    })
}

/// A merge stream whose worker emits `records` records (`{"n": i}`) and then
/// panics (inside a rayon task with `on_pool`): the worker and hand-over of
/// [`merge`] with the engine call swapped for a panic, for the tests.
#[cfg(feature = "test-hooks")]
#[pyfunction]
pub fn _merge_panic_for_tests(records: usize, on_pool: bool) -> PyResult<MergeStream> {
    let (tx, rx) = sync_channel::<Msg>(CHUNKS_AHEAD);
    let pool = if on_pool {
        options::pool(Some(2))?
    } else {
        None
    };
    let worker = run_on_worker(tx, Keep::Merged, pool, move |sink| {
        for i in 0..records {
            sink.emit(format!("{{\"n\": {i}}}\n").as_bytes())?;
        }
        if on_pool {
            rayon::join(|| (), || panic!("a test panic in a merge"));
        }
        panic!("a test panic in a merge")
    });
    Ok(MergeStream {
        rx: Mutex::new(Some(rx)),
        worker: Mutex::new(Some(worker)),
    })
}
