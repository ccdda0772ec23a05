//! Exports of a [`Retro`]: Markdown to paste into a retro board, complete JSON, and CSV.
//!
//! - Markdown: headline figures, keyboard time per person with a text bar, tasks with cycle
//!   time and test-first ✓/✗ (with the override reason, if any), breaks due against taken,
//!   the test runs (red against green, per task and per turn) when there were any, mini-retro
//!   lines and hand-over notes.
//!   Durations read `1h05m`, `12m30s`, `45s`; times are UTC (`HH:MM`, with the date when the
//!   retro spans more than one day).
//! - JSON: the whole retro, pretty-printed; durations in milliseconds, times RFC 3339 UTC.
//! - CSV (RFC 4180: CRLF line ends, fields with `,` `"` or line breaks quoted, quotes
//!   doubled): [`csv_turns`] has one row per turn (with its test runs), [`csv_tasks`] one per
//!   finished task, [`csv_tests`] one per task the tests ran for; durations in milliseconds,
//!   times RFC 3339 UTC. [`csv`] is the three tables in that order, a blank line between them.
//!   Turns come from the timeline: a retro without one (merged from stored session retros) has
//!   only the header.

use std::fmt::Write;

use chrono::SecondsFormat;
use mobflow_core::retro::{Retro, SegmentKind, TestStats, Timeline};
use mobflow_core::Timestamp;
use serde::{Deserialize, Serialize};

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

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// A bar of `WIDTH` cells for a share of 0 to 1.
fn bar(share: f64) -> String {
    const WIDTH: usize = 20;
    let full = ((share.clamp(0.0, 1.0) * WIDTH as f64).round() as usize).min(WIDTH);
    format!("{}{}", "█".repeat(full), "░".repeat(WIDTH - full))
}

/// User text on one line, safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

fn one_line(text: &str) -> String {
    text.split(['\r', '\n']).collect::<Vec<_>>().join(" ")
}

/// The Markdown for a retro board.
pub fn markdown(retro: &Retro, title: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", one_line(title));
    let (Some(start), Some(end)) = (retro.start, retro.end) else {
        out.push_str("Nothing was recorded.\n");
        return out;
    };
    let one_day = start.date_naive() == end.date_naive();
    let at = |t: Timestamp| {
        if one_day {
            t.format("%H:%M").to_string()
        } else {
            t.format("%Y-%m-%d %H:%M").to_string()
        }
    };
    let sessions = match retro.sessions.as_slice() {
        [one] => format!("Session {one}"),
        few if few.len() <= 10 => format!(
            "Sessions {}",
            few.iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        many => format!("{} sessions", many.len()),
    };
    let when = if one_day {
        format!("{} {}–{} UTC", start.format("%Y-%m-%d"), at(start), at(end))
    } else {
        format!("{} – {} UTC", at(start), at(end))
    };
    let _ = writeln!(out, "{sessions} · {when} · {}\n", duration(retro.span_ms));

    let fairness = match retro.fairness.ratio {
        Some(ratio) => format!("{ratio:.2} (most ÷ least keyboard time)"),
        None => "n/a (needs two drivers)".to_owned(),
    };
    let overrun = match retro.overrun.average_ms {
        Some(avg) => format!(
            "{} after {} time-up hand-over{} ({} on average)",
            duration(retro.overrun.total_ms),
            retro.overrun.count,
            plural(retro.overrun.count),
            duration(avg)
        ),
        None => "none".to_owned(),
    };
    let b = &retro.breaks;
    let tasks = match retro.test_first {
        Some(share) => format!("{}, test-first {}", retro.tasks.len(), percent(share)),
        None => "0".to_owned(),
    };
    let lines = [
        (
            "Keyboard time",
            format!(
                "{} over {} turn{}",
                duration(retro.keyboard_ms),
                retro.turns,
                plural(retro.turns)
            ),
        ),
        ("Fairness", fairness),
        ("Overrun", overrun),
        (
            "Pauses",
            format!(
                "{} ({})",
                retro.pauses.count,
                duration(retro.pauses.total_ms)
            ),
        ),
        (
            "Breaks",
            format!(
                "{} due, {} taken, {} skipped, {} early ({})",
                b.due,
                b.taken,
                b.skipped,
                b.early,
                duration(b.total_ms)
            ),
        ),
        ("Tasks finished", tasks),
        ("Parked thoughts", retro.parked_thoughts.to_string()),
        ("Navigator skips", retro.skips.to_string()),
        (
            "Hooks",
            format!(
                "{} ran, {} failed ({} timed out)",
                retro.hooks.ran, retro.hooks.failed, retro.hooks.timed_out
            ),
        ),
        ("Time away", duration(retro.away_ms)),
    ];
    for (name, value) in lines {
        let _ = writeln!(out, "- **{name}:** {value}");
    }
    if retro.tests.runs > 0 {
        let _ = writeln!(out, "- **Tests:** {}", tests_line(&retro.tests));
    }

    if !retro.people.is_empty() {
        out.push_str("\n## Keyboard time\n\n");
        out.push_str("| Person | Keyboard | Share | Drove | Navigated | |\n");
        out.push_str("|:--|--:|--:|--:|--:|:--|\n");
        for p in &retro.people {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                cell(&p.name),
                duration(p.keyboard_ms),
                percent(p.share),
                p.turns_driven,
                p.turns_navigated,
                bar(p.share)
            );
        }
    }

    if !retro.tasks.is_empty() {
        out.push_str("\n## Tasks finished\n\n");
        out.push_str("| Task | Cycle time | Test-first |\n");
        out.push_str("|:--|--:|:-:|\n");
        for t in &retro.tasks {
            let mark = if t.test_first { "✓" } else { "✗" };
            let check = match &t.override_reason {
                Some(reason) => format!("{mark} (override: {})", cell(reason)),
                None => mark.to_owned(),
            };
            let _ = writeln!(
                out,
                "| {} {} | {} | {check} |",
                t.task,
                cell(&t.title),
                duration(t.cycle_ms)
            );
        }
    }

    if retro.tests.runs > 0 {
        tests_tables(&mut out, &retro.tests);
    }

    if !retro.retro_lines.is_empty() {
        out.push_str("\n## Mini-retro\n\n");
        for line in &retro.retro_lines {
            let _ = writeln!(out, "- {}", one_line(&line.text));
        }
    }

    if !retro.handover_notes.is_empty() {
        out.push_str("\n## Hand-over notes\n\n");
        for note in &retro.handover_notes {
            let who = match (&note.from, &note.to) {
                (Some(from), Some(to)) => format!(" {from} → {to}"),
                (Some(from), None) => format!(" {from}"),
                (None, Some(to)) => format!(" → {to}"),
                (None, None) => String::new(),
            };
            let _ = writeln!(
                out,
                "- {}{}: {}",
                at(note.at),
                one_line(&who),
                one_line(&note.text)
            );
        }
    }
    out
}

/// The tests' headline: runs, red against green, cycles, hand-overs.
fn tests_line(t: &TestStats) -> String {
    let per_turn = match t.runs_per_turn {
        Some(n) => format!(", {n:.2} per turn"),
        None => String::new(),
    };
    let timed_out = match t.timed_out {
        0 => String::new(),
        n => format!(", {n} timed out"),
    };
    let waits = match (t.waited_for_green, t.grace_ran_out) {
        (0, 0) => String::new(),
        (green, out) => format!(" ({green} at the next green, {out} when the wait ran out)"),
    };
    format!(
        "{} run{} ({} green, {} red{timed_out}){per_turn}; red {} vs green {}, longest red {}; \
         {} red→green cycle{}; hand-overs {} on green, {} on red{waits}",
        t.runs,
        plural(t.runs),
        t.green,
        t.red,
        duration(t.red_ms),
        duration(t.green_ms),
        duration(t.longest_red_ms),
        t.cycles,
        plural(t.cycles),
        t.handovers_on_green,
        t.handovers_on_red,
    )
}

/// The test runs per task and per turn, as Markdown tables.
fn tests_tables(out: &mut String, t: &TestStats) {
    out.push_str("\n## Tests\n\n");
    if !t.tasks.is_empty() {
        out.push_str("| Task | Runs | Green | Red | Red→green |\n");
        out.push_str("|:--|--:|--:|--:|--:|\n");
        for task in &t.tasks {
            let _ = writeln!(
                out,
                "| {} {} | {} | {} | {} | {} |",
                task.task,
                cell(&task.title),
                task.runs,
                task.green,
                task.red,
                task.cycles
            );
        }
        out.push('\n');
    }
    if !t.turns.is_empty() {
        out.push_str("| Turn | Driver | Runs | Green | Red |\n");
        out.push_str("|:--|:--|--:|--:|--:|\n");
        for turn in &t.turns {
            let session = turn.session.map(|s| format!("{s}.")).unwrap_or_default();
            let _ = writeln!(
                out,
                "| {session}{} | {} | {} | {} | {} |",
                turn.turn,
                cell(&turn.driver),
                turn.runs,
                turn.green,
                turn.red
            );
        }
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The whole retro as pretty JSON, ending with a newline.
pub fn json(retro: &Retro) -> String {
    let mut out = serde_json::to_string_pretty(retro).expect("a retro always serializes");
    out.push('\n');
    out
}

/// A time as RFC 3339 UTC, as in the JSON.
fn rfc3339(t: Timestamp) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// One CSV field, quoted when RFC 4180 needs it.
/// One CSV field (RFC 4180 quoting). Text a spreadsheet would run as a formula (it starts with
/// `=`, `+`, `-`, `@` or a tab) gets a leading `'`, so a task title can't become a formula.
fn field(text: &str) -> String {
    let guarded;
    let text = if text.starts_with(['=', '+', '-', '@', '\t']) {
        guarded = format!("'{text}");
        guarded.as_str()
    } else {
        text
    };
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn row(out: &mut String, fields: &[String]) {
    let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// One turn as the CSV lists it.
struct TurnRow {
    session: Option<u64>,
    turn: Option<u32>,
    driver: String,
    navigator: String,
    start: Timestamp,
    end: Timestamp,
    keyboard_ms: u64,
    paused_ms: u64,
    handover_ms: u64,
    overrun: bool,
}

/// Regroups the timeline's turn and pause pieces into turns, with the hand-over after each.
fn turn_rows(timeline: &Timeline) -> Vec<TurnRow> {
    let away: Vec<_> = timeline
        .segments
        .iter()
        .filter(|s| s.kind == SegmentKind::Away)
        .map(|s| (s.start, s.end))
        .collect();
    let away_within = |start: Timestamp, end: Timestamp| -> u64 {
        let mut pieces: Vec<_> = away
            .iter()
            .map(|&(a, b)| (a.max(start), b.min(end)))
            .filter(|(a, b)| a < b)
            .collect();
        pieces.sort();
        let (mut total, mut reach) = (0, start);
        for (a, b) in pieces {
            let a = a.max(reach);
            if b > a {
                total += mobflow_core::millis_between(a, b);
                reach = b;
            }
        }
        total
    };
    let mut rows: Vec<TurnRow> = Vec::new();
    let mut last_was_turn = false;
    for s in &timeline.segments {
        let ms = mobflow_core::millis_between(s.start, s.end);
        match s.kind {
            SegmentKind::Turn | SegmentKind::Pause => {
                let same = last_was_turn
                    && rows
                        .last()
                        .is_some_and(|r| r.session == s.session && r.turn == s.turn);
                if !same {
                    rows.push(TurnRow {
                        session: s.session,
                        turn: s.turn,
                        driver: s
                            .driver
                            .as_ref()
                            .map(|w| w.name.clone())
                            .unwrap_or_default(),
                        navigator: s
                            .navigator
                            .as_ref()
                            .map(|w| w.name.clone())
                            .unwrap_or_default(),
                        start: s.start,
                        end: s.end,
                        keyboard_ms: 0,
                        paused_ms: 0,
                        handover_ms: 0,
                        overrun: false,
                    });
                }
                let Some(row) = rows.last_mut() else { continue };
                row.end = s.end;
                if s.kind == SegmentKind::Turn {
                    row.keyboard_ms += ms.saturating_sub(away_within(s.start, s.end));
                } else {
                    row.paused_ms += ms;
                }
                last_was_turn = true;
            }
            SegmentKind::Handover => {
                if let (true, Some(row)) = (last_was_turn, rows.last_mut()) {
                    row.handover_ms = ms;
                    row.overrun = s.overrun;
                }
                last_was_turn = false;
            }
            SegmentKind::Break => last_was_turn = false,
            SegmentKind::Away => {}
        }
    }
    rows
}

/// One row per turn: `session,turn,driver,navigator,start,end,keyboard_ms,paused_ms,
/// handover_ms,overrun,test_runs` (the hand-over that followed the turn, whether it was
/// overrun, and the test runs that finished during it).
pub fn csv_turns(retro: &Retro) -> String {
    let mut out = String::new();
    row(
        &mut out,
        &[
            "session",
            "turn",
            "driver",
            "navigator",
            "start",
            "end",
            "keyboard_ms",
            "paused_ms",
            "handover_ms",
            "overrun",
            "test_runs",
        ]
        .map(String::from),
    );
    let opt = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
    let runs = |session: Option<u64>, turn: Option<u32>| {
        let of_turn =
            |t: &&mobflow_core::retro::TurnTests| t.session == session && Some(t.turn) == turn;
        retro.tests.turns.iter().find(of_turn).map_or(0, |t| t.runs)
    };
    for t in retro.timeline.as_ref().map(turn_rows).unwrap_or_default() {
        let test_runs = runs(t.session, t.turn);
        row(
            &mut out,
            &[
                opt(t.session),
                opt(t.turn.map(u64::from)),
                t.driver,
                t.navigator,
                rfc3339(t.start),
                rfc3339(t.end),
                t.keyboard_ms.to_string(),
                t.paused_ms.to_string(),
                t.handover_ms.to_string(),
                t.overrun.to_string(),
                test_runs.to_string(),
            ],
        );
    }
    out
}

/// One row per finished task: `task,title,finished_at,cycle_ms,test_first,override_reason,
/// steps_left,driver`.
pub fn csv_tasks(retro: &Retro) -> String {
    let mut out = String::new();
    row(
        &mut out,
        &[
            "task",
            "title",
            "finished_at",
            "cycle_ms",
            "test_first",
            "override_reason",
            "steps_left",
            "driver",
        ]
        .map(String::from),
    );
    for t in &retro.tasks {
        row(
            &mut out,
            &[
                t.task.0.to_string(),
                t.title.clone(),
                rfc3339(t.finished_at),
                t.cycle_ms.to_string(),
                t.test_first.to_string(),
                t.override_reason.clone().unwrap_or_default(),
                t.steps_left.to_string(),
                t.driver.clone().unwrap_or_default(),
            ],
        );
    }
    out
}

/// One row per task the tests ran for while it was in focus: `task,title,test_runs,green,red,
/// red_green_cycles`.
pub fn csv_tests(retro: &Retro) -> String {
    let mut out = String::new();
    row(
        &mut out,
        &[
            "task",
            "title",
            "test_runs",
            "green",
            "red",
            "red_green_cycles",
        ]
        .map(String::from),
    );
    for t in &retro.tests.tasks {
        row(
            &mut out,
            &[
                t.task.0.to_string(),
                t.title.clone(),
                t.runs.to_string(),
                t.green.to_string(),
                t.red.to_string(),
                t.cycles.to_string(),
            ],
        );
    }
    out
}

/// The three CSV tables: turns, tasks, tests per task, a blank line between each.
pub fn csv(retro: &Retro) -> String {
    format!(
        "{}\r\n{}\r\n{}",
        csv_turns(retro),
        csv_tasks(retro),
        csv_tests(retro)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(super::field("plain"), "plain");
        assert_eq!(super::field("a,b"), "\"a,b\"");
        assert_eq!(super::field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(
            super::field("=HYPERLINK(\"x\")"),
            "\"'=HYPERLINK(\"\"x\"\")\""
        );
        assert_eq!(super::field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(super::field("2026-11-27T09:00:00Z"), "2026-11-27T09:00:00Z");
    }
}
