//! Rotate at the next green on the real app (a turn whose time is up while red hands over at
//! the first green run, or when the wait runs out), and checklist ticks carrying their run ids.
//! The turn is seeded into the store so that its time is already up when the app starts.

use std::time::Duration;

use chrono::{DateTime, Utc};
use mobflow_core::test_runs::TestSettingsPatch;
use mobflow_core::{Command, SettingsPatch, TestTrigger};
use serde_json::Value;

use super::{finished, set_tests, wait_watching, Project};
use crate::support::{wait_until, Env, Seed};

/// Ada and Bob, 1-minute turns, `project`'s tests red (run 1), rotate-at-green on with a
/// 1-minute wait, and a turn started `ago` before now: its time was up at `ago` - 60 s.
/// Returns when the turn started.
pub fn seed_red_turn(env: &Env, project: &Project, ago: Duration) -> DateTime<Utc> {
    let now = Utc::now();
    let before = |secs: i64| now - chrono::Duration::seconds(secs);
    let mut seed = Seed::open(env);
    let patch = SettingsPatch {
        turn_minutes: Some(1),
        tests: Some(Box::new(TestSettingsPatch {
            command: Some("sh check.sh".into()),
            cwd: Some(project.path().into()),
            rotate_at_green: Some(true),
            green_grace_minutes: Some(1),
            ..TestSettingsPatch::default()
        })),
        ..SettingsPatch::default()
    };
    for name in ["Ada", "Bob"] {
        seed.run_at(Command::AddMember { name: name.into() }, before(300));
    }
    seed.run_at(Command::UpdateSettings { patch }, before(300));
    let ask = Command::RunTests {
        trigger: TestTrigger::Manual,
    };
    seed.run_at(ask, before(290));
    let red = Command::FinishTestRun {
        run: 1,
        exit_code: Some(1),
        timed_out: false,
        output_tail: "checking: fail".into(),
    };
    seed.run_at(red, before(289));
    let started = now - chrono::Duration::from_std(ago).unwrap();
    seed.run_at(Command::Start, started);
    // The app was alive until now: its start is no time away.
    seed.run_at(Command::SetTurnLength { minutes: 1 }, now);
    started
}

/// When each event of `kind` was recorded, in milliseconds since the epoch, oldest first.
fn times(env: &Env, kind: &str) -> Vec<i64> {
    let db = rusqlite::Connection::open(env.data.path().join(mobflow_store::DB_FILE)).unwrap();
    let mut stmt = db
        .prepare("SELECT at_ms FROM events WHERE kind = ?1 ORDER BY seq")
        .unwrap();
    stmt.query_map([kind], |r| r.get::<_, i64>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Waits for the hand-over, and for its events to be written.
fn wait_for_handover(env: &Env) -> Value {
    let mut status = Value::Null;
    wait_until(Duration::from_secs(30), "the hand-over", || {
        status = env.status();
        status["state"] == "handover"
    });
    env.wait_written();
    status
}

#[test]
fn a_turn_whose_time_is_up_while_red_hands_over_at_the_green_run() {
    let env = Env::new();
    let project = Project::new();
    seed_red_turn(&env, &project, Duration::from_secs(70));
    let _app = env.launch();
    let status = env.status();
    assert_eq!(status["state"], "running", "time is up, but the turn waits");
    assert_eq!(status["tests"]["state"], "red");
    let left = status["tests"]["green_wait"]["left_ms"].as_u64().unwrap();
    assert!(
        (1..=50_000).contains(&left),
        "the wait ends a minute after the time was up (10 s ago): {left} ms left"
    );
    let summary = env.ok(&["status"]);
    assert!(
        summary.contains("Time is up: hand-over at the next green, or in 1 min."),
        "{summary}"
    );

    wait_watching(&env);
    project.write("state", "pass");
    finished(&env, 2);
    let status = wait_for_handover(&env);
    assert_eq!(status["driver"], "Bob", "Bob takes the keyboard");
    let ended = env.events("turn_ended");
    assert_eq!(
        ended.last().unwrap()["reason"],
        "green",
        "the history says: at the green"
    );
    assert_eq!(
        times(&env, "turn_ended").last(),
        times(&env, "test_run_finished").last(),
        "the hand-over is the instant the green run finished"
    );
    assert_eq!(env.events("waiting_for_green").len(), 1);
}

#[test]
fn a_turn_still_red_when_the_wait_runs_out_hands_over_then() {
    let env = Env::new();
    let project = Project::new();
    let started = seed_red_turn(&env, &project, Duration::from_secs(118));
    let _app = env.launch();
    wait_for_handover(&env);
    let ended = env.events("turn_ended");
    assert_eq!(
        ended.last().unwrap()["reason"],
        "still_red",
        "the history says: the wait ran out, still red"
    );
    let deadline = started.timestamp_millis() + 60_000;
    assert_eq!(
        times(&env, "turn_ended").last(),
        Some(&(deadline + 60_000)),
        "at the wait's end: a minute after the time was up, not when noticed"
    );
    assert_eq!(
        times(&env, "waiting_for_green"),
        [deadline],
        "the wait began at the time up"
    );
}

#[test]
fn checklist_ticks_by_the_tests_carry_their_run_ids() {
    let env = Env::new();
    let project = Project::new();
    let _app = env.launch();
    env.ok_all(&[
        &["roster", "add", "Ada"],
        &["task", "add", "Login"],
        &["task", "focus", "1"],
        &["task", "check", "1", "1"],
    ]);
    set_tests(&env, &project, &["--evidence", "on"]);
    let steps = || {
        let board: Value = serde_json::from_str(&env.ok(&["task", "list", "--json"])).unwrap();
        board["tasks"][0]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .take(4)
            .map(|s| (s["done"].as_bool().unwrap(), s["run"].as_u64()))
            .collect::<Vec<_>>()
    };

    project.write("src/lib.txt", "a failing unit test");
    finished(&env, 1);
    assert_eq!(
        steps(),
        [(true, None), (true, Some(1)), (false, None), (false, None)],
        "the red run ticks the failing unit test, naming run 1"
    );
    project.write("state", "pass");
    finished(&env, 2);
    assert_eq!(
        steps(),
        [
            (true, None),
            (true, Some(1)),
            (true, Some(2)),
            (false, None)
        ],
        "the green after it ticks green, naming run 2"
    );
    let checked = env.events("step_checked");
    assert_eq!(
        (checked.len(), &checked[1]["run"], &checked[2]["run"]),
        (3, &1.into(), &2.into()),
        "the history keeps each tick's run; the hand tick has none"
    );
    env.ok(&["task", "uncheck", "1", "3"]);
    assert_eq!(
        steps()[2],
        (false, None),
        "unticked by hand: its run goes with it"
    );
}
