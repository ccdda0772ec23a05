//! Event hooks on the real app: the rotation in their environment, a hanging one killed.

use std::time::Duration;

use crate::support::{wait_until, Env};

#[test]
fn hooks_get_the_rotation_in_their_environment_and_a_hanging_one_is_killed() {
    let env = Env::new();
    let _app = env.launch();
    env.add_members(&["Ada", "Bob"]);
    let out = env.data.path().join("hook.txt");
    let patch = serde_json::json!({
        "hook_timeout_secs": 3,
        "hooks": {
            "turn_end": {
                "command": format!("printf '%s|%s|%s|%s' \"$MOBFLOW_EVENT\" \"$MOBFLOW_DRIVER\" \"$MOBFLOW_NEXT_DRIVER\" \"$PWD\" > '{}'", out.display()),
                "cwd": env.data.path().display().to_string(),
            },
            "turn_start": { "command": "echo waiting; sleep 60", "cwd": "" }
        }
    });
    env.ok(&["settings", "--patch", &patch.to_string()]);
    env.ok(&["start"]);
    // The turn_start hook now hangs until it is killed: the app answers all the same, and
    // before the hook has ended (a hook that blocked the command path would have ended first).
    assert_eq!(env.status()["state"], "running", "the turn started");
    let hook_ended = |hook: &str| env.events("hook_ran").iter().any(|e| e["hook"] == hook);
    assert!(
        !hook_ended("turn_start"),
        "start and status answered while the turn_start hook still ran"
    );
    env.ok(&["next"]);
    wait_until(
        Duration::from_secs(10),
        "the turn_end hook to write",
        || std::fs::read_to_string(&out).is_ok_and(|s| !s.is_empty()),
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        text,
        format!("turn_end|Ada|Bob|{}", env.data.path().display()),
        "the hook sees the outgoing driver, the next driver, and runs in its folder"
    );
    wait_until(
        Duration::from_secs(10),
        "the hanging hook to be killed",
        || {
            env.events("hook_ran")
                .iter()
                .any(|e| e["timed_out"] == true)
        },
    );
    let ran = env.events("hook_ran");
    let hung = ran.iter().find(|e| e["hook"] == "turn_start").unwrap();
    assert_eq!(hung["timed_out"], true, "the hanging hook was timed out");
    assert_eq!(
        hung["output_tail"], "waiting",
        "its output up to the kill is kept"
    );
    let done = ran.iter().find(|e| e["hook"] == "turn_end").unwrap();
    assert_eq!(done["exit_code"], 0, "the turn_end hook succeeded");
    assert_eq!(
        env.status()["state"],
        "handover",
        "the rotation went on meanwhile"
    );
}
