//! The history view's IPC commands: sessions, retros, naming, deleting and exporting.
//!
//! They run off the main thread (`async`), and on a connection of their own to the same
//! database: the service's lock is held only to learn the file and the session going on, so a
//! retro over years of history never holds up the timer. Granted to the main window only
//! (`capabilities/history.json`).

use mobflow_api::export::Format;
use mobflow_api::history::{self, ExportDone, History, RetroQuery, SessionView};
use mobflow_api::ApiError;
use mobflow_core::retro::Retro;
use mobflow_core::Timestamp;
use mobflow_store::Store;
use tauri::State;

use crate::clock;
use crate::state::AppState;

/// Opens the history on its own connection and runs `f` on it.
fn with_history<T>(
    state: &AppState,
    f: impl FnOnce(&History<'_>) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let (path, live) = {
        let service = state.service();
        (service.store().path().to_path_buf(), service.mob().session)
    };
    let store = Store::open(&path)?;
    f(&History::new(&store, live))
}

fn query(session: Option<u64>, since: Option<Timestamp>, until: Option<Timestamp>) -> RetroQuery {
    RetroQuery {
        session,
        since,
        until,
    }
}

/// Sessions that started in `[since, until)` (RFC 3339; either may be null), newest first.
#[tauri::command(async)]
pub fn history_sessions(
    state: State<'_, AppState>,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
) -> Result<Vec<SessionView>, ApiError> {
    with_history(&state, |h| h.sessions(since, until))
}

/// One session's retro (with its timeline), or the retro of the sessions that started in
/// `[since, until)` (figures only: `timeline` is null).
#[tauri::command(async)]
pub fn history_retro(
    state: State<'_, AppState>,
    session: Option<u64>,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
) -> Result<Retro, ApiError> {
    with_history(&state, |h| {
        h.retro(&query(session, since, until), clock::now(), false)
    })
}

/// Names a session (1 to 80 characters), or clears its name with a null `name`.
#[tauri::command(async)]
pub fn history_rename(
    state: State<'_, AppState>,
    session: u64,
    name: Option<String>,
) -> Result<SessionView, ApiError> {
    with_history(&state, |h| h.rename(session, name.as_deref()))
}

/// Deletes a session and all its events (not the one going on).
#[tauri::command(async)]
pub fn history_delete(state: State<'_, AppState>, session: u64) -> Result<(), ApiError> {
    with_history(&state, |h| h.delete(session))
}

/// Writes the retro of a session or a range to `path`: absolute, ending in `.md`, `.json` or
/// `.csv` to match `format`, in a folder that exists.
#[tauri::command(async)]
pub fn history_export(
    state: State<'_, AppState>,
    session: Option<u64>,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
    format: Format,
    path: String,
) -> Result<ExportDone, ApiError> {
    let path = history::check_window_export_path(&path, format)?;
    let text = with_history(&state, |h| {
        h.export(&query(session, since, until), format, clock::now())
    })?;
    history::write_export(&path, &text)
}
