//! The real SQLite file: migrations, durability across reopen, refusing newer schemas.

use chrono::{DateTime, Duration, Utc};
use mobflow_core::{Command, Mob};
use mobflow_store::{Store, StoreError, DB_FILE, SCHEMA_VERSION};

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
