//! The tray icon: the time left beside it, and a menu for the common actions.
//!
//! On Linux the time is the indicator's label (`set_title`; a tooltip is not shown there). The
//! ticker calls [`update`] with every snapshot; the label says minutes while a turn runs and
//! seconds in its last minute, and the tray is told only when the text changes.

use std::sync::Mutex;

use mobflow_api::{Snapshot, TestView, TimerState};
use mobflow_core::{millis_between, Action, TestState, Timestamp};
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Runtime};

use crate::actions;

const TRAY_ID: &str = "mobflow";
/// The menu's actions, in groups, each followed by a separator (Quit comes last).
const MENU: [&[Action]; 3] = [
    &[
        Action::Toggle,
        Action::Next,
        Action::Skip,
        Action::Extend,
        Action::Break,
    ],
    &[Action::RunTests],
    &[Action::ToggleMini, Action::ShowMain],
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
        Action::Break => "Break (start / end)",
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
    for group in MENU {
        for &action in group {
            menu.append(&MenuItem::with_id(
                app,
                item_id(action),
                label(action),
                true,
                None::<&str>,
            )?)?;
        }
        menu.append(&PredefinedMenuItem::separator(app)?)?;
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

/// What the tray shows now, so it is told only about changes.
#[derive(Default)]
struct Shown(Mutex<Option<(Option<String>, String)>>);

pub fn create<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    app.manage(Shown::default());
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

/// Seconds, rounded up, as the countdown shows them.
fn secs(ms: u64) -> u64 {
    ms.div_ceil(1000)
}

/// Whole minutes (rounded up) while a minute or more is left, then `0:SS`: the label changes
/// once a minute, and every second in the last one.
fn short(ms: u64) -> String {
    let secs = secs(ms);
    if secs >= 60 {
        format!("{} min", secs.div_ceil(60))
    } else {
        format!("0:{secs:02}")
    }
}

/// The label beside the icon: the time while a session is on, then how the tests stand when
/// a test command is set (on Linux the label is all the tray shows).
pub fn title(s: &Snapshot) -> Option<String> {
    match (timer_title(s), tests_mark(&s.tests)) {
        (Some(timer), Some(tests)) => Some(format!("{timer} · {tests}")),
        (timer, tests) => timer.or(tests),
    }
}

/// The tests in a word: none without a test command or before the first run.
fn tests_mark(t: &TestView) -> Option<String> {
    if !t.configured {
        return None;
    }
    match t.state {
        TestState::None => None,
        TestState::Running => Some("testing".to_owned()),
        TestState::Green => Some("green".to_owned()),
        TestState::Red => Some("red".to_owned()),
    }
}

/// The time part of the label; none when no session is on.
fn timer_title(s: &Snapshot) -> Option<String> {
    if s.away.is_some() {
        return Some("Away?".to_owned());
    }
    let minutes_waited = s.handover_ms / 60_000;
    match s.state {
        TimerState::Idle => None,
        TimerState::Running => Some(short(s.remaining_ms)),
        TimerState::Paused => Some(format!("{} paused", short(s.remaining_ms))),
        TimerState::Handover if minutes_waited == 0 => Some("Hand over".to_owned()),
        TimerState::Handover => Some(format!("Hand over +{minutes_waited} min")),
        TimerState::Break => Some(format!("Break {}", short(s.break_left_ms))),
    }
}

/// The tooltip for a snapshot at `now` (desktops that show one; not Linux): the timer, then
/// the tests when a command is set. Like the label it changes once a minute (every second in
/// the last one): each change is a trip to the GUI thread.
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
            short(wait.left_ms)
        );
    }
    match s.state {
        TimerState::Idle => "Mobflow: ready".to_owned(),
        TimerState::Running => format!("Mobflow: {} left, {who} drives", short(s.remaining_ms)),
        TimerState::Paused => format!("Mobflow: paused, {} left", short(s.remaining_ms)),
        TimerState::Handover => format!("Mobflow: hand over to {who}"),
        TimerState::Break => format!("Mobflow: break, {} left", short(s.break_left_ms)),
    }
}

/// What the tray is to show for `snapshot`: the label and the tooltip.
fn wanted(snapshot: &Snapshot) -> (Option<String>, String) {
    (title(snapshot), tooltip(snapshot, crate::clock::now()))
}

/// Whether the tray shows something else than `snapshot` wants: only then has [`update`]
/// anything to tell it (most seconds it has not: the label changes once a minute).
pub fn out_of_step<R: Runtime>(app: &AppHandle<R>, snapshot: &Snapshot) -> bool {
    let Some(shown) = app.try_state::<Shown>() else {
        return false;
    };
    let shown = shown.0.lock().unwrap_or_else(|e| e.into_inner());
    shown.as_ref() != Some(&wanted(snapshot))
}

/// Brings the tray in step with the snapshot, telling it only what changed.
pub fn update<R: Runtime>(app: &AppHandle<R>, snapshot: &Snapshot) {
    let (Some(tray), Some(shown)) = (app.tray_by_id(TRAY_ID), app.try_state::<Shown>()) else {
        return;
    };
    let next = wanted(snapshot);
    let mut shown = shown.0.lock().unwrap_or_else(|e| e.into_inner());
    let before = shown.as_ref();
    if before.map(|b| &b.0) != Some(&next.0) {
        if let Err(error) = tray.set_title(next.0.as_deref()) {
            eprintln!("mobflow: could not show the time in the tray: {error}");
        }
    }
    if before.map(|b| &b.1) != Some(&next.1) {
        let _ = tray.set_tooltip(Some(&next.1));
    }
    *shown = Some(next);
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

    #[test]
    fn the_menu_has_every_action_the_tray_offers() {
        let offered: Vec<Action> = MENU.iter().flat_map(|g| g.iter().copied()).collect();
        assert_eq!(
            offered,
            [
                Action::Toggle,
                Action::Next,
                Action::Skip,
                Action::Extend,
                Action::Break,
                Action::RunTests,
                Action::ToggleMini,
                Action::ShowMain
            ],
            "Start/Pause, Rotate, Skip, Extend, Break, Run tests, Mini, Show (and Quit)"
        );
    }

    #[test]
    fn the_label_says_minutes_then_seconds_in_the_last_minute() {
        let cases = [
            (600_000, "10 min"),
            (599_999, "10 min"),
            (540_001, "10 min"),
            (540_000, "9 min"),
            (61_000, "2 min"),
            (60_001, "2 min"),
            (60_000, "1 min"),
            (59_001, "1 min"),
            (59_000, "0:59"),
            (9_500, "0:10"),
            (1, "0:01"),
        ];
        for (ms, want) in cases {
            assert_eq!(short(ms), want, "{ms} ms left");
        }
        // Over a whole 10-minute turn at the ticker's pace: 10 texts of minutes, 59 of seconds.
        let mut texts: Vec<String> = (1..=600_000u64).rev().step_by(1000).map(short).collect();
        texts.dedup();
        assert_eq!(
            texts.len(),
            10 + 59,
            "the label changes once a minute, then every second: {texts:?}"
        );
    }
}
