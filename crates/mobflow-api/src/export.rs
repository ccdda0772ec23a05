//! Exports of a [`Retro`]: Markdown to paste into a retro board, complete JSON, and CSV.
//!
//! - Markdown ([`markdown`]): headline figures, keyboard time per person with a text bar, tasks
//!   with cycle time and test-first ✓/✗ (with the override reason, if any), breaks due against
//!   taken, mini-retro lines and hand-over notes.
//!   Durations read `1h05m`, `12m30s`, `45s`; times are UTC (`HH:MM`, with the date when the
//!   retro spans more than one day).
//! - JSON: the whole retro, pretty-printed; durations in milliseconds, times RFC 3339 UTC.
//! - CSV ([`csv`]; RFC 4180: CRLF line ends, fields with `,` `"` or line breaks quoted, quotes
//!   doubled): [`csv_turns`] has one row per turn, [`csv_tasks`] one per finished task;
//!   durations in milliseconds, times RFC 3339 UTC. [`csv`] is both tables, turns first, a
//!   blank line between them. Turns come from the timeline: a retro without one (merged from
//!   stored session retros) has only the header.

use mobflow_core::retro::Retro;
use serde::{Deserialize, Serialize};

mod csv;
mod markdown;

pub use csv::{csv, csv_tasks, csv_turns};
pub use markdown::markdown;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
#[cfg_attr(any(test, feature = "ts"), ts(rename = "ExportFormat"))]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Md,
    Json,
    Csv,
}

impl Format {
    /// The file extension for the format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }

    /// Whether the format shows the timeline (turn rows), which costs reading every event.
    pub fn needs_timeline(self) -> bool {
        !matches!(self, Format::Md)
    }
}

/// Renders `retro` in `format`; `title` heads the Markdown.
pub fn render(retro: &Retro, title: &str, format: Format) -> String {
    match format {
        Format::Md => markdown(retro, title),
        Format::Json => json(retro),
        Format::Csv => csv(retro),
    }
}

/// A duration for people: `1h05m`, `12m30s`, `45s`.
pub fn duration(ms: u64) -> String {
    let secs = ms / 1000;
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}h{m:02}m")
    } else if m > 0 {
        format!("{m}m{s:02}s")
    } else {
        format!("{s}s")
    }
}

/// The whole retro as pretty JSON, ending with a newline.
pub fn json(retro: &Retro) -> String {
    let mut out = serde_json::to_string_pretty(retro).expect("a retro always serializes");
    out.push('\n');
    out
}
