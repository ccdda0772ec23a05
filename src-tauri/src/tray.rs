//! The tray icon: the time left in its tooltip, and a menu for the common actions.

use mobflow_api::{Snapshot, TimerState};
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Runtime};

use crate::actions::{perform, Action};

const TRAY_ID: &str = "mobflow";

pub fn create<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let menu = Menu::with_items(
        app,
        &[
            &MenuItem::with_id(app, "toggle", "Start / Pause", true, None::<&str>)?,
            &MenuItem::with_id(app, "next", "Rotate now", true, None::<&str>)?,
            &MenuItem::with_id(app, "mini", "Mini timer", true, None::<&str>)?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, "show", "Show Mobflow", true, None::<&str>)?,
            &MenuItem::with_id(app, "quit", "Quit Mobflow", true, None::<&str>)?,
        ],
    )?;
    let mut tray = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("Mobflow")
        .menu(&menu)
        .on_menu_event(|app, event| {
            let action = match event.id.as_ref() {
                "toggle" => Action::Toggle,
                "next" => Action::Next,
                "mini" => Action::ToggleMini,
                "show" => Action::ShowMain,
                "quit" => return app.exit(0),
                _ => return,
            };
            if let Err(error) = perform(app, action) {
                eprintln!("mobflow: {}", error.message);
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

fn clock(ms: u64) -> String {
    let secs = ms.div_ceil(1000);
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// The tooltip for a snapshot.
pub fn tooltip(s: &Snapshot) -> String {
    let who = s.driver.as_deref().unwrap_or("nobody");
    match s.state {
        TimerState::Idle => "Mobflow: ready".to_owned(),
        TimerState::Running => format!("Mobflow: {} left, {who} drives", clock(s.remaining_ms)),
        TimerState::Paused => format!("Mobflow: paused, {} left", clock(s.remaining_ms)),
        TimerState::Handover => format!("Mobflow: hand over to {who}"),
        TimerState::Break => format!("Mobflow: break, {} left", clock(s.break_left_ms)),
    }
}

pub fn update<R: Runtime>(app: &AppHandle<R>, snapshot: &Snapshot) {
    if let Some(tray) = app.tray_by_id(TRAY_ID) {
        let _ = tray.set_tooltip(Some(tooltip(snapshot)));
    }
}
