//! The tray icon: the time left in its tooltip, and a menu for the common actions.

use mobflow_api::{Snapshot, TestView, TimerState};
use mobflow_core::{millis_between, Action, TestState, Timestamp};
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Runtime};

use crate::actions;

const TRAY_ID: &str = "mobflow";
/// The menu's actions, in groups with a separator between them.
const MENU: [&[Action]; 2] = [
    &[Action::Toggle, Action::Next, Action::ToggleMini],
    &[Action::RunTests, Action::ShowMain],
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
        Action::HideHandover => "Hide the hand-over",
        Action::RunTests => "Run the tests",
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

/// The tooltip for a snapshot at `now`: the timer, then the tests when a command is set.
pub fn tooltip(s: &Snapshot, now: Timestamp) -> String {
    let timer = timer_words(s);
    match tests_words(&s.tests, now) {
        Some(tests) => format!("{timer} · {tests}"),
        None => timer,
    }
}

/// "tests green 2 min ago (took 12 s)", "tests running", "tests red just now (took 3 s)";
/// `None` without a test command.
pub fn tests_words(t: &TestView, now: Timestamp) -> Option<String> {
    if !t.configured {
        return None;
    }
    let state = match t.state {
        TestState::None => return Some("tests not run yet".to_owned()),
        TestState::Running => return Some("tests running".to_owned()),
        TestState::Green => "green",
        TestState::Red => "red",
    };
    let ago = match t.at.map(|at| millis_between(at, now) / 60_000) {
        Some(0) | None => "just now".to_owned(),
        Some(minutes) => format!("{minutes} min ago"),
    };
    let took = t
        .duration_ms
        .map(|ms| format!(" (took {} s)", ms.div_ceil(1000)))
        .unwrap_or_default();
    Some(format!("tests {state} {ago}{took}"))
}

fn timer_words(s: &Snapshot) -> String {
    let who = s.driver.as_deref().unwrap_or("nobody");
    if let (TimerState::Running, Some(wait)) = (s.state, &s.tests.green_wait) {
        return format!(
            "Mobflow: {who} hands over at the next green (or in {})",
            clock(wait.left_ms)
        );
    }
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
        let _ = tray.set_tooltip(Some(tooltip(snapshot, crate::clock::now())));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tooltip_says_how_the_tests_stand_and_since_when() {
        let now: Timestamp = "2026-11-27T09:10:00Z".parse().unwrap();
        let view = |state, at: &str, duration_ms| TestView {
            state,
            at: Some(at.parse().unwrap()),
            duration_ms,
            run: Some(3),
            last_passed: None,
            exit_code: None,
            timed_out: false,
            queued: false,
            configured: true,
            green_wait: None,
        };
        let cases = [
            (
                view(TestState::Red, "2026-11-27T09:07:30Z", Some(2100)),
                "tests red 2 min ago (took 3 s)",
            ),
            (
                view(TestState::Green, "2026-11-27T09:09:31Z", Some(400)),
                "tests green just now (took 1 s)",
            ),
            (
                view(TestState::Running, "2026-11-27T09:09:59Z", None),
                "tests running",
            ),
        ];
        for (tests, want) in cases {
            assert_eq!(tests_words(&tests, now).as_deref(), Some(want));
        }
        let off = TestView {
            configured: false,
            ..view(TestState::None, "2026-11-27T09:00:00Z", None)
        };
        assert_eq!(
            tests_words(&off, now),
            None,
            "no test command: the tooltip says nothing"
        );
    }

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
