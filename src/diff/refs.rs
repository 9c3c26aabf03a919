//! `reprint diff` operands: a file (cleaned whole) or `FILE#N`, the n-th article `split` cuts out of it.

use super::Text;
use crate::input::{self, InputOptions};
use crate::model::Source;
use crate::normalize::{clean, CleanOptions};
use crate::segment::articles;
use std::path::Path;

/// What an operand names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ref {
    /// A whole file (or `-`, stdin).
    File(String),
    /// Article `n` (from 1) of a file, numbered as `reprint split` numbers it.
    Article { file: String, n: usize },
}

/// An existing path is a file even when its name holds `#`; otherwise a
/// trailing `#N` picks an article.
pub fn parse(arg: &str) -> Ref {
    if arg == "-" || Path::new(arg).exists() {
        return Ref::File(arg.to_string());
    }
    match arg.rsplit_once('#') {
        Some((file, n)) if !file.is_empty() => match n.parse::<usize>() {
            Ok(n) if n >= 1 => Ref::Article {
                file: file.to_string(),
                n,
            },
            _ => Ref::File(arg.to_string()),
        },
        _ => Ref::File(arg.to_string()),
    }
}

fn load_one(path: &str, opts: &InputOptions) -> Result<Source, String> {
    let mut loaded = input::load(&[path.to_string()], opts);
    if let Some(e) = loaded.errors.first() {
        return Err(e.to_string());
    }
    match loaded.sources.len() {
        1 => Ok(loaded.sources.remove(0)),
        0 => Err(format!("{path}: no document")),
        n => Err(format!(
            "{path}: holds {n} documents (a directory or JSON Lines file); give one file"
        )),
    }
}

/// Read and clean both operands. Articles are cut by splitting the files
/// named by article refs together, as `reprint split FILE...` does, so
/// another copy in the run can confirm a stitch.
pub fn resolve(
    args: [&str; 2],
    opts: &InputOptions,
    clean_opts: &CleanOptions,
) -> Result<[Text; 2], String> {
    let refs = args.map(parse);
    let mut files: Vec<&str> = Vec::new();
    for r in &refs {
        let file = match r {
            Ref::File(f) | Ref::Article { file: f, .. } => f.as_str(),
        };
        if !files.contains(&file) {
            files.push(file);
        }
    }
    let sources: Vec<Source> = files
        .iter()
        .map(|f| load_one(f, opts))
        .collect::<Result<_, _>>()?;
    let split_sources: Vec<Source> = sources
        .iter()
        .zip(&files)
        .filter(|(_, f)| {
            refs.iter()
                .any(|r| matches!(r, Ref::Article { file, .. } if file == *f))
        })
        .map(|(s, _)| s.clone())
        .collect();
    let split = articles(&split_sources, clean_opts);
    let text = |arg: &str, r: &Ref| -> Result<Text, String> {
        match r {
            Ref::File(f) => {
                let s = &sources[files.iter().position(|x| x == f).expect("loaded")];
                let c = clean(s, clean_opts);
                Ok(Text {
                    name: arg.to_string(),
                    source: s.path.clone(),
                    text: c.text,
                    map: c.map,
                })
            }
            Ref::Article { file, n } => {
                let k = split_sources
                    .iter()
                    .position(|s| s.path == *file)
                    .expect("split");
                let found = split[k].get(n - 1).ok_or_else(|| {
                    format!(
                        "{arg}: {file} has {} articles (see `reprint split {file}`)",
                        split[k].len()
                    )
                })?;
                Ok(Text {
                    name: arg.to_string(),
                    source: found.source.clone(),
                    text: found.text.clone(),
                    map: found.map.clone().unwrap_or_default(),
                })
            }
        }
    };
    Ok([text(args[0], &refs[0])?, text(args[1], &refs[1])?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_parse() {
        assert_eq!(parse("-"), Ref::File("-".into()));
        assert_eq!(
            parse("no/such/file.txt#3"),
            Ref::Article {
                file: "no/such/file.txt".into(),
                n: 3
            }
        );
        assert_eq!(parse("no/such#x"), Ref::File("no/such#x".into()));
        assert_eq!(parse("no/such#0"), Ref::File("no/such#0".into()));
    }
}
