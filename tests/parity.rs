//! Everything the window can do, the `mobflow` command line can do too: each command added for
//! that runs against the real app here and is read back (through `status --json`, the board,
//! the stored events or the real X windows).

use std::time::Duration;

use serde_json::Value;

use crate::support::{wait_until, Env};

fn names(status: &Value) -> Vec<String> {
    status["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_owned())
        .collect()
}

/// `mobflow task list --json`, parsed.
fn board(env: &Env) -> Value {
    serde_json::from_str(&env.ok(&["task", "list", "--json"])).unwrap()
}

fn task(board: &Value, id: u64) -> &Value {
    board["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("task {id} on the board: {board}"))
}

fn backlog(board: &Value) -> Vec<u64> {
    board["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["column"] == "backlog")
        .map(|t| t["id"].as_u64().unwrap())
        .collect()
}

fn refused(env: &Env, args: &[&str], message: &str) {
    let run = env.cli(args);
    assert_eq!(run.code(), 1, "{args:?} must be refused: {}", run.stdout());
    assert!(
        run.stderr().contains(message),
        "{args:?}: expected {message:?} in {:?}",
        run.stderr()
    );
}

#[test]
fn roster_shuffle_reorders_between_turns_and_is_refused_during_one() {
    let env = Env::new();
    let _app = env.launch();
    env.add_members(&["Ada", "Bob", "Cy", "Dee"]);
    let said = env.ok(&["roster", "shuffle"]);
    let s = env.status();
    let order = names(&s);
    assert_ne!(
        order,
        ["Ada", "Bob", "Cy", "Dee"],
        "a shuffle changes the order"
    );
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(sorted, ["Ada", "Bob", "Cy", "Dee"], "the same four people");
    assert_eq!(
        s["driver"], order[0],
        "the first of the new order drives next"
    );
    assert_eq!(s["navigator"], order[1], "the second navigates");
    assert_eq!(
        said,
        format!("Idle. Next: {} drives, {} navigates.\n", order[0], order[1]),
        "the summary says who is next"
    );
    let events = env.events("roster_shuffled");
    assert_eq!(events.len(), 1, "recorded as one event");
    let recorded: Vec<&str> = events[0]["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(recorded, order, "the event holds the new order");
    assert!(events[0]["seed"].is_u64(), "and the seed that drew it");

    env.ok(&["start"]);
    refused(&env, &["roster", "shuffle"], "Shuffle between turns");
    assert_eq!(
        names(&env.status()),
        order,
        "a refused shuffle changes nothing"
    );
    env.ok(&["next"]);
    env.ok(&["roster", "shuffle"]);
    assert_eq!(
        env.status()["state"],
        "handover",
        "allowed on the hand-over"
    );
}

#[test]
fn the_mini_retro_is_answered_or_skipped_from_the_command_line() {
    let env = Env::new();
    let _app = env.launch();
    env.add_members(&["Ada", "Bob"]);
    env.ok_all(&[&["start"], &["next"], &["start"], &["next"]]);
    let s = env.status();
    assert_eq!(
        s["retro_prompt"], true,
        "two turns of two people: a full cycle"
    );
    assert!(
        env.ok(&["status"]).contains("mobflow mini-retro TEXT"),
        "status says how to answer"
    );
    env.ok(&["mini-retro", "swap", "more", "often"]);
    assert_eq!(env.status()["retro_prompt"], false, "answered");
    let lines = env.events("mini_retro");
    assert_eq!(lines.len(), 1, "one line saved");
    assert_eq!(lines[0]["text"], "swap more often", "the words are joined");
    refused(&env, &["mini-retro", "again"], "no cycle has just ended");
    env.ok_all(&[&["start"], &["next"], &["start"], &["next"]]);
    assert_eq!(
        env.status()["retro_prompt"],
        true,
        "the next cycle asks again"
    );
    env.ok(&["mini-retro", "--skip"]);
    assert_eq!(env.status()["retro_prompt"], false, "skipped");
    assert_eq!(
        env.events("mini_retro").len(),
        1,
        "a skipped prompt saves no line"
    );
    assert_eq!(env.cli(&["mini-retro"]).code(), 2, "a line or --skip");
}

#[test]
fn board_settings_and_backlog_order_and_task_edits_round_trip() {
    let env = Env::new();
    let _app = env.launch();
    env.ok_all(&[
        &["task", "add", "Parse dates"],
        &["task", "add", "Print dates"],
        &["task", "add", "Store dates"],
    ]);
    assert_eq!(backlog(&board(&env)), [1, 2, 3]);
    env.ok(&["task", "move", "3", "1"]);
    assert_eq!(backlog(&board(&env)), [3, 1, 2], "#3 to the top");
    env.ok(&["task", "move", "#3", "3"]);
    assert_eq!(backlog(&board(&env)), [1, 2, 3], "and back to the bottom");
    refused(&env, &["task", "move", "9", "1"], "9");

    env.ok(&[
        "task",
        "edit",
        "2",
        "--title",
        "Print dates in ISO 8601",
        "--notes",
        "no locale",
        "--acceptance",
        "2026-11-28 prints as is",
        "--acceptance",
        "UTC only",
    ]);
    let b = board(&env);
    let t = task(&b, 2);
    assert_eq!(t["title"], "Print dates in ISO 8601");
    assert_eq!(t["notes"], "no locale");
    assert_eq!(
        t["acceptance"],
        serde_json::json!(["2026-11-28 prints as is", "UTC only"])
    );
    env.ok(&["task", "edit", "2", "--title", "Print dates"]);
    let b = board(&env);
    assert_eq!(
        task(&b, 2)["acceptance"].as_array().unwrap().len(),
        2,
        "what is not given is kept"
    );
    env.ok(&["task", "edit", "2", "--no-acceptance"]);
    let b = board(&env);
    assert_eq!(task(&b, 2)["acceptance"], serde_json::json!([]), "cleared");
    assert_eq!(task(&b, 2)["notes"], "no locale", "notes kept");
    assert_eq!(env.events("task_edited").len(), 3, "each edit recorded");

    assert_eq!(board(&env)["strict"], true, "strict by default");
    env.ok(&["task", "lenient"]);
    assert_eq!(board(&env)["strict"], false);
    assert!(env.ok(&["task", "checklist"]).starts_with("Mode: lenient"));
    env.ok(&["task", "strict"]);
    assert_eq!(board(&env)["strict"], true);
    assert_eq!(env.events("strict_set").len(), 2);

    env.ok(&[
        "task",
        "checklist",
        "set",
        "test:Failing test",
        "code:Green",
        "delivery:Shipped",
    ]);
    assert_eq!(
        env.ok(&["task", "checklist"]),
        "Mode: strict (steps in order, tests before code).\n\
         1. test: Failing test\n2. code: Green\n3. delivery: Shipped\n"
    );
    let json: Value =
        serde_json::from_str(&env.ok(&["task", "checklist", "show", "--json"])).unwrap();
    assert_eq!(
        json,
        serde_json::json!([
            {"title": "Failing test", "kind": "test"},
            {"title": "Green", "kind": "code"},
            {"title": "Shipped", "kind": "delivery"},
        ])
    );
    env.ok(&["task", "add", "Delete dates"]);
    let steps: Vec<String> = task(&board(&env), 4)["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        steps,
        ["Failing test", "Green", "Shipped"],
        "new tasks copy it"
    );
    let bad = env.cli(&["task", "checklist", "set", "tests-Green"]);
    assert_eq!(bad.code(), 2, "a step is KIND:TITLE");
    assert!(bad.stderr().contains("KIND:TITLE"), "{}", bad.stderr());
}

#[test]
fn dismiss_hides_the_hand_over_screen_and_the_status_text_says_everything() {
    let env = Env::new();
    let app = env.launch();
    env.add_members(&["Ada", "Bob", "Cy"]);
    env.ok_all(&[
        &[
            "settings",
            "--patch",
            r#"{"roles":["researcher","scribe"]}"#,
        ],
        &["task", "add", "Parse dates"],
        &["task", "focus", "1"],
        &["start"],
    ]);
    let status = env.ok(&["status"]);
    for line in [
        "Focus: #1 Parse dates. Next step: Acceptance test written and failing.",
        "Roles: researcher Cy, scribe nobody.",
        "Break due in 60 min of mob time.",
        "Mob: Ada, Bob, Cy",
    ] {
        assert!(status.contains(line), "status shows {line:?}:\n{status}");
    }
    env.ok(&["next"]);
    let hand_over = || app.x_windows("Mobflow: hand over");
    wait_until(Duration::from_secs(10), "the hand-over screen", || {
        hand_over() >= 1
    });
    assert_eq!(
        env.ok(&["dismiss"]),
        "The hand-over screen is hidden until the timer moves on.\n"
    );
    wait_until(
        Duration::from_secs(10),
        "the hand-over screen to hide",
        || hand_over() == 0,
    );
    assert_eq!(
        env.status()["state"],
        "handover",
        "hiding it starts nothing"
    );
    env.ok(&["next"]);
    env.ok(&["next"]);
    wait_until(
        Duration::from_secs(10),
        "the next hand-over's screen",
        || hand_over() >= 1,
    );
}
