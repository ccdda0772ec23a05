//! The history view's IPC commands: sessions, retros, naming, deleting and exporting.
//!
//! They run off the main thread (`async`), and on a connection of their own to the same
//! database: the service's lock is held only to learn the file and the session going on, so a
//! retro over years of history never holds up the timer. Granted to the main window only
//! (`capabilities/history.json`).

use gtk::prelude::*;
use mobflow_api::export::Format;
use mobflow_api::history::{self, ExportDone, History, RetroQuery, SessionView, ShownRetro};
use mobflow_api::ApiError;
use mobflow_core::Timestamp;
use mobflow_store::Store;
use tauri::{AppHandle, Manager, Runtime, State};

use crate::clock;
use crate::state::AppState;

/// Opens the history on its own connection and runs `f` on it.
fn with_history<T>(
    state: &AppState,
    f: impl FnOnce(&History<'_>) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let (path, live) = {
        let service = state.service();
        (service.db_path().to_path_buf(), service.mob().session)
    };
    // SQLite may wait here (another program's lock: up to the busy timeout). The runtime moves
    // its other tasks, the ticker among them, off this worker meanwhile.
    let result = tokio::task::block_in_place(|| {
        let store = Store::open(&path)?;
        f(&History::new(&store, live))
    });
    // A query over years of history reads and frees megabytes (SQLite's pages, the events).
    crate::heap::settle();
    result
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
/// `[since, until)` (with their timeline up to `RANGE_TIMELINE_SESSIONS` sessions; beyond,
/// figures only: `timeline` is null, and the lists cut to their newest `RANGE_LIST_ENTRIES`).
#[tauri::command(async)]
pub fn history_retro(
    state: State<'_, AppState>,
    session: Option<u64>,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
) -> Result<ShownRetro, ApiError> {
    with_history(&state, |h| {
        h.view_retro(&query(session, since, until), clock::now())
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

/// Asks where to save with the desktop's own file chooser, then writes the retro there.
/// `Ok(None)` when the chooser was cancelled. The chooser runs on the main thread (GTK's rule);
/// the file is written here, in Rust: the window gets no file access of its own.
#[tauri::command]
pub async fn history_export_dialog<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    session: Option<u64>,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
    format: Format,
    stem: String,
) -> Result<Option<ExportDone>, ApiError> {
    let ext = format.extension();
    let stem: String = stem
        .chars()
        .filter(|c| !matches!(c, '/' | '\\' | '\0') && !c.is_control())
        .take(100)
        .collect();
    let file_name = format!(
        "{}.{ext}",
        if stem.trim().is_empty() {
            "retro"
        } else {
            stem.trim()
        }
    );
    let (tx, rx) = tokio::sync::oneshot::channel();
    let handle = app.clone();
    app.run_on_main_thread(move || {
        let parent = handle
            .get_webview_window(crate::windows::MAIN)
            .and_then(|w| w.gtk_window().ok());
        let _ = tx.send(choose_save_path(parent.as_ref(), &file_name, ext));
    })
    .map_err(|e| {
        ApiError::new(
            mobflow_api::ErrorCode::Storage,
            format!("no file chooser: {e}"),
        )
    })?;
    let Some(mut path) = rx.await.ok().flatten() else {
        return Ok(None);
    };
    if path.extension().and_then(|e| e.to_str()) != Some(ext) {
        path.set_extension(ext);
    }
    let path = history::check_window_export_path(&path.to_string_lossy(), format)?;
    let text = with_history(&state, |h| {
        h.export(&query(session, since, until), format, clock::now())
    })?;
    history::write_export(&path, &text).map(Some)
}

/// GTK's save dialog, on the main thread (GTK's rule); `None` when cancelled.
fn choose_save_path(
    parent: Option<&gtk::ApplicationWindow>,
    file_name: &str,
    ext: &str,
) -> Option<std::path::PathBuf> {
    let dialog = gtk::FileChooserDialog::with_buttons(
        Some("Export the retro"),
        parent,
        gtk::FileChooserAction::Save,
        &[
            ("_Cancel", gtk::ResponseType::Cancel),
            ("_Save", gtk::ResponseType::Accept),
        ],
    );
    dialog.set_current_name(file_name);
    dialog.set_do_overwrite_confirmation(true);
    let filter = gtk::FileFilter::new();
    filter.set_name(Some(&format!("{} files", ext.to_uppercase())));
    filter.add_pattern(&format!("*.{ext}"));
    dialog.add_filter(filter);
    let picked = (dialog.run() == gtk::ResponseType::Accept)
        .then(|| dialog.filename())
        .flatten();
    // SAFETY: the dialog was created here and nothing else holds it.
    unsafe { dialog.destroy() };
    picked
}
