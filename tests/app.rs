//! The real app process (under Xvfb), controlled over its socket by the real CLI: every action,
//! the board, and what survives a kill or a long time away.

use std::time::Duration;

use mobflow_core::Command;
use serde_json::Value;

use crate::support::{wait_until, Env, Seed};

fn names(status: &Value) -> Vec<String> {
    status["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_owned())
        .collect()
}

fn refused(env: &Env, args: &[&str], message: &str) {
    let before = env.status();
    let run = env.cli(args);
    assert_eq!(run.code(), 1, "{args:?} must be refused: {}", run.stdout());
    assert!(
        run.stderr().contains(message),
        "{args:?}: expected {message:?} in {:?}",
        run.stderr()
    );
    let after = env.status();
    assert_eq!(
        before["members"], after["members"],
        "{args:?} changed nothing"
    );
    assert_eq!(before["state"], after["state"], "{args:?} changed nothing");
}

#[test]
fn the_cli_drives_the_running_app_and_nothing_is_lost_to_a_kill() {
    let env = Env::new();
    let app = env.launch();

    assert_eq!(
        env.ok(&["roster", "add", "Ada"]),
        "Idle. Next: Ada drives alone.\n"
    );
    env.ok(&["roster", "add", "  Bob  "]);
    env.ok(&["roster", "add", "Cy"]);
    refused(
        &env,
        &["roster", "add", "ada"],
        "already a member called \"Ada\"",
    );
    refused(&env, &["roster", "add", "   "], "cannot be empty");
    refused(
        &env,
        &["roster", "add", &"x".repeat(41)],
        "at most 40 characters",
    );
    refused(&env, &["roster", "remove", "Zed"], "no member \"Zed\"");
    refused(&env, &["pause"], "Cannot pause");
    assert_eq!(
        env.ok(&["roster", "list"]),
        "1. Ada  (driver)\n2. Bob  (navigator)\n3. Cy\n"
    );

    env.ok(&["start"]);
    let s = env.status();
    assert_eq!(s["state"], "running");
    assert_eq!(s["driver"], "Ada");
    assert_eq!(s["navigator"], "Bob");
    assert_eq!(s["turn_ms"], 600_000);
    let remaining = s["remaining_ms"].as_u64().unwrap();
    assert!(
        (590_000..=600_000).contains(&remaining),
        "a fresh 10-minute turn, read from the deadline: {remaining}"
    );
    assert_eq!(names(&s), ["Ada", "Bob", "Cy"]);

    env.ok(&["pause"]);
    assert_eq!(env.status()["state"], "paused");
    env.ok(&["resume"]);
    env.ok(&["skip"]);
    assert_eq!(env.status()["navigator"], "Cy", "Bob was skipped");
    let out = env.ok(&["next"]);
    assert!(
        out.starts_with("Hand over: Cy drives, Ada navigates."),
        "{out}"
    );

    // A second launch on the same data folder focuses the running app and exits.
    let second = env.cli(&[]);
    assert_eq!(second.code(), 0, "{}", second.stderr());
    assert!(
        second.took < Duration::from_secs(5),
        "it did not start a second app"
    );

    // kill -9: whatever was acknowledged is on disk.
    app.kill();
    let app = env.launch();
    let s = env.status();
    assert_eq!(s["state"], "handover", "the hand-over survives a crash");
    assert_eq!(s["driver"], "Cy");
    assert_eq!(s["navigator"], "Ada");
    assert_eq!(names(&s), ["Ada", "Bob", "Cy"]);

    env.ok(&["turn-length", "5"]);
    env.ok(&["start"]);
    app.kill();
    let _app = env.launch();
    let s = env.status();
    assert_eq!(
        s["state"], "running",
        "a running turn resumes after a restart"
    );
    assert_eq!(s["turn"], 2);
    let remaining = s["remaining_ms"].as_u64().unwrap();
    assert!(
        (240_000..300_000).contains(&remaining),
        "the deadline, not a restarted counter: {remaining}"
    );

    env.ok(&["roster", "rename", "cy", "Cyd"]);
    env.ok(&["roster", "move", "Cyd", "1"]);
    assert_eq!(names(&env.status()), ["Cyd", "Ada", "Bob"]);
    env.ok(&["end"]);
    let s = env.status();
    assert_eq!(s["state"], "idle");
    assert_eq!(s["session_id"], Value::Null);

    let sessions: Value = serde_json::from_str(&env.ok(&["sessions", "--json"])).unwrap();
    assert_eq!(sessions.as_array().unwrap().len(), 1);
    assert_eq!(sessions[0]["turns"], 2);
    assert!(sessions[0]["ended_at"].is_string());
}

#[test]
fn the_board_keeps_one_task_in_focus_and_tests_first_through_the_cli() {
    let env = Env::new();
    let app = env.launch();
    env.ok(&["roster", "add", "Ada"]);
    env.ok(&["roster", "add", "Bob"]);
    env.ok(&["start"]);
    env.ok(&[
        "task",
        "add",
        "Fix login",
        "--acceptance",
        "a locked user sees why",
    ]);
    env.ok(&["task", "add", "Write docs"]);
    env.ok(&["task", "focus", "1"]);

    let run = env.cli(&["task", "focus", "#2"]);
    assert_eq!(run.code(), 1, "WIP = 1: a second focus is refused");
    assert!(
        run.stderr()
            .contains("\"Fix login\" is in focus. Park it or finish it first."),
        "the refusal names the task in focus: {}",
        run.stderr()
    );
    let run = env.cli(&["task", "check", "1", "3"]);
    assert_eq!(run.code(), 1, "strict mode: code before tests is refused");
    assert!(
        run.stderr().contains("Tests come first"),
        "{}",
        run.stderr()
    );
    let run = env.cli(&["task", "check", "1", "9"]);
    assert!(
        run.stderr().contains("its steps are 1 to 7"),
        "{}",
        run.stderr()
    );

    for step in ["1", "2", "3"] {
        env.ok(&["task", "check", "1", step]);
    }
    let s = env.status();
    assert_eq!(s["task"]["id"], 1);
    assert_eq!(s["task"]["title"], "Fix login");
    assert_eq!(s["task"]["next_step"], "Refactored");

    let run = env.cli(&["task", "done", "1"]);
    assert_eq!(run.code(), 1, "unticked steps need an override");
    env.ok(&["task", "done", "1", "--override", "hotfix, delivery by ops"]);
    env.ok(&["park", "look", "at", "the", "flaky", "test"]);
    env.ok(&["task", "focus", "2"]);

    app.kill();
    let _app = env.launch();
    let board: Value = serde_json::from_str(&env.ok(&["task", "list", "--json"])).unwrap();
    let tasks = board["tasks"].as_array().unwrap();
    let column = |title: &str| {
        tasks
            .iter()
            .find(|t| t["title"] == title)
            .map(|t| t["column"].clone())
    };
    assert_eq!(
        column("Fix login"),
        Some("done".into()),
        "the board survives a kill"
    );
    assert_eq!(column("Write docs"), Some("focus".into()));
    assert_eq!(column("look at the flaky test"), Some("parked".into()));
    assert_eq!(tasks[0]["override_reason"], "hotfix, delivery by ops");
    assert_eq!(
        tasks[0]["test_first"], true,
        "tests were ticked before code"
    );
    let text = env.ok(&["task", "list"]);
    assert!(
        text.starts_with(
            "In focus:\n  #2   Write docs  [0/7]  next: 1. Acceptance test written and failing\n"
        ),
        "{text}"
    );
}

#[test]
fn every_action_round_trips_through_the_cli() {
    let env = Env::new();
    let app = env.launch();
    env.add_members(&["Ada", "Bob", "Cy"]);
    let state = || env.status()["state"].as_str().unwrap().to_owned();
    env.ok(&["toggle"]);
    assert_eq!(state(), "running", "toggle starts");
    env.ok(&["toggle"]);
    assert_eq!(state(), "paused", "toggle pauses");
    env.ok(&["toggle"]);
    assert_eq!(state(), "running", "toggle resumes");
    env.ok(&["extend", "2"]);
    assert!(
        env.status()["remaining_ms"].as_u64().unwrap() > 700_000,
        "two more minutes"
    );
    env.ok(&["skip"]);
    assert_eq!(env.status()["navigator"], "Cy", "Bob was skipped");
    env.ok(&["away", "bob"]);
    assert_eq!(
        env.status()["members"][1]["away"],
        true,
        "names match in any case"
    );
    env.ok(&["back", "Bob"]);
    env.ok(&["break"]);
    assert_eq!(state(), "break", "a break on demand");
    let run = env.cli(&["break", "--skip"]);
    assert_eq!(run.code(), 1, "an early break is not skipped but ended");
    env.ok(&["break", "--end"]);
    assert_eq!(state(), "handover", "after a break, a hand-over");
    env.ok(&["next"]);
    assert_eq!(state(), "running", "next starts the turn");
    env.ok(&["show"]);
    env.ok(&["mini"]);
    wait_until(Duration::from_secs(10), "the mini timer", || {
        app.x_windows("Mobflow mini timer") == 1
    });
    env.ok(&["mini"]);
    env.ok(&["end"]);
    assert_eq!(state(), "idle", "the session ended");
}

#[test]
fn time_away_while_the_app_was_closed_is_asked_about() {
    let env = Env::new();
    // A turn started 12 minutes ago by an app that then died (its last sign of life then).
    let now = chrono::Utc::now().timestamp_millis();
    let started = chrono::DateTime::from_timestamp_millis(now - 12 * 60_000).unwrap();
    let mut seed = Seed::open(&env);
    seed.run_at(Command::AddMember { name: "Ada".into() }, started);
    seed.run_at(Command::Start, started);
    drop(seed);
    let _app = env.launch();
    let s = env.status();
    assert_eq!(s["state"], "running", "the turn comes back");
    let away = s["away"]["away_ms"]
        .as_u64()
        .expect("the app asks about the time away");
    assert!(
        (12 * 60_000..13 * 60_000).contains(&away),
        "away since the last sign of life: {away}"
    );
    assert_eq!(
        s["remaining_ms"], 600_000,
        "the timer stands where it was left"
    );
    let run = env.cli(&["pause"]);
    assert_eq!(run.code(), 1, "decide first");
    assert!(
        run.stderr().contains("decide about the time away"),
        "{}",
        run.stderr()
    );
    env.ok(&["decide", "resume"]);
    let s = env.status();
    assert_eq!(s["away"], Value::Null, "decided");
    assert!(
        s["remaining_ms"].as_u64().unwrap() > 595_000,
        "resumed with its time"
    );
    let away = env.events("time_away");
    assert_eq!(away[0]["choice"], "resume", "the choice is recorded");
}

/// The pid of the `mobflow-app` running on this test's data folder, found by its environment:
/// a bare `mobflow` starts it detached, so it is nobody's child here.
fn detached_app(env: &Env) -> Option<i32> {
    running_on(env, "mobflow-app").map(|(pid, _)| pid)
}

/// A process of the program `exe` (its file name) that runs on this test's data folder, found
/// by its environment (which WebKit's processes inherit from the app): its pid and environment.
pub fn running_on(env: &Env, exe: &str) -> Option<(i32, Vec<String>)> {
    let wanted = format!("MOBFLOW_DATA_DIR={}", env.data.path().display());
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: i32 = entry.file_name().to_str()?.parse().ok()?;
            let path = std::fs::read_link(entry.path().join("exe")).ok()?;
            if path.file_name()? != exe {
                return None;
            }
            let environ = std::fs::read(entry.path().join("environ")).ok()?;
            let vars: Vec<String> = environ
                .split(|b| *b == 0)
                .map(|var| String::from_utf8_lossy(var).into_owned())
                .collect();
            vars.contains(&wanted).then_some((pid, vars))
        })
}

/// WebKit runs as the app sets it up for itself (src-tauri/src/webkit.rs: no compositor, no
/// JIT, no memory watch), in the web process that draws the pages; a user's own setting of each
/// wins, and a user's `WEBKIT_DISABLE_MEMORY_PRESSURE_MONITOR=0` brings WebKit's watch back
/// (WebKit would read any value as "off").
#[test]
fn the_web_process_runs_as_the_app_sets_webkit_unless_the_user_says_otherwise() {
    const MONITOR: &str = "WEBKIT_DISABLE_MEMORY_PRESSURE_MONITOR";
    const MONITOR_OFF: &str = "WEBKIT_DISABLE_MEMORY_PRESSURE_MONITOR=1";
    let defaults: &[(&str, &str)] = &[];
    let users = &[
        ("JSC_useJIT", "1"),
        ("WEBKIT_DISABLE_COMPOSITING_MODE", "0"),
        (MONITOR, "0"),
    ];
    for (given, want, watched) in [(defaults, ["0", "1"], false), (users, ["1", "0"], true)] {
        let env = Env::new();
        let _app = env.launch_with(given);
        let mut web = None;
        wait_until(Duration::from_secs(30), "the web process", || {
            web = running_on(&env, "WebKitWebProcess");
            web.is_some()
        });
        let (_, vars) = web.unwrap();
        for (name, value) in ["JSC_useJIT", "WEBKIT_DISABLE_COMPOSITING_MODE"]
            .iter()
            .zip(want)
        {
            let set = format!("{name}={value}");
            assert!(
                vars.contains(&set),
                "given {given:?}, the web process runs with {set}: {:?}",
                vars.iter()
                    .filter(|v| v.starts_with(name))
                    .collect::<Vec<_>>()
            );
        }
        let monitor: Vec<&str> = vars
            .iter()
            .map(String::as_str)
            .filter(|v| v.starts_with(MONITOR))
            .collect();
        let off: &[&str] = if watched { &[] } else { &[MONITOR_OFF] };
        assert_eq!(monitor, off, "given {given:?}");
        // WebKit's watch is a thread of the app's own ("MemoryPressureMonitor", cut to 15
        // bytes), started with the web process.
        let (app, _) = running_on(&env, "mobflow-app").expect("the app runs");
        let threads = thread_names(app);
        assert_eq!(
            threads.iter().any(|t| t == "PressureMonitor"),
            watched,
            "given {given:?}, WebKit's memory watch runs: {watched}; the app's threads: {threads:?}"
        );
    }
}

/// What the app sets for WebKit is for its own windows: the mob's test command and its hooks
/// run with the environment the app was started with (a hook may open a WebKit browser, the
/// tests may be a WebKitGTK app's own), the user's own settings included.
#[test]
fn programs_the_app_starts_get_the_environment_it_was_started_with() {
    let env = Env::new();
    let _app = env.launch_with(&[("JSC_useJIT", "1")]);
    env.add_members(&["Ada", "Bob"]);
    let folder = env.data.path().join("project");
    std::fs::create_dir_all(&folder).unwrap();
    let hook_saw = env.data.path().join("hook.env");
    let patch = serde_json::json!({
        "hooks": { "turn_start": { "command": format!("env > '{}'", hook_saw.display()), "cwd": "" } }
    });
    env.ok(&["settings", "--patch", &patch.to_string()]);
    env.ok(&["start"]);
    let tests_saw = env.data.path().join("tests.env");
    let command = format!("env > '{}'", tests_saw.display());
    env.ok(&[
        "test",
        "set",
        "--dir",
        folder.to_str().unwrap(),
        "--command",
        &command,
    ]);
    env.ok(&["test", "run", "--wait"]);
    wait_until(Duration::from_secs(10), "the hook to write", || {
        std::fs::read_to_string(&hook_saw).is_ok_and(|s| !s.is_empty())
    });
    for (who, file) in [("the hook", &hook_saw), ("the test command", &tests_saw)] {
        let text = std::fs::read_to_string(file).unwrap();
        let vars: Vec<&str> = text.lines().collect();
        assert!(
            vars.contains(&"JSC_useJIT=1"),
            "{who} keeps the user's own: {vars:?}"
        );
        for name in [
            "WEBKIT_DISABLE_COMPOSITING_MODE",
            "WEBKIT_DISABLE_MEMORY_PRESSURE_MONITOR",
        ] {
            assert!(
                !vars.iter().any(|v| v.starts_with(&format!("{name}="))),
                "{who} does not get the app's own {name}: {vars:?}"
            );
        }
    }
}

/// The names of a process's threads (/proc/PID/task/TID/comm).
fn thread_names(pid: i32) -> Vec<String> {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|tasks| {
            tasks
                .flatten()
                .filter_map(|task| std::fs::read_to_string(task.path().join("comm")).ok())
                .map(|name| name.trim_end().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The session id of a process (field 6 of /proc/PID/stat).
fn session_of(pid: u32) -> String {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after_name = &stat[stat.rfind(')').unwrap() + 2..];
    after_name.split(' ').nth(3).unwrap().to_owned()
}

/// SIGKILLs a process when dropped, so a failed assertion leaves no app behind.
struct KillOnDrop(i32);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        // SAFETY: kill(2) on a pid this test found running the app; no memory is involved.
        unsafe { libc::kill(self.0, libc::SIGKILL) };
    }
}

#[test]
fn bare_mobflow_starts_the_app_detached() {
    let env = Env::new();
    // `output()` returns only when the CLI exited and nothing holds its stdout or stderr:
    // the app it started must not.
    let run = env.cli(&[]);
    assert_eq!(
        run.code(),
        0,
        "bare `mobflow` opens the app: {}",
        run.stderr()
    );
    env.wait_for_app();
    let pid = detached_app(&env).expect("`mobflow` started mobflow-app (found beside it)");
    let _kill = KillOnDrop(pid);
    assert_ne!(
        session_of(pid as u32),
        session_of(std::process::id()),
        "the app has a session of its own: closing the terminal must not end it"
    );
    for fd in 0..3 {
        let target = std::fs::read_link(format!("/proc/{pid}/fd/{fd}")).unwrap();
        assert_eq!(
            target,
            std::path::Path::new("/dev/null"),
            "the app's fd {fd} must not be the terminal's"
        );
    }
}
