//! The window's IPC commands (named in `mobflow_api::names::command`). Each one locks the
//! state, calls the API, and returns a DTO.

use mobflow_api::{ApiError, BoardView, DesktopView, HotkeyStatus, Snapshot, TestReport};
use mobflow_core::{Action, Command};
use tauri::{AppHandle, Manager, Runtime, State};

use crate::actions;
use crate::hotkeys::{self, Hotkeys};
use crate::state::AppState;

#[tauri::command]
pub fn snapshot(state: State<'_, AppState>) -> Snapshot {
    state.snapshot()
}

/// Runs a command; the answer is acknowledged (`Storage::acknowledge`), which may wait a moment
/// for the disk: so off the GUI thread, on a thread that may block.
#[tauri::command]
pub async fn dispatch<R: Runtime>(
    app: AppHandle<R>,
    command: Command,
) -> Result<Snapshot, ApiError> {
    off_the_gui_thread(move || {
        let snapshot = app.state::<AppState>().run(&app, &command)?;
        if let Command::UpdateSettings { .. } = command {
            // Answered once the new shortcuts hold, so the window shows how they fared.
            hotkeys::apply(&app);
        }
        Ok(snapshot)
    })
    .await
}

/// Performs an action, as a global shortcut or the tray would (the window's own keys).
#[tauri::command]
pub async fn perform<R: Runtime>(app: AppHandle<R>, action: Action) -> Result<Snapshot, ApiError> {
    off_the_gui_thread(move || {
        let applied = actions::perform(&app, action)?;
        Ok(app.state::<AppState>().storage().acknowledge(applied))
    })
    .await
}

/// Runs `f` on the async runtime's blocking pool.
async fn off_the_gui_thread(
    f: impl FnOnce() -> Result<Snapshot, ApiError> + Send + 'static,
) -> Result<Snapshot, ApiError> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .unwrap_or_else(|error| {
            Err(ApiError::new(
                mobflow_api::ErrorCode::BadRequest,
                format!("the command failed: {error}"),
            ))
        })
}

/// Hides the hand-over screen until the timer moves on.
#[tauri::command]
pub fn dismiss_handover<R: Runtime>(app: AppHandle<R>) {
    let _ = actions::perform(&app, Action::HideHandover);
}

/// Plays the turn-over chime as an alert would (Settings' "Test sound").
#[tauri::command]
pub fn test_sound(chimes: State<'_, crate::chime::Chimes>) {
    chimes.play(mobflow_api::Alert {
        kind: mobflow_api::AlertKind::TurnOver,
        title: "Test sound".into(),
        body: String::new(),
        sound: true,
        level: 0,
        chimes: 1,
        loud: false,
        raise: false,
    });
}

/// How each global shortcut fared (registered, or why not).
#[tauri::command]
pub fn hotkeys(hotkeys: State<'_, Hotkeys>) -> Vec<HotkeyStatus> {
    hotkeys.status()
}

/// The last test run's output and what is watched, shown on demand.
#[tauri::command]
pub fn test_report<R: Runtime>(app: AppHandle<R>) -> TestReport {
    crate::testwatch::report(&app)
}

/// The main page shows its first snapshot: the main window, hidden since launch, is shown.
#[tauri::command]
pub fn ready<R: Runtime>(app: AppHandle<R>) {
    crate::windows::reveal_main(&app);
}

/// The main window's first frame with the countdown is on screen. With `MOBFLOW_STARTUP_MARK`
/// set (scripts/measure-footprint --startup), says `painted` on stdout, once: start-up is
/// measured to it.
#[tauri::command]
pub fn painted() {
    // Start-up's passing allocations (the page's assets, the first snapshot) are freed by now.
    crate::heap::settle();
    static SAID: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("MOBFLOW_STARTUP_MARK").is_some() {
        SAID.call_once(|| println!("painted"));
    }
}

#[tauri::command]
pub fn board(state: State<'_, AppState>) -> BoardView {
    state.service().board()
}

/// What the desktop session offers (Settings say where global shortcuts cannot work).
#[tauri::command]
pub fn desktop() -> DesktopView {
    DesktopView::of(std::env::var("XDG_SESSION_TYPE").ok().as_deref())
}
