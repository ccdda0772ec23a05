//! The history commands of the CLI: `show SESSION`, `retro`, `session rename|delete`, and the
//! DATE arguments of `sessions`. Like `sessions`, they read the database directly and need no
//! running app.

use std::fmt::Write;
use std::path::PathBuf;

use chrono::{Local, NaiveDate, TimeZone};
use clap::{Args, Subcommand};
use mobflow_api::export::{self, Format};
use mobflow_api::history::{History, RetroQuery, SessionView};
use mobflow_api::{paths, ApiError, ErrorCode};
use mobflow_core::retro::{PointKind, Retro, Segment, SegmentKind};
use mobflow_core::Timestamp;
use mobflow_store::{Store, StoreError};

use crate::clock;

/// A session as people name it: its number, or `last` (the most recently started).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionArg {
    Id(u64),
    Last,
}

/// Parses `3`, `#3` or `last`.
pub fn session_arg(raw: &str) -> Result<SessionArg, String> {
    let raw = raw.trim();
    if raw.eq_ignore_ascii_case("last") {
        return Ok(SessionArg::Last);
    }
    raw.trim_start_matches('#')
        .parse::<u64>()
        .map(SessionArg::Id)
        .map_err(|_| format!("{raw:?} is not a session (a number like 3, or `last`)"))
}

/// Parses a DATE: `YYYY-MM-DD` (local midnight) or RFC 3339.
pub fn date(raw: &str) -> Result<Timestamp, String> {
    let raw = raw.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(raw) {
        return Ok(t.with_timezone(&chrono::Utc));
    }
    let bad = || {
        format!(
            "{raw:?} is not a date: use YYYY-MM-DD (local midnight) or RFC 3339 \
             (like 2026-11-23T09:00:00Z)"
        )
    };
    let day = NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| bad())?;
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    // Where a clock change skips midnight, the day starts at the first minute that exists.
    (0..=3)
        .find_map(|h| {
            Local
                .from_local_datetime(&(midnight + chrono::Duration::hours(h)))
                .earliest()
        })
        .map(|t| t.with_timezone(&chrono::Utc))
        .ok_or_else(bad)
}

/// `mobflow retro`.
#[derive(Debug, Args)]
pub struct RetroArgs {
    /// A session (its number, or `last`). Without it and without a range: the last session.
    #[arg(value_parser = session_arg, conflicts_with_all = ["since", "until"])]
    session: Option<SessionArg>,
    /// Sessions that started on or after DATE (YYYY-MM-DD, local midnight, or RFC 3339).
    #[arg(long, value_name = "DATE", value_parser = date)]
    since: Option<Timestamp>,
    /// Sessions that started before DATE (exclusive).
    #[arg(long, value_name = "DATE", value_parser = date)]
    until: Option<Timestamp>,
    /// md (for a retro board), json (everything) or csv (turns, a blank line, tasks).
    #[arg(long, value_enum, default_value = "md")]
    format: FormatArg,
    /// Write to FILE instead of printing.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FormatArg {
    Md,
    Json,
    Csv,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Format {
        match arg {
            FormatArg::Md => Format::Md,
            FormatArg::Json => Format::Json,
            FormatArg::Csv => Format::Csv,
        }
    }
}

/// `mobflow session ...`: curate past sessions.
#[derive(Debug, Subcommand)]
pub enum SessionCmd {
    /// Name a session (1 to 80 characters), or clear its name with --clear.
    Rename {
        #[arg(value_parser = session_arg)]
        id: SessionArg,
        /// The name (words are joined with spaces).
        #[arg(required_unless_present = "clear", conflicts_with = "clear", num_args = 1..)]
        name: Vec<String>,
        /// Remove the session's name.
        #[arg(long)]
        clear: bool,
    },
    /// Delete a session and all its events, for good. Needs --yes.
    Delete {
        #[arg(value_parser = session_arg)]
        id: SessionArg,
        /// Yes, delete it.
        #[arg(long)]
        yes: bool,
    },
}

/// The store and the session going on (which cannot be deleted).
struct Db {
    store: Store,
    live: Option<u64>,
}

impl Db {
    fn open() -> Result<Db, ApiError> {
        let data_dir = paths::data_dir()
            .map_err(|e| ApiError::new(ErrorCode::Storage, format!("no data folder: {e}")))?;
        let store = Store::open_dir(&data_dir)?;
        let live = store.load_mob()?.and_then(|mob| mob.session);
        Ok(Db { store, live })
    }

    fn history(&self) -> History<'_> {
        History::new(&self.store, self.live)
    }

    fn resolve(&self, session: SessionArg) -> Result<u64, ApiError> {
        match session {
            SessionArg::Id(id) => Ok(id),
            SessionArg::Last => self.history().last_session(),
        }
    }
}

/// `mobflow show SESSION`: the session's timeline as text.
pub fn show(session: SessionArg) -> Result<(), ApiError> {
    let db = Db::open()?;
    let history = db.history();
    let id = db.resolve(session)?;
    let view = history.session(id)?;
    let query = RetroQuery {
        session: Some(id),
        ..RetroQuery::default()
    };
    let retro = history.retro(&query, clock::now(), true)?;
    print!("{}", timeline_text(&view, &retro));
    Ok(())
}

/// `mobflow retro`.
pub fn retro(args: RetroArgs) -> Result<(), ApiError> {
    let db = Db::open()?;
    let history = db.history();
    let session = match (args.session, args.since, args.until) {
        (Some(session), _, _) => Some(db.resolve(session)?),
        (None, None, None) => Some(db.resolve(SessionArg::Last)?),
        _ => None,
    };
    let query = RetroQuery {
        session,
        since: args.since,
        until: args.until,
    };
    let text = history.export(&query, Format::from(args.format), clock::now())?;
    match args.output {
        None => print!("{text}"),
        Some(path) => {
            let done = mobflow_api::history::write_export(&path, &text)?;
            println!("Wrote {} ({} bytes).", done.path, done.bytes);
        }
    }
    Ok(())
}

/// `mobflow session rename|delete`.
pub fn session(action: SessionCmd) -> Result<(), ApiError> {
    let db = Db::open()?;
    let history = db.history();
    match action {
        SessionCmd::Rename { id, name, clear } => {
            let id = db.resolve(id)?;
            let name = (!clear).then(|| name.join(" "));
            let view = history.rename(id, name.as_deref())?;
            match view.name {
                Some(name) => println!("Session {id} is now called \"{name}\"."),
                None => println!("Session {id} has no name now."),
            }
        }
        SessionCmd::Delete { id, yes } => {
            let id = db.resolve(id)?;
            let view = history.session(id)?;
            if db.live == Some(id) {
                return Err(StoreError::SessionInProgress(id).into());
            }
            if !yes {
                return Err(ApiError::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "This deletes {} and all its events, for good. Run again with --yes \
                         to do it.",
                        describe(&view)
                    ),
                ));
            }
            history.delete(id)?;
            println!("Deleted {}.", describe(&view));
        }
    }
    Ok(())
}

/// "session 3 (2026-11-23 09:00, 4 turns)", in local time.
fn describe(view: &SessionView) -> String {
    format!(
        "session {} ({}, {} turn{})",
        view.id,
        local(view.started_at, "%Y-%m-%d %H:%M"),
        view.turns,
        if view.turns == 1 { "" } else { "s" }
    )
}

fn local(t: Timestamp, format: &str) -> String {
    t.with_timezone(&Local).format(format).to_string()
}

fn name(who: &Option<mobflow_core::retro::Who>) -> &str {
    who.as_ref().map_or("nobody", |w| w.name.as_str())
}

/// A segment's line; a turn's pieces after a pause read "resumed".
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

fn row(label: &str, text: &str) -> String {
    format!("{label:<10} {text}")
}

/// The text of `mobflow show`: a header, then the segments and points in time order.
pub fn timeline_text(view: &SessionView, retro: &Retro) -> String {
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
    let Some(timeline) = &retro.timeline else {
        return out;
    };
    // (time, order at equal times, text): a session's start first and its end last.
    let mut lines: Vec<(Timestamp, u8, String)> = Vec::new();
    let mut last_turn = None;
    for segment in &timeline.segments {
        let key = (segment.session, segment.turn);
        let first_piece = segment.kind != SegmentKind::Turn || last_turn != Some(key);
        if matches!(segment.kind, SegmentKind::Turn | SegmentKind::Pause) {
            last_turn = Some(key);
        } else if segment.kind != SegmentKind::Away {
            last_turn = None;
        }
        lines.push((segment.start, 1, segment_text(segment, first_piece)));
    }
    for point in &timeline.points {
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
            ) => {
                format!("{} ({who})", point.text)
            }
            _ => point.text.clone(),
        };
        lines.push((point.at, order, row(label, &text)));
    }
    lines.sort_by_key(|(at, order, _)| (*at, *order));
    for (at, _, text) in lines {
        let _ = writeln!(out, "{}  {text}", local(at, "%H:%M:%S"));
    }
    out
}
