//! The window's IPC commands. Each one locks the state, calls the API, and returns a DTO.

use mobflow_api::{ApiError, BoardView, Snapshot};
use mobflow_core::Command;
use mobflow_store::SessionRow;
use tauri::{AppHandle, Runtime, State};

use crate::state::AppState;

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

/// Opens or closes the mini timer.
#[tauri::command]
pub fn toggle_mini<R: Runtime>(app: AppHandle<R>) {
    crate::windows::toggle_mini(&app);
}

/// Hides the hand-over screen until the timer moves on.
#[tauri::command]
pub fn dismiss_handover<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) {
    state.ui().handover_dismissed = true;
    crate::windows::sync_handover(&app, &state.snapshot());
}

/// How each global shortcut fared (registered, or why not).
#[tauri::command]
pub fn hotkeys(hotkeys: State<'_, crate::hotkeys::Hotkeys>) -> Vec<mobflow_api::HotkeyStatus> {
    hotkeys.status()
}

#[tauri::command]
pub fn board(state: State<'_, AppState>) -> BoardView {
    state.service().board()
}

#[tauri::command]
pub fn sessions(state: State<'_, AppState>) -> Result<Vec<SessionRow>, ApiError> {
    state.service().sessions()
}
