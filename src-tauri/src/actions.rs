//! What a global shortcut, the tray, an in-app key or the socket asks for: one
//! [`Action`], performed here for every caller.

use mobflow_api::names::event;
use mobflow_api::{ApiError, Applied};
use mobflow_core::{Action, Command, TestTrigger};
use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;
use crate::{push, windows};

/// Performs `action`, whoever asked for it: what it changed (in memory; a caller that answers
/// someone acknowledges it with `Storage::acknowledge`), or why it was refused. Returns at once.
pub fn perform<R: Runtime>(app: &AppHandle<R>, action: Action) -> Result<Applied, ApiError> {
    let state = app.state::<AppState>();
    let unchanged = |state: &AppState| Applied {
        snapshot: state.snapshot(),
        ticket: None,
    };
    let command = match action {
        Action::Toggle => state.snapshot().toggle_command(),
        Action::Next => Command::Next,
        Action::Skip => Command::Skip,
        Action::Extend => Command::Extend { minutes: None },
        Action::RunTests => Command::RunTests {
            trigger: TestTrigger::Manual,
        },
        Action::Break => state.snapshot().break_command(),
        Action::ToggleMini => {
            windows::toggle_mini(app);
            return Ok(unchanged(&state));
        }
        Action::ShowMain => {
            windows::focus_main(app);
            return Ok(unchanged(&state));
        }
        Action::ParkThought => {
            // The main window, in front by now, opens the capture on the board.
            windows::focus_main(app);
            push::to_window(app, windows::MAIN, event::CAPTURE, &());
            return Ok(unchanged(&state));
        }
        Action::HideHandover => {
            state.ui().handover_dismissed = true;
            windows::sync_handover(app, &state.snapshot());
            return Ok(unchanged(&state));
        }
    };
    state.apply(app, &command)
}
