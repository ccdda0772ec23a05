//! The monitor the hand-over and the mini timer go on: chosen in Settings, remembered in the
//! window state file, and a remembered place on a monitor that is gone falls back to a visible
//! one.

use std::time::Duration;

use serde_json::{json, Value};

use crate::support::{wait_until, xdotool, Env, Window};

fn window_state(env: &Env) -> Value {
    let text = std::fs::read_to_string(env.data.path().join("window-state.json"))
        .expect("the window state file is written");
    serde_json::from_str(&text).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_monitor_chosen_for_the_hand_over_is_remembered() {
    let env = Env::new();
    let w = Window::open(&env).await;
    w.click("#open-settings").await;
    w.wait_for("#settings-handover-monitor").await;
    // The test's display has one monitor; it is offered by its name after "Every monitor".
    let name = w
        .attr("#settings-handover-monitor option:nth-child(2)", "value")
        .await
        .expect("the connected monitor is offered by its name");
    assert!(!name.is_empty(), "a monitor with a name");
    assert_eq!(
        w.prop("#settings-handover-monitor", "value")
            .await
            .as_deref(),
        Some(""),
        "at first: every monitor"
    );
    let css = format!("#settings-handover-monitor option[value=\"{name}\"]");
    w.click(&css).await;
    let css = format!("#settings-mini-monitor option[value=\"{name}\"]");
    w.click(&css).await;
    w.click("#save-settings").await;
    w.wait_gone("#settings-dialog[open]").await;
    let state = window_state(&env);
    assert_eq!(
        (&state["handover_monitor"], &state["mini_monitor"]),
        (&json!(name), &json!(name)),
        "remembered in the window state file: {state}"
    );

    // The hand-over opens on that one monitor.
    env.add_members(&["Ada", "Bob"]);
    env.ok_all(&[&["start"], &["next"]]);
    w.switch_to("#handover").await;
    assert_eq!(
        w.windows_at("#handover").await,
        1,
        "one hand-over, on the chosen monitor"
    );
    w.switch_to_main().await;
    w.close().await;
    env.wait_for_exit();

    let w = Window::open(&env).await;
    w.click("#open-settings").await;
    w.wait_for("#settings-handover-monitor option:nth-child(2)")
        .await;
    assert_eq!(
        w.prop("#settings-handover-monitor", "value")
            .await
            .as_deref(),
        Some(name.as_str()),
        "after a restart Settings shows the monitor chosen"
    );
    w.close().await;
}

/// The mini timer's X window: its position.
fn mini_position(pid: u32) -> Option<(i32, i32)> {
    let found = xdotool(&[
        "search",
        "--all",
        "--pid",
        &pid.to_string(),
        "--name",
        "Mobflow mini timer",
    ]);
    let id = String::from_utf8_lossy(&found.stdout)
        .lines()
        .next()?
        .to_owned();
    let geometry = xdotool(&["getwindowgeometry", &id]);
    let text = String::from_utf8_lossy(&geometry.stdout).into_owned();
    let at = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Position: "))?;
    let (x, rest) = at.split_once(',')?;
    let y = rest.split_whitespace().next()?;
    Some((x.parse().ok()?, y.parse().ok()?))
}

#[test]
fn a_mini_timer_remembered_on_a_monitor_that_is_gone_opens_on_a_visible_one() {
    let env = Env::new();
    std::fs::write(
        env.data.path().join("window-state.json"),
        json!({
            "mini": [3000.0, 1500.0],
            "mini_open": true,
            "handover_monitor": "HDMI-9",
            "mini_monitor": "HDMI-9"
        })
        .to_string(),
    )
    .unwrap();
    let app = env.launch();
    let mut at = None;
    wait_until(Duration::from_secs(10), "the mini timer to open", || {
        at = mini_position(app.child.id());
        at.is_some()
    });
    let (x, y) = at.unwrap();
    // The test's display is 1280x900; the mini timer is 300x104.
    assert!(
        (0..=1280 - 300).contains(&x) && (0..=900 - 104).contains(&y),
        "remembered at (3000, 1500) on a monitor that is not there: opened at ({x}, {y}), \
         whole on the screen"
    );
    env.add_members(&["Ada", "Bob"]);
    env.ok_all(&[&["start"], &["next"]]);
    wait_until(Duration::from_secs(10), "the hand-over", || {
        app.x_windows("Mobflow: hand over") == 1
    });
}
