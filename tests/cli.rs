//! The real CLI binary with no app running: history straight from the database, clear errors.

use mobflow_core::Command;

use crate::support::{Env, Seed};

/// Two sessions written through the real store, at fixed times.
fn seed(env: &Env) {
    let mut seed = Seed::open(env);
    for name in ["Ada", "Bob", "Cy"] {
        seed.run(Command::AddMember { name: name.into() }, 0);
    }
    seed.run(Command::Start, 0);
    seed.run(Command::Start, 11); // the deadline passed: hand-over, then Bob's turn
    seed.run(Command::EndSession, 95);
    seed.run(Command::Start, 24 * 60);
}

#[test]
fn sessions_lists_history_without_an_app() {
    let env = Env::new();
    seed(&env);
    let run = env.cli(&["sessions"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(
        run.stdout(),
        "  ID  STARTED             LENGTH  TURNS  PEOPLE\n\
         \x20  2  2026-11-24 09:00   ongoing      1  Cy, Ada\n\
         \x20  1  2026-11-23 09:00     1h35m      2  Ada, Bob, Cy\n",
        "newest first; people are everyone who drove or navigated"
    );

    let run = env.cli(&["sessions", "--json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let rows: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(rows[1]["id"], 1);
    assert_eq!(rows[1]["started_at"], "2026-11-23T09:00:00Z");
    assert_eq!(rows[1]["ended_at"], "2026-11-23T10:35:00Z");
    assert_eq!(rows[1]["turns"], 2);
    assert_eq!(rows[0]["ended_at"], serde_json::Value::Null);
    assert_eq!(
        (&rows[0]["live"], &rows[1]["live"]),
        (&true.into(), &false.into()),
        "the same SessionView as the window: the session going on is live (not deletable)"
    );
}

#[test]
fn sessions_on_a_data_folder_without_history_say_so_and_create_none() {
    let env = Env::new();
    let run = env.cli(&["sessions"]);
    assert_eq!(run.code(), 1, "no history is an error, not an empty list");
    assert!(
        run.stderr().contains("no Mobflow history"),
        "says so: {}",
        run.stderr()
    );
    assert!(
        !env.data.path().join(mobflow_store::DB_FILE).exists(),
        "the command line never creates a history"
    );
}

#[test]
fn control_commands_without_an_app_fail_fast_and_clearly() {
    let env = Env::new();
    for args in [
        &["status", "--json"][..],
        &["start"],
        &["roster", "add", "Ada"],
        &["roster", "list"],
        &["next"],
    ] {
        let run = env.cli(args);
        assert_eq!(run.code(), 3, "{args:?}: exit 3 means no app answered");
        assert!(
            run.stderr().contains("Mobflow is not running"),
            "{args:?}: {}",
            run.stderr()
        );
        assert!(
            run.stdout().is_empty(),
            "{args:?} printed nothing on stdout"
        );
        assert!(
            run.took < std::time::Duration::from_secs(2),
            "{args:?} must give up within 2 s, took {:?}",
            run.took
        );
    }
}

#[test]
fn bad_arguments_are_refused_by_the_parser() {
    let env = Env::new();
    for args in [
        &["turn-length", "0"][..],
        &["turn-length", "61"],
        &["turn-length", "ten"],
        &["roster", "move", "Ada", "0"],
        &["roster"],
        &["frobnicate"],
    ] {
        let run = env.cli(args);
        assert_eq!(run.code(), 2, "{args:?} is a usage error: {}", run.stderr());
        let err = run.stderr();
        assert!(
            err.contains("error:") || err.contains("Usage:"),
            "{args:?} says why: {err}"
        );
    }
}

#[test]
fn a_database_from_a_newer_mobflow_is_refused_untouched() {
    let env = Env::new();
    let path = env.data.path().join(mobflow_store::DB_FILE);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA user_version = 999;").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let run = env.cli(&["sessions"]);
    assert_eq!(run.code(), 1);
    assert!(run.stderr().contains("newer Mobflow"), "{}", run.stderr());
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn the_cli_binary_links_no_gtk_or_webkit() {
    let out = std::process::Command::new("ldd")
        .arg(crate::support::CLI)
        .output()
        .expect("ldd runs");
    let libs = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && libs.contains("libc.so"),
        "ldd listed the CLI's libraries: {libs}"
    );
    let gui: Vec<&str> = libs
        .lines()
        .filter(|l| l.contains("gtk") || l.contains("webkit"))
        .collect();
    assert!(
        gui.is_empty(),
        "`mobflow` must not load GTK or WebKit (a CLI call would cost 60 ms and 50 MB): {gui:?}"
    );
}
