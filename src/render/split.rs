//! `reprint split` output: articles for people (a header line each) or JSON Lines.

use crate::model::Article;

/// Which body `reprint split` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Jsonl,
}

impl Format {
    /// `articles` as this format's body ([`text`] or [`jsonl`]).
    pub fn render(self, articles: &[Article]) -> String {
        match self {
            Format::Text => text(articles),
            Format::Jsonl => jsonl(articles),
        }
    }

    /// The extension of one article's file under `-o DIR`.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Jsonl => "json",
        }
    }
}

pub fn text(articles: &[Article]) -> String {
    let mut out = String::new();
    for (n, a) in articles.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mut flags = Vec::new();
        if let Some(page) = &a.continued_from {
            flags.push(format!("continued from page {page}"));
        } else if a.continued {
            flags.push("continued".to_string());
        }
        if a.incomplete {
            flags.push("incomplete".to_string());
        }
        if a.truncated {
            flags.push("truncated".to_string());
        }
        if a.pieces.len() > 1 {
            flags.push(format!("{} pieces", a.pieces.len()));
        }
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!(" [{}]", flags.join(", "))
        };
        out.push_str(&format!(
            "=== {} {}{}\n",
            a.id,
            a.title.as_deref().unwrap_or("(untitled)"),
            flags
        ));
        if let Some(s) = &a.subtitle {
            out.push_str(&format!("{s}\n"));
        }
        let credits: Vec<&str> = [a.byline.as_deref(), a.dateline.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !credits.is_empty() {
            out.push_str(&format!("{}\n", credits.join(" | ")));
        }
        out.push('\n');
        out.push_str(&a.text);
        out.push('\n');
    }
    out
}

pub fn jsonl(articles: &[Article]) -> String {
    let mut out = String::new();
    for a in articles {
        out.push_str(&serde_json::to_string(a).expect("article serializes"));
        out.push('\n');
    }
    out
}
