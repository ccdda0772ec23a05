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

#[tauri::command]
pub fn board(state: State<'_, AppState>) -> BoardView {
    state.service().board()
}

#[tauri::command]
pub fn sessions(state: State<'_, AppState>) -> Result<Vec<SessionRow>, ApiError> {
    state.service().sessions()
}
