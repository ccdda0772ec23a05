//! What a global shortcut, the tray, an in-app key or the socket asks for: one
//! [`Action`], performed here for every caller.

use mobflow_api::names::event;
use mobflow_api::{ApiError, Snapshot};
use mobflow_core::{Action, Command};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::state::AppState;
use crate::windows;

/// Performs `action`, whoever asked for it; the snapshot after it, or why it was refused.
pub fn perform<R: Runtime>(app: &AppHandle<R>, action: Action) -> Result<Snapshot, ApiError> {
    let state = app.state::<AppState>();
    let command = match action {
        Action::Toggle => state.snapshot().toggle_command(),
        Action::Next => Command::Next,
        Action::Skip => Command::Skip,
        Action::Extend => Command::Extend { minutes: None },
        Action::Break => state.snapshot().break_command(),
        Action::ToggleMini => {
            windows::toggle_mini(app);
            return Ok(state.snapshot());
        }
        Action::ShowMain => {
            windows::focus_main(app);
            return Ok(state.snapshot());
        }
        Action::ParkThought => {
            // The main window, in front by now, opens the capture on the board.
            windows::focus_main(app);
            if let Err(error) = app.emit(event::CAPTURE, ()) {
                eprintln!("mobflow: could not ask the window to park a thought: {error}");
            }
            return Ok(state.snapshot());
        }
    };
    state.run(app, &command)
}
