//! The window's IPC commands (named in `mobflow_api::names::command`). Each one locks the
//! state, calls the API, and returns a DTO.

use mobflow_api::{ApiError, BoardView, HotkeyStatus, Snapshot, TestReport};
use mobflow_core::{Action, Command};
use tauri::{AppHandle, Runtime, State};

use crate::hotkeys::Hotkeys;
use crate::state::AppState;
use crate::{actions, windows};

#[tauri::command]
pub fn snapshot(state: State<'_, AppState>) -> Snapshot {
    state.snapshot()
}

#[tauri::command]
pub fn dispatch<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    command: Command,
) -> Result<Snapshot, ApiError> {
    state.run(&app, &command)
}

/// Performs an action, as a global shortcut or the tray would (the window's own keys).
#[tauri::command]
pub fn perform<R: Runtime>(app: AppHandle<R>, action: Action) -> Result<Snapshot, ApiError> {
    actions::perform(&app, action)
}

/// Hides the hand-over screen until the timer moves on.
#[tauri::command]
pub fn dismiss_handover<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) {
    state.ui().handover_dismissed = true;
    windows::sync_handover(&app, &state.snapshot());
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

#[tauri::command]
pub fn board(state: State<'_, AppState>) -> BoardView {
    state.service().board()
}
