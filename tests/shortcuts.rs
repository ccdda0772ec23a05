//! Global shortcuts on the real app: pressed through X with the window out of focus, and the
//! shortcut settings checked before they are stored.

use std::time::Duration;

use serde_json::Value;

use crate::support::{wait_until, xdotool, Env, Window};

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

/// Only these two keys, so that what the window says is about them alone.
const ONLY_F3_F4: &str = r#"{"shortcuts":{"toggle":"Ctrl+Alt+Shift+F3","next":"Ctrl+Alt+Shift+F4",
    "skip":"","extend":"","toggle_mini":"","show_main":"","park_thought":"","run_tests":""}}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shortcut_another_program_holds_is_said_to_be_taken_and_the_others_work() {
    let holder = Env::new();
    let holder_app = holder.launch();
    holder.ok(&[
        "settings",
        "--patch",
        r#"{"shortcuts":{"next":"Ctrl+Alt+Shift+F4"}}"#,
    ]);
    let env = Env::new();
    let w = Window::open(&env).await;
    env.ok(&["settings", "--patch", ONLY_F3_F4]);
    w.wait_text(
        "#alert .body",
        "Ctrl+Alt+Shift+F4 (Rotate now): another program already uses these keys. See Settings.",
    )
    .await;
    env.add_members(&["Ada", "Bob"]);
    xdotool(&["key", "--clearmodifiers", "ctrl+alt+shift+F3"]);
    w.wait_text("#state", "Running").await;
    // The holder lets go: saved again, the key is this app's.
    holder_app.kill();
    env.ok(&["settings", "--patch", r#"{"shortcuts":{"next":""}}"#]);
    env.ok(&["settings", "--patch", ONLY_F3_F4]);
    xdotool(&["key", "--clearmodifiers", "ctrl+alt+shift+F4"]);
    w.wait_text("#state", "Hand over").await;
    w.close().await;
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
