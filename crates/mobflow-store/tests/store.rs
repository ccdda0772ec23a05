//! The real SQLite file: migrations, durability across reopen, refusing newer schemas.

use chrono::{DateTime, Duration, Utc};
use mobflow_core::{Command, Mob};
use mobflow_store::{pre_migration_copy, Store, StoreError, DB_FILE, SCHEMA_VERSION};

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-27T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn run(store: &mut Store, mob: &mut Mob, command: Command, at: DateTime<Utc>) {
    let records = mob.apply(&command, at).unwrap();
    store.commit(mob, &records, at).unwrap();
}

#[test]
fn a_fresh_file_is_migrated_to_the_current_schema_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(
        store.load_mob().unwrap().is_none(),
        "a new file has no state yet"
    );
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        mode, "wal",
        "journal_mode must be set outside the migration transaction"
    );
    drop(store);
    // Reopening an up-to-date file runs no migration and keeps the version.
    let store = Store::open_dir(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn state_and_events_survive_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut mob = Mob::default();
    {
        let mut store = Store::open_dir(dir.path()).unwrap();
        for name in ["Ada", "Bob", "Cy"] {
            run(
                &mut store,
                &mut mob,
                Command::AddMember { name: name.into() },
                t0(),
            );
        }
        run(&mut store, &mut mob, Command::Start, t0());
        run(
            &mut store,
            &mut mob,
            Command::Next,
            t0() + Duration::minutes(3),
        );
    }
    let store = Store::open_dir(dir.path()).unwrap();
    assert_eq!(
        store.load_mob().unwrap(),
        Some(mob.clone()),
        "live state comes back as saved"
    );
    let sessions = store.sessions().unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].id, 1);
    assert_eq!(sessions[0].started_at, t0());
    assert_eq!(sessions[0].turns, 1);
    assert_eq!(
        sessions[0].people,
        ["Ada", "Bob"],
        "driver and navigator of turn 1"
    );
    let kinds: Vec<_> = store
        .records_for_session(1)
        .unwrap()
        .iter()
        .map(|e| e.event.kind())
        .collect();
    assert_eq!(
        kinds,
        ["session_started", "turn_started", "turn_ended", "rotated"],
        "every action of the session is a row, in order"
    );
    assert_eq!(
        store.event_count().unwrap(),
        7,
        "3 roster events outside the session + 4"
    );
}

#[test]
fn ending_a_session_fills_in_its_row() {
    let mut store = Store::open_in_memory().unwrap();
    let mut mob = Mob::default();
    run(
        &mut store,
        &mut mob,
        Command::AddMember { name: "Ada".into() },
        t0(),
    );
    run(&mut store, &mut mob, Command::Start, t0());
    run(
        &mut store,
        &mut mob,
        Command::EndSession,
        t0() + Duration::minutes(95),
    );
    run(
        &mut store,
        &mut mob,
        Command::Start,
        t0() + Duration::minutes(100),
    );
    let sessions = store.sessions().unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[0].id, 2, "newest first");
    assert_eq!(sessions[0].ended_at, None);
    assert_eq!(sessions[1].ended_at, Some(t0() + Duration::minutes(95)));
}

#[test]
fn a_file_from_a_newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); INSERT INTO future VALUES (42);")
            .unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path)
        .err()
        .expect("a newer schema must be refused");
    assert!(
        matches!(err, StoreError::SchemaTooNew { found, .. } if found == SCHEMA_VERSION + 1),
        "{err}"
    );
    assert!(
        err.to_string().contains("newer Mobflow"),
        "the message says why: {err}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is byte for byte unchanged"
    );
}

/// The files in `dir` whose name starts with `mobflow.db.pre-schema`.
fn pre_migration_copies(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("mobflow.db.pre-schema"))
        .collect();
    names.sort();
    names
}

#[test]
fn upgrading_an_older_file_keeps_a_copy_of_it_until_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    // A file as the first release wrote it: schema 1, one ended session of two turns.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../src/migrations/0001_init.sql"))
            .unwrap();
        conn.execute_batch(
            "INSERT INTO sessions (id, started_ms, ended_ms, turns) VALUES (1, 1000, 61000, 2);
             INSERT INTO session_people (session_id, member_id, name) VALUES (1, 1, 'Ada');",
        )
        .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
    }

    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        SCHEMA_VERSION,
        "the file is migrated on open"
    );
    let sessions = store.sessions().unwrap();
    assert_eq!(sessions.len(), 1, "the old session survives the upgrade");
    assert_eq!(sessions[0].people, vec!["Ada".to_owned()]);
    let copy = pre_migration_copy(&path, 1);
    assert_eq!(
        copy.file_name().unwrap(),
        "mobflow.db.pre-schema1",
        "the copy is named after the schema it keeps"
    );
    {
        let old = rusqlite::Connection::open(&copy).unwrap();
        let version: u32 = old
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            version, 1,
            "the copy is the file as it was before, schema 1"
        );
        let turns: u32 = old
            .query_row("SELECT turns FROM sessions WHERE id = 1", [], |r| r.get(0))
            .unwrap();
        assert_eq!(turns, 2, "the copy holds the old history");
        let has_new_column = old.prepare("SELECT tasks_done FROM sessions").is_ok();
        assert!(
            !has_new_column,
            "the copy was taken before the migration ran"
        );
    }
    drop(store);

    // The upgraded file opened fine once: the next open removes the copy.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.sessions().unwrap().len(), 1);
    assert_eq!(
        pre_migration_copies(dir.path()),
        Vec::<String>::new(),
        "the copy is removed once the upgraded file opened again"
    );
}

#[test]
fn a_new_file_needs_no_copy() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open_dir(dir.path()).unwrap());
    drop(Store::open_dir(dir.path()).unwrap());
    assert_eq!(
        pre_migration_copies(dir.path()),
        Vec::<String>::new(),
        "there is nothing to keep of a file that was empty"
    );
}

#[test]
fn a_failed_commit_leaves_history_and_state_unchanged() {
    let mut store = Store::open_in_memory().unwrap();
    let mut mob = Mob::default();
    run(
        &mut store,
        &mut mob,
        Command::AddMember { name: "Ada".into() },
        t0(),
    );
    run(&mut store, &mut mob, Command::Start, t0());
    let count = store.event_count().unwrap();
    // Replaying the start from scratch reuses session id 1: the insert fails mid-transaction.
    let mut replay = Mob {
        roster: mob.roster.clone(),
        ..Mob::default()
    };
    let records = replay.apply(&Command::Start, t0()).unwrap();
    assert!(
        store.commit(&replay, &records, t0()).is_err(),
        "session 1 exists already"
    );
    assert_eq!(store.event_count().unwrap(), count, "no partial write");
    assert_eq!(store.load_mob().unwrap(), Some(mob), "state row unchanged");
}
