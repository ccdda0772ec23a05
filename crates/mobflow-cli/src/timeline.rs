//! The text of `mobflow show SESSION`: a header, then the segments and points of the
//! session's retro timeline in time order, in local time.

use std::fmt::Write;

use mobflow_api::export;
use mobflow_api::history::SessionView;
use mobflow_core::retro::{Point, PointKind, Retro, Segment, SegmentKind, Who};
use mobflow_core::Timestamp;

use crate::text::local;

/// One printed line: its time, its order among lines at the same time (a session's start
/// first, its end last), and its text.
type Line = (Timestamp, u8, String);

/// The text of `mobflow show`.
pub fn timeline_text(view: &SessionView, retro: &Retro) -> String {
    let mut out = header(view, retro);
    let Some(timeline) = &retro.timeline else {
        return out;
    };
    let mut lines = segment_lines(&timeline.segments);
    lines.extend(timeline.points.iter().map(point_line));
    lines.sort_by_key(|(at, order, _)| (*at, *order));
    for (at, _, text) in lines {
        let _ = writeln!(out, "{}  {text}", local(at, "%H:%M:%S"));
    }
    out
}

fn header(view: &SessionView, retro: &Retro) -> String {
    let mut out = String::new();
    let title = match &view.name {
        Some(name) => format!("Session {}: {name}", view.id),
        None => format!("Session {}", view.id),
    };
    let end = match view.ended_at {
        Some(end) => local(end, "%H:%M"),
        None => "now (going on)".to_owned(),
    };
    let _ = writeln!(out, "{title}");
    let _ = writeln!(
        out,
        "{}–{} · {} · {} turn{} · keyboard {}",
        local(view.started_at, "%Y-%m-%d %H:%M"),
        end,
        export::duration(retro.span_ms),
        retro.turns,
        if retro.turns == 1 { "" } else { "s" },
        export::duration(retro.keyboard_ms)
    );
    if !view.people.is_empty() {
        let _ = writeln!(out, "{}", view.people.join(", "));
    }
    out.push('\n');
    out
}

/// The segments' lines; a turn's pieces after a pause read "resumed".
fn segment_lines(segments: &[Segment]) -> Vec<Line> {
    let mut last_turn = None;
    segments
        .iter()
        .map(|segment| {
            let key = (segment.session, segment.turn);
            let first_piece = segment.kind != SegmentKind::Turn || last_turn != Some(key);
            if matches!(segment.kind, SegmentKind::Turn | SegmentKind::Pause) {
                last_turn = Some(key);
            } else if segment.kind != SegmentKind::Away {
                last_turn = None;
            }
            (segment.start, 1, segment_text(segment, first_piece))
        })
        .collect()
}

fn name(who: &Option<Who>) -> &str {
    who.as_ref().map_or("nobody", |w| w.name.as_str())
}

fn segment_text(segment: &Segment, first_piece: bool) -> String {
    let length = export::duration(mobflow_core::millis_between(segment.start, segment.end));
    match segment.kind {
        SegmentKind::Turn => {
            let turn = segment
                .turn
                .map(|t| format!("turn {t}"))
                .unwrap_or_default();
            let who = match &segment.navigator {
                Some(_) => format!(
                    "{} drives, {} navigates",
                    name(&segment.driver),
                    name(&segment.navigator)
                ),
                None => format!("{} drives alone", name(&segment.driver)),
            };
            if first_piece {
                row(&turn, &format!("{who} · {length}"))
            } else {
                row(&turn, &format!("resumed · {length}"))
            }
        }
        SegmentKind::Pause => row("pause", &length),
        SegmentKind::Handover if segment.overrun => row("hand-over", &format!("{length} overrun")),
        SegmentKind::Handover => row("hand-over", &length),
        SegmentKind::Break => row("break", &length),
        SegmentKind::Away => row("away", &format!("{length} (app away)")),
    }
}

fn point_line(point: &Point) -> Line {
    let order = match point.kind {
        PointKind::SessionStarted => 0,
        PointKind::SessionEnded => 3,
        _ => 2,
    };
    let label = match point.kind {
        PointKind::SessionStarted | PointKind::SessionEnded => "session",
        other => other.name(),
    };
    let text = match (&point.who, point.kind) {
        (
            Some(who),
            PointKind::TaskFocused
            | PointKind::TaskFinished
            | PointKind::StepChecked
            | PointKind::HandoverNote
            | PointKind::ParkedThought
            | PointKind::TaskReopened,
        ) => format!("{} ({who})", point.text),
        _ => point.text.clone(),
    };
    (point.at, order, row(label, &text))
}

fn row(label: &str, text: &str) -> String {
    format!("{label:<10} {text}")
}
