//! Turn parsed arguments into validated per-command configuration.

use crate::cli::{
    CleanArgs, InputArgs, InputKind, OutputFormat, RuleName, ScanArgs, SplitArgs, SplitFormat,
    UnitArg,
};
use reprint::commands::clean::{CleanConfig, Format};
use reprint::commands::scan::{self, ScanConfig};
use reprint::commands::split::{self, SplitConfig};
use reprint::error::Error;
use reprint::input::{parse_encoding_label, InputFormat, InputOptions};
use reprint::normalize::{CleanOptions, Rule};

pub fn input_options(args: &InputArgs) -> Result<InputOptions, Error> {
    let encoding = match &args.encoding {
        None => None,
        Some(label) => Some(
            parse_encoding_label(label)
                .ok_or_else(|| Error::Usage(format!("unknown encoding: {label}")))?,
        ),
    };
    Ok(InputOptions {
        format: match args.input {
            InputKind::Text => InputFormat::Text,
            InputKind::Jsonl => InputFormat::Jsonl,
        },
        encoding,
        max_file_bytes: parse_size(&args.max_file_size)?,
    })
}

/// `123`, `64K`, `256M`, `1G` (powers of 1024; a trailing `B`/`iB` is allowed).
fn parse_size(text: &str) -> Result<u64, Error> {
    let bad = || Error::Usage(format!("invalid --max-file-size: {text:?} (e.g. 256M)"));
    let t = text.trim().to_ascii_uppercase();
    let t = t
        .strip_suffix("IB")
        .or_else(|| t.strip_suffix('B'))
        .unwrap_or(&t);
    let (digits, shift) = match t.char_indices().last() {
        Some((i, 'K')) => (&t[..i], 10),
        Some((i, 'M')) => (&t[..i], 20),
        Some((i, 'G')) => (&t[..i], 30),
        _ => (t, 0),
    };
    let n: u64 = digits.trim().parse().map_err(|_| bad())?;
    n.checked_mul(1 << shift).ok_or_else(bad)
}

fn rule(name: RuleName) -> Rule {
    match name {
        RuleName::Unicode => Rule::Unicode,
        RuleName::Variants => Rule::Variants,
        RuleName::Punct => Rule::Punct,
        RuleName::Spaces => Rule::Spaces,
        RuleName::Lines => Rule::Lines,
        RuleName::Markers => Rule::Markers,
        RuleName::Boilerplate => Rule::Boilerplate,
    }
}

pub fn clean(args: &CleanArgs) -> Result<CleanConfig, Error> {
    let inputs = args
        .input
        .paths
        .iter()
        .filter(|p| p.as_str() == "-")
        .count();
    if inputs > 1 {
        return Err(Error::Usage("`-` (stdin) given more than once".into()));
    }
    Ok(CleanConfig {
        paths: args.input.paths.clone(),
        input: input_options(&args.input)?,
        clean: CleanOptions {
            disabled: args.disable.iter().map(|&r| rule(r)).collect(),
            correct_variants: !args.no_correct_variants,
            ..CleanOptions::default()
        },
        format: match args.format {
            OutputFormat::Text => Format::Text,
            OutputFormat::Json => Format::Json,
            OutputFormat::Jsonl => Format::Jsonl,
        },
        out_dir: args.output.clone(),
        with_map: args.map,
    })
}

pub fn split(args: &SplitArgs) -> Result<SplitConfig, Error> {
    Ok(SplitConfig {
        paths: args.input.paths.clone(),
        input: input_options(&args.input)?,
        clean: CleanOptions::default(),
        format: match args.format {
            SplitFormat::Text => split::Format::Text,
            SplitFormat::Jsonl => split::Format::Jsonl,
        },
        out_dir: args.output.clone(),
        with_map: args.map,
    })
}

pub fn scan(args: &ScanArgs) -> Result<ScanConfig, Error> {
    if !(0.0..=1.0).contains(&args.cover) || args.cover == 0.0 {
        return Err(Error::Usage(format!(
            "--cover must be in (0, 1], not {}",
            args.cover
        )));
    }
    Ok(ScanConfig {
        paths: args.input.paths.clone(),
        input: input_options(&args.input)?,
        clean: CleanOptions::default(),
        unit: match args.unit {
            UnitArg::Article => scan::Unit::Article,
            UnitArg::File => scan::Unit::File,
        },
        format: match args.format {
            OutputFormat::Text => scan::Format::Text,
            OutputFormat::Json => scan::Format::Json,
            OutputFormat::Jsonl => scan::Format::Jsonl,
        },
        candidates: reprint::candidates::CandidateOptions {
            max_df: args.max_df.max(2),
            ..Default::default()
        },
        align: reprint::align::AlignOptions {
            min_span: args.min_span.max(reprint::fingerprint::N),
            ..Default::default()
        },
        relation: reprint::cluster::RelationOptions {
            cover: args.cover,
            min_overlap: args.min_overlap,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_parse_with_binary_suffixes() {
        assert_eq!(parse_size("123").unwrap(), 123);
        assert_eq!(parse_size("64K").unwrap(), 64 << 10);
        assert_eq!(parse_size("256m").unwrap(), 256 << 20);
        assert_eq!(parse_size("1GiB").unwrap(), 1 << 30);
        assert_eq!(parse_size("2MB").unwrap(), 2 << 20);
        assert!(parse_size("lots").is_err());
        assert!(parse_size("-1").is_err());
        assert!(parse_size("99999999999G").is_err());
    }
}
