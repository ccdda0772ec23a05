//! The history commands: `sessions`, `show SESSION`, `retro`, `session rename|delete`. They
//! read the database directly, with or without the app running, through the same
//! [`History`] API and view types as the window's history. They open the existing file only:
//! read-only (`session` read-write), never creating or migrating it, so a mistyped
//! `MOBFLOW_DATA_DIR` gets a clear error rather than an empty history.

use std::fmt::Write;

use mobflow_api::export::Format;
use mobflow_api::history::{self, History, RetroQuery, SessionView};
use mobflow_api::{paths, ApiError, ErrorCode};
use mobflow_core::Timestamp;
use mobflow_store::{Access, Store, DB_FILE};

use crate::args::{FormatArg, RetroArgs, SessionArg, SessionCmd};
use crate::{clock, text};

/// Opens the data folder's existing database (read-only unless `access` says otherwise) and
/// runs `f` on its history.
fn with_history<T>(
    access: Access,
    f: impl FnOnce(&History<'_>) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let data_dir = paths::data_dir()
        .map_err(|e| ApiError::new(ErrorCode::Storage, format!("no data folder: {e}")))?;
    let store = Store::open_existing(&data_dir.join(DB_FILE), access)?;
    f(&History::of_store(&store)?)
}

fn resolve(history: &History<'_>, session: SessionArg) -> Result<u64, ApiError> {
    match session {
        SessionArg::Id(id) => Ok(id),
        SessionArg::Last => history.last_session(),
    }
}

/// `mobflow sessions`: a table, or the window's [`SessionView`]s as JSON.
pub fn sessions(
    since: Option<Timestamp>,
    until: Option<Timestamp>,
    json: bool,
) -> Result<(), ApiError> {
    let sessions = with_history(Access::ReadOnly, |h| h.sessions(since, until))?;
    if json {
        println!("{}", text::to_json(&sessions));
    } else {
        print!("{}", sessions_table(&sessions));
    }
    Ok(())
}

/// `mobflow show SESSION`: the session's timeline as text.
pub fn show(session: SessionArg) -> Result<(), ApiError> {
    let text = with_history(Access::ReadOnly, |h| {
        let id = resolve(h, session)?;
        let view = h.session(id)?;
        let query = RetroQuery {
            session: Some(id),
            ..RetroQuery::default()
        };
        let retro = h.retro(&query, clock::now(), true)?;
        Ok(crate::timeline::timeline_text(&view, &retro))
    })?;
    print!("{text}");
    Ok(())
}

fn format(arg: FormatArg) -> Format {
    match arg {
        FormatArg::Md => Format::Md,
        FormatArg::Json => Format::Json,
        FormatArg::Csv => Format::Csv,
    }
}

/// `mobflow retro`.
pub fn retro(args: RetroArgs) -> Result<(), ApiError> {
    let text = with_history(Access::ReadOnly, |h| {
        let session = match (args.session, args.since, args.until) {
            (Some(session), _, _) => Some(resolve(h, session)?),
            (None, None, None) => Some(resolve(h, SessionArg::Last)?),
            _ => None,
        };
        let query = RetroQuery {
            session,
            since: args.since,
            until: args.until,
        };
        h.export(&query, format(args.format), clock::now())
    })?;
    match args.output {
        None => print!("{text}"),
        Some(path) => {
            let done = history::write_export(&path, &text)?;
            println!("Wrote {} ({} bytes).", done.path, done.bytes);
        }
    }
    Ok(())
}

/// `mobflow session rename|delete`.
pub fn session(action: SessionCmd) -> Result<(), ApiError> {
    let said = with_history(Access::ReadWrite, |h| match action {
        SessionCmd::Rename { id, name, clear } => {
            let id = resolve(h, id)?;
            let name = (!clear).then(|| name.join(" "));
            Ok(match h.rename(id, name.as_deref())?.name {
                Some(name) => format!("Session {id} is now called \"{name}\"."),
                None => format!("Session {id} has no name now."),
            })
        }
        SessionCmd::Delete { id, yes } => {
            let id = resolve(h, id)?;
            let view = h.deletable(id)?;
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
            h.delete(id)?;
            Ok(format!("Deleted {}.", describe(&view)))
        }
    })?;
    println!("{said}");
    Ok(())
}

/// "session 3 (2026-11-23 09:00, 4 turns)", in local time.
fn describe(view: &SessionView) -> String {
    format!(
        "session {} ({}, {} turn{})",
        view.id,
        text::local(view.started_at, "%Y-%m-%d %H:%M"),
        view.turns,
        if view.turns == 1 { "" } else { "s" }
    )
}

/// The table of `mobflow sessions`, newest first, in local time.
pub fn sessions_table(sessions: &[SessionView]) -> String {
    if sessions.is_empty() {
        return "No sessions yet.\n".to_owned();
    }
    let mut out = format!(
        "{:>4}  {:<16}  {:>8}  {:>5}  {}\n",
        "ID", "STARTED", "LENGTH", "TURNS", "PEOPLE"
    );
    for s in sessions {
        let length = match s.ended_at {
            Some(end) => {
                let mins = (end - s.started_at).num_minutes().max(0);
                format!("{}h{:02}m", mins / 60, mins % 60)
            }
            None => "ongoing".to_owned(),
        };
        let mut people = s.people.join(", ");
        if let Some(name) = &s.name {
            people = format!("{name}: {people}");
        }
        let _ = writeln!(
            out,
            "{:>4}  {:<16}  {:>8}  {:>5}  {}",
            s.id,
            text::local(s.started_at, "%Y-%m-%d %H:%M"),
            length,
            s.turns,
            people
        );
    }
    out
}
