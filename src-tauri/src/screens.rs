//! The window's IPC for monitors (named in `mobflow_api::names::command`): which are connected,
//! and the choice of monitor for the hand-over and the mini timer, remembered in the window
//! state file and applied at once.

use mobflow_api::screens::{MonitorView, ScreenChoice, ScreensView};
use mobflow_api::{ApiError, ErrorCode};
use tauri::{AppHandle, Manager, Runtime};

use crate::placement::Screen;
use crate::state::AppState;
use crate::windows;

fn view(screens: &[Screen], choice: ScreenChoice) -> ScreensView {
    ScreensView {
        monitors: screens
            .iter()
            .map(|s| MonitorView {
                name: s.name.clone(),
                primary: s.primary,
                width: s.width.round() as u32,
                height: s.height.round() as u32,
            })
            .collect(),
        choice,
    }
}

fn remembered(state: &AppState) -> ScreenChoice {
    let ui = state.ui();
    ScreenChoice {
        handover: ui.windows.handover_monitor.clone(),
        mini: ui.windows.mini_monitor.clone(),
    }
}

/// The monitors connected now and the choice remembered.
#[tauri::command]
pub fn screens<R: Runtime>(app: AppHandle<R>) -> ScreensView {
    let state = app.state::<AppState>();
    view(&windows::screens(&app), remembered(&state))
}

/// Chooses the monitors (each a connected monitor's name, or none), remembers the choice and
/// moves the windows.
#[tauri::command]
pub fn set_screens<R: Runtime>(
    app: AppHandle<R>,
    choice: ScreenChoice,
) -> Result<ScreensView, ApiError> {
    let screens = windows::screens(&app);
    for name in [&choice.handover, &choice.mini].into_iter().flatten() {
        if !screens.iter().any(|s| s.name.as_ref() == Some(name)) {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!("No monitor called \"{name}\" is connected."),
            ));
        }
    }
    let state = app.state::<AppState>();
    let changed = remembered(&state) != choice;
    if changed {
        let windows = {
            let mut ui = state.ui();
            ui.windows.handover_monitor = choice.handover.clone();
            ui.windows.mini_monitor = choice.mini.clone();
            ui.windows.clone()
        };
        windows.save(&state.data_dir);
        windows::screens_changed(&app, &state.snapshot());
    }
    Ok(view(&screens, choice))
}
