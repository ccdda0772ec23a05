//! The CSV export (RFC 4180): a row per turn, regrouped from the timeline, and a row per
//! finished task.

use chrono::SecondsFormat;
use mobflow_core::retro::{Retro, Segment, SegmentKind, Timeline, Who};
use mobflow_core::Timestamp;

/// A time as RFC 3339 UTC, as in the JSON.
fn rfc3339(t: Timestamp) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

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

impl TurnRow {
    /// A row opened by the first piece of a turn.
    fn open(s: &Segment) -> TurnRow {
        let name = |who: &Option<Who>| who.as_ref().map(|w| w.name.clone()).unwrap_or_default();
        TurnRow {
            session: s.session,
            turn: s.turn,
            driver: name(&s.driver),
            navigator: name(&s.navigator),
            start: s.start,
            end: s.end,
            keyboard_ms: 0,
            paused_ms: 0,
            handover_ms: 0,
            overrun: false,
        }
    }
}

/// Regroups the timeline's turn and pause pieces into turns, with the hand-over after each.
fn turn_rows(timeline: &Timeline) -> Vec<TurnRow> {
    let away: Vec<_> = timeline
        .segments
        .iter()
        .filter(|s| s.kind == SegmentKind::Away)
        .map(|s| (s.start, s.end))
        .collect();
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
                    rows.push(TurnRow::open(s));
                }
                let Some(row) = rows.last_mut() else { continue };
                row.end = s.end;
                if s.kind == SegmentKind::Turn {
                    row.keyboard_ms += ms.saturating_sub(away_within(&away, s.start, s.end));
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

/// How much of `start..end` the `away` spans cover, each moment once.
fn away_within(away: &[(Timestamp, Timestamp)], start: Timestamp, end: Timestamp) -> u64 {
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
}

/// One row per turn: `session,turn,driver,navigator,start,end,keyboard_ms,paused_ms,
/// handover_ms,overrun` (the hand-over that followed the turn, and whether it was overrun).
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
        ]
        .map(String::from),
    );
    let opt = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
    for t in retro.timeline.as_ref().map(turn_rows).unwrap_or_default() {
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

/// Both CSV tables: turns, a blank line, tasks.
pub fn csv(retro: &Retro) -> String {
    format!("{}\r\n{}", csv_turns(retro), csv_tasks(retro))
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
