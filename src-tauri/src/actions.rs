//! The actions a key, the tray or the CLI can ask for, mapped to commands in one place.

use mobflow_api::{ApiError, Snapshot};
use mobflow_core::Command;
use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;
use crate::windows;

/// One action, whatever asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Start, pause or resume (or start the next turn, or end a break).
    Toggle,
    /// Rotate now, or start the next turn on the hand-over.
    Next,
    Skip,
    Extend,
    ToggleMini,
    ShowMain,
}

pub fn perform<R: Runtime>(app: &AppHandle<R>, action: Action) -> Result<Snapshot, ApiError> {
    let state = app.state::<AppState>();
    match action {
        Action::Toggle => {
            let command = state.snapshot().toggle_command();
            state.run(app, &command)
        }
        Action::Next => state.run(app, &Command::Next),
        Action::Skip => state.run(app, &Command::Skip),
        Action::Extend => state.run(app, &Command::Extend { minutes: None }),
        Action::ToggleMini => {
            windows::toggle_mini(app);
            Ok(state.snapshot())
        }
        Action::ShowMain => {
            crate::gui::focus_main(app);
            Ok(state.snapshot())
        }
    }
}
