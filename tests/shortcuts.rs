//! Global shortcuts on the real app: pressed through X with the window out of focus, and the
//! shortcut settings checked before they are stored.

use std::time::Duration;

use serde_json::Value;

use crate::support::{wait_until, xdotool, Env};

#[test]
fn a_global_shortcut_rotates_without_the_window_in_focus() {
    let env = Env::new();
    let _app = env.launch();
    // Other tests' apps on this display hold the default keys: use keys of our own.
    let patch = r#"{"shortcuts":{"next":"Ctrl+Alt+Shift+F7","toggle":"Ctrl+Alt+Shift+F8"}}"#;
    env.ok(&["settings", "--patch", patch]);
    env.add_members(&["Ada", "Bob"]);
    env.ok(&["start"]);
    let pressed = xdotool(&["key", "--clearmodifiers", "ctrl+alt+shift+F7"]);
    assert!(pressed.status.success(), "xdotool pressed the keys");
    wait_until(Duration::from_secs(5), "the shortcut to rotate", || {
        env.status()["state"] == "handover"
    });
    assert_eq!(env.status()["driver"], "Bob", "the shortcut rotated");
    xdotool(&["key", "--clearmodifiers", "ctrl+alt+shift+F8"]);
    wait_until(
        Duration::from_secs(5),
        "the toggle shortcut to start",
        || env.status()["state"] == "running",
    );
}

#[test]
fn shortcuts_and_settings_are_validated() {
    let env = Env::new();
    let _app = env.launch();
    for (patch, message) in [
        (r#"{"shortcuts":{"next":"Ctrl+Nope"}}"#, "not known"),
        (
            r#"{"shortcuts":{"skip":"Ctrl+Alt+Shift+N"}}"#,
            "used for two actions",
        ),
        (r#"{"shortcuts":{"next":"N"}}"#, "needs a modifier"),
        (r#"{"turn_minutes":0}"#, "1 to 60"),
        (
            r#"{"hooks":{"turn_end":{"command":"x","cwd":"rel"}}}"#,
            "absolute path",
        ),
        (r#"{"nonsense":1}"#, "not valid settings JSON"),
        ("{", "not valid settings JSON"),
    ] {
        let run = env.cli(&["settings", "--patch", patch]);
        assert_eq!(run.code(), 1, "{patch} must be refused");
        assert!(run.stderr().contains(message), "{patch}: {}", run.stderr());
    }
    env.ok(&[
        "settings",
        "--patch",
        r#"{"shortcuts":{"next":"ctrl+alt+shift+f10"}}"#,
    ]);
    let settings: Value = serde_json::from_str(&env.ok(&["settings", "--json"])).unwrap();
    assert_eq!(
        settings["shortcuts"]["next"], "Ctrl+Alt+Shift+F10",
        "stored normalized"
    );
}
