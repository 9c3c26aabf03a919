//! Turn parsed arguments into validated per-command configuration.

use crate::cli::{
    CleanArgs, ColorChoice, CompareArgs, DiffArgs, DiffFormat, InputArgs, InputKind, KeepArg,
    MarkupArg, MergeArgs, MergeFormat, OutputFormat, ReportArgs, RuleName, ScanArgs, SplitArgs,
    SplitFormat, StatsArgs, StatsFormat, UnitArg,
};
use reprint::commands::clean::CleanConfig;
use reprint::commands::diff::{self, DiffConfig};
use reprint::commands::merge::{self, MergeConfig};
use reprint::commands::report::ReportConfig;
use reprint::commands::scan::{self, ScanConfig};
use reprint::commands::split::SplitConfig;
use reprint::commands::StatsMode;
use reprint::diff::DiffOptions;
use reprint::error::Error;
use reprint::input::{parse_encoding_label, InputFormat, InputOptions};
use reprint::model::merge::Keep;
use reprint::normalize::{CleanOptions, MarkupMode, Rule};
use reprint::render::clean::StreamFormat;
use reprint::render::split::Format as SplitBody;
use reprint::scan::{ScanOptions, Thresholds, Unit};
use std::io::IsTerminal;
use std::time::Duration;

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
        lean: false,
        ..InputOptions::default()
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

fn markup(arg: MarkupArg) -> MarkupMode {
    match arg {
        MarkupArg::Auto => MarkupMode::Auto,
        MarkupArg::Html => MarkupMode::Html,
        MarkupArg::Markdown => MarkupMode::Markdown,
        MarkupArg::None => MarkupMode::None,
    }
}

/// The cleaning every command applies to what it reads.
fn clean_options(input: &InputArgs) -> CleanOptions {
    CleanOptions {
        markup: markup(input.markup),
        ..CleanOptions::default()
    }
}

fn rule(name: RuleName) -> Rule {
    match name {
        RuleName::Markup => Rule::Markup,
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
            ..clean_options(&args.input)
        },
        format: match args.format {
            OutputFormat::Text => StreamFormat::Text,
            OutputFormat::Json => StreamFormat::Json,
            OutputFormat::Jsonl => StreamFormat::Jsonl,
        },
        out_dir: args.output.clone(),
        with_map: args.map,
        stats: stats_mode(&args.stats),
    })
}

pub fn split(args: &SplitArgs) -> Result<SplitConfig, Error> {
    Ok(SplitConfig {
        paths: args.input.paths.clone(),
        input: input_options(&args.input)?,
        clean: clean_options(&args.input),
        format: match args.format {
            SplitFormat::Text => SplitBody::Text,
            SplitFormat::Jsonl => SplitBody::Jsonl,
        },
        out_dir: args.output.clone(),
        with_map: args.map,
        stats: stats_mode(&args.stats),
    })
}

pub fn scan(args: &ScanArgs) -> Result<ScanConfig, Error> {
    Ok(ScanConfig {
        format: match args.format {
            OutputFormat::Text => scan::Format::Text,
            OutputFormat::Json => scan::Format::Json,
            OutputFormat::Jsonl => scan::Format::Jsonl,
        },
        stats: stats_mode(&args.stats),
        ..comparison(&args.input, &args.compare)?
    })
}

/// The comparison settings every command that scans shares.
fn comparison(input: &InputArgs, args: &CompareArgs) -> Result<ScanConfig, Error> {
    let input_opts = InputOptions {
        lean: true,
        ..input_options(input)?
    };
    Ok(ScanConfig {
        paths: input.paths.clone(),
        scan: ScanOptions {
            clean: clean_options(input),
            // A JSON Lines record is one unit: records are not pages to split.
            unit: match (args.unit, input_opts.format) {
                (_, InputFormat::Jsonl) | (UnitArg::File, _) => Unit::File,
                (UnitArg::Article, _) => Unit::Article,
            },
            memory: parse_size(&args.memory)?,
            ..ScanOptions::default()
        }
        .with(Thresholds {
            cover: args.cover,
            min_overlap: args.min_overlap,
            min_span: args.min_span,
            max_df: args.max_df,
        })
        .map_err(|e| Error::Usage(format!("--{e}")))?,
        input: input_opts,
        format: scan::Format::Json,
        stats: StatsMode::Off,
    })
}

pub fn merge(args: &MergeArgs) -> Result<MergeConfig, Error> {
    let scan = ScanConfig {
        stats: stats_mode(&args.stats),
        ..comparison(&args.input, &args.compare)?
    };
    Ok(MergeConfig {
        // Output records carry every field of the input record.
        input: InputOptions {
            lean: false,
            ..scan.input.clone()
        },
        scan,
        out_dir: args.output.clone(),
        format: match args.format {
            MergeFormat::Text => merge::Format::Text,
            MergeFormat::Jsonl => merge::Format::Jsonl,
        },
        keep: match args.keep {
            KeepArg::Merged => Keep::Merged,
            KeepArg::First => Keep::First,
            KeepArg::Longest => Keep::Longest,
        },
    })
}

fn deadline(secs: f64) -> Result<Duration, Error> {
    if !(secs.is_finite() && secs > 0.0 && secs <= 3600.0) {
        return Err(Error::Usage(format!(
            "--deadline must be in (0, 3600] seconds, not {secs}"
        )));
    }
    Ok(Duration::from_secs_f64(secs))
}

pub fn diff(args: &DiffArgs) -> Result<DiffConfig, Error> {
    if args.a == "-" && args.b == "-" {
        return Err(Error::Usage("`-` (stdin) given for both A and B".into()));
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let input = InputArgs {
        paths: Vec::new(),
        input: InputKind::Text,
        encoding: args.encoding.clone(),
        max_file_size: crate::cli::DEFAULT_MAX_FILE_SIZE.to_string(),
        markup: args.markup,
    };
    Ok(DiffConfig {
        a: args.a.clone(),
        b: args.b.clone(),
        input: input_options(&input)?,
        clean: clean_options(&input),
        format: match args.format {
            DiffFormat::Text => diff::Format::Text,
            DiffFormat::Unified => diff::Format::Unified,
            DiffFormat::Json => diff::Format::Json,
            DiffFormat::Html => diff::Format::Html,
        },
        color,
        context: args.context,
        diff: {
            deadline(args.deadline)?;
            DiffOptions::default()
        },
    })
}

pub fn report(args: &ReportArgs) -> Result<ReportConfig, Error> {
    Ok(ReportConfig {
        scan: ScanConfig {
            stats: stats_mode(&args.stats),
            ..comparison(&args.input, &args.compare)?
        },
        output: args.output.clone(),
        diff: {
            deadline(args.deadline)?;
            DiffOptions::default()
        },
    })
}

/// `--stats-format json` implies `--stats`.
fn stats_mode(args: &StatsArgs) -> StatsMode {
    match (args.stats, args.stats_format) {
        (_, StatsFormat::Json) => StatsMode::Json,
        (true, StatsFormat::Text) => StatsMode::Lines,
        (false, StatsFormat::Text) => StatsMode::Off,
    }
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
