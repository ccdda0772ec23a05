//! The real CLI on history, with no app running: `sessions --since/--until`, `show`, `retro`
//! in every format, `session rename|delete`, and clear refusals.

use mobflow_core::board::TaskId;
use mobflow_core::Command;

use crate::support::{Env, Seed};

/// Two ended sessions written through the real store at fixed times, then a third going on.
///
/// Session 1: Ada drives 10 min (with a 1-minute pause), 2 minutes of overrun, Bob drives 7
/// min and finishes the task with an override, Cy drives 4 min.
fn seeded() -> Env {
    let env = Env::new();
    let mut seed = Seed::open(&env);
    let mut run = |command: Command, minutes: i64| seed.run(command, minutes);
    for name in ["Ada", "Bob", "Cy"] {
        run(Command::AddMember { name: name.into() }, 0);
    }
    run(
        Command::AddTask {
            title: "Login, \"remember me\"".into(),
            notes: String::new(),
            acceptance: vec![],
        },
        0,
    );
    run(Command::Start, 0);
    run(Command::FocusTask { task: TaskId(1) }, 1);
    run(Command::Pause, 3);
    run(Command::Resume, 4);
    run(Command::Start, 13); // the deadline passed at 11: two minutes of overrun
    run(
        Command::FinishTask {
            task: TaskId(1),
            override_reason: Some("spike".into()),
        },
        15,
    );
    run(Command::Next, 20);
    run(Command::Start, 21);
    run(Command::EndSession, 25);
    run(Command::Start, 24 * 60);
    run(Command::EndSession, 24 * 60 + 5);
    run(Command::Start, 2 * 24 * 60);
    env
}

#[test]
fn sessions_filters_by_date() {
    let env = seeded();
    let ids = |args: &[&str]| -> Vec<u64> {
        let rows: serde_json::Value = serde_json::from_str(&env.ok(args)).unwrap();
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(ids(&["sessions", "--json"]), [3, 2, 1]);
    assert_eq!(
        ids(&["sessions", "--json", "--since", "2026-11-24"]),
        [3, 2],
        "since a day: from its local midnight (TZ=UTC here)"
    );
    assert_eq!(
        ids(&["sessions", "--json", "--until", "2026-11-24"]),
        [1],
        "until is exclusive"
    );
    assert_eq!(
        ids(&[
            "sessions",
            "--json",
            "--since",
            "2026-11-24T08:00:00+01:00",
            "--until",
            "2026-11-25"
        ]),
        [2],
        "RFC 3339 with an offset works too"
    );
    let table = env.ok(&["sessions", "--since", "2026-11-25"]);
    assert!(table.contains("ongoing"), "{table}");
}

#[test]
fn show_prints_a_sessions_timeline() {
    let env = seeded();
    assert_eq!(
        env.ok(&["show", "1"]),
        "\
Session 1
2026-11-23 09:00–09:25 · 25m00s · 3 turns · keyboard 21m00s
Ada, Bob, Cy

09:00:00  session    Session 1 started
09:00:00  turn 1     Ada drives, Bob navigates · 3m00s
09:01:00  focus      #1 Login, \"remember me\" (Ada)
09:03:00  pause      1m00s
09:04:00  turn 1     resumed · 7m00s
09:11:00  hand-over  2m00s overrun
09:13:00  turn 2     Bob drives, Cy navigates · 7m00s
09:15:00  done       #1 Login, \"remember me\" (Bob)
09:20:00  hand-over  1m00s
09:21:00  turn 3     Cy drives, Ada navigates · 4m00s
09:25:00  session    Session 1 ended
",
        "turns split around the pause; the overrun marked; points in time order"
    );
    let last = env.ok(&["show", "last"]);
    assert!(
        last.starts_with("Session 3\n2026-11-25 09:00–now (going on)"),
        "`last` is the newest session, still going: {last}"
    );
}

#[test]
fn retro_as_markdown_for_a_session_and_a_range() {
    let env = seeded();
    let md = env.ok(&["retro", "1"]);
    assert_eq!(
        md,
        "\
# Session 1

Session 1 · 2026-11-23 09:00–09:25 UTC · 25m00s

- **Keyboard time:** 21m00s over 3 turns
- **Fairness:** 2.50 (most ÷ least keyboard time)
- **Overrun:** 2m00s after 1 time-up hand-over (2m00s on average)
- **Pauses:** 1 (1m00s)
- **Breaks:** 0 due, 0 taken, 0 skipped, 0 early (0s)
- **Tasks finished:** 1, test-first 100%
- **Parked thoughts:** 0
- **Navigator skips:** 0
- **Hooks:** 0 ran, 0 failed (0 timed out)
- **Time away:** 0s

## Keyboard time

| Person | Keyboard | Share | Drove | Navigated | |
|:--|--:|--:|--:|--:|:--|
| Ada | 10m00s | 48% | 1 | 1 | ██████████░░░░░░░░░░ |
| Bob | 7m00s | 33% | 1 | 1 | ███████░░░░░░░░░░░░░ |
| Cy | 4m00s | 19% | 1 | 1 | ████░░░░░░░░░░░░░░░░ |

## Tasks finished

| Task | Cycle time | Test-first |
|:--|--:|:-:|
| #1 Login, \"remember me\" | 14m00s | ✓ (override: spike) |
",
        "the retro of session 1, ready to paste"
    );
    assert_eq!(
        env.ok(&["retro"]),
        env.ok(&["retro", "last"]),
        "no session and no range: the last session"
    );
    let range = env.ok(&["retro", "--since", "2026-11-23", "--until", "2026-11-25"]);
    assert!(
        range.starts_with(
            "# Retro 2026-11-23 to 2026-11-25\n\nSessions 1, 2 · 2026-11-23 09:00 – 2026-11-24 09:05 UTC"
        ),
        "{range}"
    );
}

#[test]
fn retro_as_json_and_csv_and_to_a_file() {
    let env = seeded();
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["retro", "1", "--format", "json"])).unwrap();
    assert_eq!(json["keyboard_ms"], 21 * 60_000, "milliseconds");
    assert_eq!(json["start"], "2026-11-23T09:00:00Z", "RFC 3339 UTC");
    assert_eq!(json["people"][0]["name"], "Ada");
    assert!(json["timeline"]["segments"].is_array());

    let csv = env.ok(&["retro", "1", "--format", "csv"]);
    assert_eq!(
        csv,
        "session,turn,driver,navigator,start,end,keyboard_ms,paused_ms,handover_ms,overrun,test_runs\r\n\
         1,1,Ada,Bob,2026-11-23T09:00:00Z,2026-11-23T09:11:00Z,600000,60000,120000,true,0\r\n\
         1,2,Bob,Cy,2026-11-23T09:13:00Z,2026-11-23T09:20:00Z,420000,0,60000,false,0\r\n\
         1,3,Cy,Ada,2026-11-23T09:21:00Z,2026-11-23T09:25:00Z,240000,0,0,false,0\r\n\
         \r\n\
         task,title,finished_at,cycle_ms,test_first,override_reason,steps_left,driver\r\n\
         1,\"Login, \"\"remember me\"\"\",2026-11-23T09:15:00Z,840000,true,spike,7,Bob\r\n\
         \r\n\
         task,title,test_runs,green,red,red_green_cycles\r\n",
        "turns, tasks and test runs per task, a blank line between; RFC 4180 quoting"
    );

    let file = env.data.path().join("out/retro.md");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let said = env.ok(&["retro", "1", "-o", file.to_str().unwrap(), "--format", "md"]);
    assert!(
        said.starts_with(&format!("Wrote {}", file.display())),
        "says where: {said}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        env.ok(&["retro", "1"]),
        "the file holds what stdout would"
    );
}

#[test]
fn renaming_and_deleting_sessions() {
    let env = seeded();
    assert_eq!(
        env.ok(&["session", "rename", "1", "  Bowling", "kata "]),
        "Session 1 is now called \"Bowling kata\".\n"
    );
    assert!(env.ok(&["sessions"]).contains("Bowling kata: Ada, Bob, Cy"));
    assert!(env
        .ok(&["retro", "1"])
        .starts_with("# Session 1: Bowling kata\n"));
    assert_eq!(
        env.ok(&["session", "rename", "1", "--clear"]),
        "Session 1 has no name now.\n"
    );

    let refused = env.cli(&["session", "delete", "2"]);
    assert_eq!(refused.code(), 1, "deleting needs --yes");
    assert!(
        refused
            .stderr()
            .contains("deletes session 2 (2026-11-24 09:00, 1 turn) and all its events"),
        "{}",
        refused.stderr()
    );
    assert_eq!(
        env.ok(&["session", "delete", "2", "--yes"]),
        "Deleted session 2 (2026-11-24 09:00, 1 turn).\n"
    );
    let live = env.cli(&["session", "delete", "last", "--yes"]);
    assert_eq!(live.code(), 1);
    assert!(
        live.stderr().contains("Session 3 is still going"),
        "{}",
        live.stderr()
    );
    let rows: serde_json::Value = serde_json::from_str(&env.ok(&["sessions", "--json"])).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2, "only session 2 went");
}

#[test]
fn bad_history_input_is_refused_clearly() {
    let env = seeded();
    for (args, code, says) in [
        (&["show", "99"][..], 1, "There is no session 99."),
        (&["retro", "99"], 1, "There is no session 99."),
        (
            &["session", "delete", "99", "--yes"],
            1,
            "There is no session 99.",
        ),
        (&["session", "rename", "1", "   "], 1, "cannot be empty"),
        (
            &["session", "rename", "1", &"x".repeat(81)],
            1,
            "at most 80 characters",
        ),
        (
            &["retro", "--since", "2026-11-25", "--until", "2026-11-24"],
            1,
            "The range is empty",
        ),
        (&["retro", "--since", "yesterday"], 2, "is not a date"),
        (&["sessions", "--until", "2026-13-01"], 2, "is not a date"),
        (&["retro", "one"], 2, "is not a session"),
        (
            &["retro", "1", "--since", "2026-11-23"],
            2,
            "cannot be used with",
        ),
        (&["retro", "--format", "pdf"], 2, "invalid value"),
        (&["session", "rename", "1"], 2, "required"),
    ] {
        let run = env.cli(args);
        assert_eq!(run.code(), code, "{args:?}: {}", run.stderr());
        assert!(
            run.stderr().contains(says),
            "{args:?} should say {says:?}: {}",
            run.stderr()
        );
        assert!(run.stdout().is_empty(), "{args:?} printed nothing");
    }
    let empty = Env::new();
    let run = empty.cli(&["retro"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("There is no Mobflow history"),
        "no file: the command line creates none and says so: {}",
        run.stderr()
    );
    Seed::open(&empty); // a history with no session in it yet
    let run = empty.cli(&["retro"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("There are no sessions yet."),
        "{}",
        run.stderr()
    );
}
