//! The tray icon: the time left in its tooltip, and a menu for the common actions.

use mobflow_api::{Snapshot, TimerState};
use mobflow_core::Action;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Runtime};

use crate::actions;

const TRAY_ID: &str = "mobflow";
/// The menu's actions, in groups with a separator between them.
const MENU: [&[Action]; 2] = [
    &[Action::Toggle, Action::Next, Action::ToggleMini],
    &[Action::ShowMain],
];
/// The one item that is the tray's own, not an action: last in the menu.
const QUIT_ID: &str = "quit";

/// What the menu calls an action.
fn label(action: Action) -> &'static str {
    match action {
        Action::Toggle => "Start / Pause",
        Action::Next => "Rotate now",
        Action::Skip => "Skip navigator",
        Action::Extend => "Extend",
        Action::ToggleMini => "Mini timer",
        Action::ShowMain => "Show Mobflow",
        Action::ParkThought => "Park a thought",
    }
}

/// A menu item's id: the action's name in settings and on the socket (`toggle_mini`).
fn item_id(action: Action) -> String {
    match serde_json::to_value(action) {
        Ok(serde_json::Value::String(name)) => name,
        _ => unreachable!("an Action serializes to its name"),
    }
}

/// The action behind a menu item's id, if it is one.
fn item_action(id: &str) -> Option<Action> {
    serde_json::from_value(serde_json::Value::String(id.to_owned())).ok()
}

fn menu<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let menu = Menu::new(app)?;
    for (i, group) in MENU.iter().enumerate() {
        if i > 0 {
            menu.append(&PredefinedMenuItem::separator(app)?)?;
        }
        for &action in *group {
            menu.append(&MenuItem::with_id(
                app,
                item_id(action),
                label(action),
                true,
                None::<&str>,
            )?)?;
        }
    }
    menu.append(&MenuItem::with_id(
        app,
        QUIT_ID,
        "Quit Mobflow",
        true,
        None::<&str>,
    )?)?;
    Ok(menu)
}

pub fn create<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let mut tray = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("Mobflow")
        .menu(&menu(app)?)
        .on_menu_event(|app, event| {
            let id = event.id.as_ref();
            if id == QUIT_ID {
                return app.exit(0);
            }
            let Some(action) = item_action(id) else {
                return;
            };
            if let Err(error) = actions::perform(app, action) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_menu_item_id_reads_back_as_its_action() {
        for action in Action::ALL {
            assert_eq!(
                item_action(&item_id(action)),
                Some(action),
                "a click on {action:?} must perform {action:?}"
            );
        }
        assert_eq!(
            item_action(QUIT_ID),
            None,
            "Quit is the tray's own item, not an action"
        );
    }
}
