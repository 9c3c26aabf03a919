//! Command-line definitions (clap derive) and nothing else.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Find reprinted and overlapping articles in scraped or OCR'd Chinese news,
/// clean them, merge them and show how the copies differ.
#[derive(Debug, Parser)]
#[command(name = "reprint", version, about, long_about = None)]
pub struct Cli {
    /// Worker threads (default: all cores). Output is identical for any count.
    #[arg(long, short = 'j', global = true, value_name = "N")]
    pub threads: Option<usize>,

    #[command(subcommand)]
    pub command: Command,
}

/// `--max-file-size` unless given.
pub const DEFAULT_MAX_FILE_SIZE: &str = "256M";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Clean pages so two copies differ only where their words differ.
    Clean(CleanArgs),
    /// Split pages into articles, stitching layout fragments back together.
    Split(SplitArgs),
    /// Find copies, containment and shared passages across pages (exit 1 when any pair is found).
    Scan(ScanArgs),
    /// One clean document per story: copies merged, the rest cleaned as they are.
    Merge(MergeArgs),
    /// Show how two texts or articles differ (exit 0 identical, 1 different).
    Diff(DiffArgs),
    /// Write one HTML page with every cluster `scan` finds and the diffs of its copies.
    Report(ReportArgs),
}

/// How inputs are read (shared by every command that reads pages).
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files, directories (read recursively, in sorted order) or `-` for stdin.
    #[arg(value_name = "PATH", default_value = "-")]
    pub paths: Vec<String>,

    /// Input kind: plain text pages or JSON Lines records with `id` and `text`.
    #[arg(long = "input", value_enum, default_value_t = InputKind::Text)]
    pub input: InputKind,

    /// Force an encoding instead of detecting it (utf-8, gb18030, gbk, big5, utf-16le, utf-16be).
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,

    /// Skip (and report) any input file larger than this: bytes, or with a K, M or G suffix (powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: String,

    /// Markup in the text: found where it really is (auto), read as HTML or Markdown, or left alone (none).
    #[arg(long, value_enum, default_value_t = MarkupArg::Auto)]
    pub markup: MarkupArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MarkupArg {
    Auto,
    Html,
    Markdown,
    None,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum InputKind {
    Text,
    Jsonl,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RuleName {
    Markup,
    Unicode,
    Variants,
    Punct,
    Spaces,
    Lines,
    Markers,
    Boilerplate,
}

#[derive(Debug, Args)]
pub struct CleanArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,

    /// Write one file per input into DIR (same relative names) instead of stdout.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: Option<PathBuf>,

    /// Switch a cleaning rule off (repeatable, or comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "RULE")]
    pub disable: Vec<RuleName>,

    /// Only flag traditional/variant characters; never replace them.
    #[arg(long)]
    pub no_correct_variants: bool,

    /// Include the source byte range of every output char in JSON output (`map`).
    #[arg(long)]
    pub map: bool,

    #[command(flatten)]
    pub stats: StatsArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SplitFormat {
    Text,
    Jsonl,
}

#[derive(Debug, Args)]
pub struct SplitArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = SplitFormat::Text)]
    pub format: SplitFormat,

    /// Write one file per article into DIR instead of stdout.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: Option<PathBuf>,

    /// Include the source byte range of every char of `text` in JSON output (`map`).
    #[arg(long)]
    pub map: bool,

    #[command(flatten)]
    pub stats: StatsArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum UnitArg {
    Article,
    File,
}

/// How units are compared (shared by scan, report and merge).
#[derive(Debug, Clone, Args)]
pub struct CompareArgs {
    /// What to compare: articles cut out by `split`, or whole files/records.
    #[arg(long, value_enum, default_value_t = UnitArg::Article)]
    pub unit: UnitArg,

    /// Share of a document another must hold for `duplicate`/`contains` (0-1).
    #[arg(long, default_value_t = 0.8, value_name = "SHARE")]
    pub cover: f64,

    /// Least shared chars for an `overlap`.
    #[arg(long, default_value_t = 40, value_name = "CHARS")]
    pub min_overlap: usize,

    /// Shortest shared passage reported, in chars.
    #[arg(long, default_value_t = 14, value_name = "CHARS")]
    pub min_span: usize,

    /// N-grams found in more documents than this are ignored as stock phrases.
    #[arg(long, default_value_t = 64, value_name = "DOCS")]
    pub max_df: usize,

    /// Comparison keys and index held in memory (e.g. 512M, 2G); beyond this
    /// they go to a temp file in $TMPDIR, deleted when the run ends.
    #[arg(long, default_value = DEFAULT_MEMORY, value_name = "SIZE")]
    pub memory: String,
}

/// Default of `--memory`: a 100k-document scan stays in memory.
pub const DEFAULT_MEMORY: &str = "512M";

#[derive(Debug, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,

    #[command(flatten)]
    pub compare: CompareArgs,

    #[command(flatten)]
    pub stats: StatsArgs,
}

/// `--stats` and `--stats-format`, the same for every command that reads a run.
#[derive(Debug, Clone, Args)]
pub struct StatsArgs {
    /// Print each stage's time, throughput and size on stderr.
    #[arg(long)]
    pub stats: bool,

    /// How `--stats` prints: a line a stage, or one JSON object (implies `--stats`).
    #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
    pub stats_format: StatsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DiffFormat {
    Text,
    Unified,
    Json,
    Html,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// First text: a file, `-` (stdin), or `FILE#N` for article N as `split` numbers it.
    #[arg(value_name = "A")]
    pub a: String,

    /// Second text, as A.
    #[arg(value_name = "B")]
    pub b: String,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,

    /// Color the text format (auto: on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Equal chars shown on each side of a variant in the text format.
    #[arg(long, short = 'C', default_value_t = 20, value_name = "CHARS")]
    pub context: usize,

    /// Kept for compatibility, no longer used: diffs are bounded by size, not time, so output never depends on load.
    #[arg(long, default_value_t = 2.0, value_name = "SECS")]
    pub deadline: f64,

    /// Force an encoding instead of detecting it (utf-8, gb18030, gbk, big5, utf-16le, utf-16be).
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,

    /// Markup in the text: found where it really is (auto), read as HTML or Markdown, or left alone (none).
    #[arg(long, value_enum, default_value_t = MarkupArg::Auto)]
    pub markup: MarkupArg,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// The HTML file to write.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: PathBuf,

    #[command(flatten)]
    pub compare: CompareArgs,

    /// Kept for compatibility, no longer used: diffs are bounded by size, not time, so output never depends on load.
    #[arg(long, default_value_t = 2.0, value_name = "SECS")]
    pub deadline: f64,

    #[command(flatten)]
    pub stats: StatsArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KeepArg {
    /// The merged text of all copies.
    Merged,
    /// The copy read first, cleaned.
    First,
    /// The most complete copy, cleaned.
    Longest,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MergeFormat {
    Text,
    Jsonl,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Write index.json, one .txt per document and one .diff per copy into DIR.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: Option<PathBuf>,

    /// Output on stdout: readable text, or one JSON record per output document.
    #[arg(long, short = 'f', value_enum, default_value_t = MergeFormat::Text)]
    pub format: MergeFormat,

    /// What each story's output document is.
    #[arg(long, value_enum, default_value_t = KeepArg::Merged)]
    pub keep: KeepArg,

    #[command(flatten)]
    pub compare: CompareArgs,

    #[command(flatten)]
    pub stats: StatsArgs,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }
}
