//! The windows: the main one brought forward, the full-screen hand-over on every monitor, and
//! the mini timer.
//!
//! The extra ones load the same UI as the main window; the URL's hash picks the view (`#handover`,
//! `#mini`). The mini timer never takes keyboard focus and remembers where it was put.

use mobflow_api::{Snapshot, TimerState};
use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

use crate::state::AppState;

pub const MAIN: &str = "main";
pub const MINI: &str = "mini";
pub const HANDOVER_PREFIX: &str = "handover-";
const MINI_SIZE: (f64, f64) = (300.0, 104.0);

/// Shows, restores and focuses the main window.
pub fn focus_main<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Whether the hand-over screen belongs on screen for this snapshot.
pub fn wants_handover(s: &Snapshot) -> bool {
    matches!(s.state, TimerState::Handover | TimerState::Break) || s.away.is_some()
}

/// Opens the hand-over screen on every monitor, or closes it, to match the snapshot.
pub fn sync_handover<R: Runtime>(app: &AppHandle<R>, snapshot: &Snapshot) {
    let state = app.state::<AppState>();
    let show = wants_handover(snapshot) && !state.ui().handover_dismissed;
    let open: Vec<_> = app
        .webview_windows()
        .into_iter()
        .filter(|(label, _)| label.starts_with(HANDOVER_PREFIX))
        .collect();
    if !show {
        for (_, window) in open {
            let _ = window.destroy();
        }
        return;
    }
    if !open.is_empty() {
        return;
    }
    let monitors = app.available_monitors().unwrap_or_default();
    let monitors = if monitors.is_empty() {
        app.primary_monitor().ok().flatten().into_iter().collect()
    } else {
        monitors
    };
    for (i, monitor) in monitors.iter().enumerate() {
        let scale = monitor.scale_factor();
        let pos = monitor.position().to_logical::<f64>(scale);
        let size = monitor.size().to_logical::<f64>(scale);
        let built = WebviewWindowBuilder::new(
            app,
            format!("{HANDOVER_PREFIX}{i}"),
            WebviewUrl::App("index.html#handover".into()),
        )
        .title("Mobflow: hand over")
        .position(pos.x, pos.y)
        .inner_size(size.width, size.height)
        .decorations(false)
        .resizable(false)
        .always_on_top(true)
        .skip_taskbar(true)
        .visible_on_all_workspaces(true)
        .focused(i == 0)
        .build();
        if let Err(error) = built {
            eprintln!("mobflow: could not open the hand-over screen: {error}");
        }
    }
}

/// Opens the mini timer if it is closed, closes it if it is open.
pub fn toggle_mini<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    if let Some(window) = app.get_webview_window(MINI) {
        if let Ok(pos) = window.outer_position() {
            let scale = window.scale_factor().unwrap_or(1.0);
            let pos = pos.to_logical::<f64>(scale);
            state.ui().windows.mini = Some((pos.x, pos.y));
        }
        let _ = window.destroy();
        let mut ui = state.ui();
        ui.windows.mini_open = false;
        ui.windows.save(&state.data_dir);
        return;
    }
    open_mini(app);
}

/// Opens the mini timer where it was last put (top right by default).
pub fn open_mini<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    let place = state.ui().windows.mini;
    let mut builder =
        WebviewWindowBuilder::new(app, MINI, WebviewUrl::App("index.html#mini".into()))
            .title("Mobflow mini timer")
            .inner_size(MINI_SIZE.0, MINI_SIZE.1)
            .decorations(false)
            .resizable(false)
            .always_on_top(true)
            .skip_taskbar(true)
            .visible_on_all_workspaces(true)
            .focused(false)
            .focusable(false);
    builder = match place {
        Some((x, y)) => builder.position(x, y),
        None => {
            let (x, y) = app
                .primary_monitor()
                .ok()
                .flatten()
                .map(|m| {
                    let size = m.size().to_logical::<f64>(m.scale_factor());
                    (size.width - MINI_SIZE.0 - 24.0, 24.0)
                })
                .unwrap_or((24.0, 24.0));
            builder.position(x, y)
        }
    };
    match builder.build() {
        Ok(_) => {
            let mut ui = state.ui();
            ui.windows.mini_open = true;
            ui.windows.save(&state.data_dir);
        }
        Err(error) => eprintln!("mobflow: could not open the mini timer: {error}"),
    }
}

/// Remembers where the mini timer was dragged to.
pub fn mini_moved<R: Runtime>(app: &AppHandle<R>, x: f64, y: f64) {
    let state = app.state::<AppState>();
    state.ui().windows.mini = Some((x, y));
}

/// Saves window positions (on exit).
pub fn save<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    let windows = state.ui().windows;
    windows.save(&state.data_dir);
}
