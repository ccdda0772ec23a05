//! History on a real file: listing sessions in a window, reading records, naming and deleting
//! sessions, stored retros, and migrating a file from schema 1.

use chrono::{DateTime, Duration, Utc};
use mobflow_core::retro::Retro;
use mobflow_core::{Command, Mob};
use mobflow_store::{Store, StoreError, SCHEMA_VERSION};

fn day(d: i64, minutes: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
        + Duration::days(d)
        + Duration::minutes(minutes)
}

fn run(store: &mut Store, mob: &mut Mob, command: Command, at: DateTime<Utc>) {
    let records = mob.apply(&command, at).unwrap();
    store.commit(mob, &records, at).unwrap();
}

/// Three ended sessions on days 0, 1 and 2, and a fourth still going on day 3.
fn seeded() -> (tempfile::TempDir, Store, Mob) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let mut mob = Mob::default();
    for name in ["Ada", "Bob", "Cy"] {
        run(
            &mut store,
            &mut mob,
            Command::AddMember { name: name.into() },
            day(0, 0),
        );
    }
    for d in 0..4 {
        run(&mut store, &mut mob, Command::Start, day(d, 0));
        run(&mut store, &mut mob, Command::Start, day(d, 12)); // 2 min overrun
        run(&mut store, &mut mob, Command::Next, day(d, 15));
        if d < 3 {
            run(&mut store, &mut mob, Command::EndSession, day(d, 20));
        }
    }
    (dir, store, mob)
}

fn ids(rows: &[mobflow_store::SessionRow]) -> Vec<u64> {
    rows.iter().map(|r| r.id).collect()
}

#[test]
fn sessions_between_takes_those_started_in_the_window_newest_first() {
    let (_dir, store, _) = seeded();
    let cases = [
        (None, None, vec![4, 3, 2, 1]),
        (Some(day(1, 0)), None, vec![4, 3, 2]),
        (None, Some(day(1, 0)), vec![1]),
        (Some(day(1, 0)), Some(day(3, 0)), vec![3, 2]),
        (Some(day(1, 1)), Some(day(1, 2)), vec![]),
    ];
    for (since, until, want) in cases {
        let rows = store.sessions_between(since, until).unwrap();
        assert_eq!(
            ids(&rows),
            want,
            "since {since:?} until {until:?}: since is inclusive, until exclusive"
        );
        assert_eq!(
            store.count_sessions_between(since, until).unwrap(),
            want.len() as u64,
            "the count of the same window"
        );
    }
    let all = store.sessions_between(None, None).unwrap();
    assert_eq!(
        all,
        store.sessions().unwrap(),
        "an open window lists what `sessions` lists"
    );
    assert_eq!(all[3].people, ["Ada", "Bob", "Cy"]);
    assert_eq!(store.last_session_id().unwrap(), Some(4));
}

#[test]
fn records_of_a_session_and_of_a_window() {
    let (_dir, store, _) = seeded();
    let one = store.records_for_session(2).unwrap();
    let kinds: Vec<_> = one.iter().map(|r| r.event.kind()).collect();
    assert_eq!(
        kinds,
        [
            "session_started",
            "turn_started",
            "turn_ended",
            "rotated",
            "turn_started",
            "turn_ended",
            "rotated",
            "session_ended"
        ],
        "the whole session, in recorded order"
    );
    assert!(store.records_for_session(99).unwrap().is_empty());

    let window = store
        .records_between(Some(day(1, 0)), Some(day(1, 15)))
        .unwrap();
    assert_eq!(window.first().unwrap().at, day(1, 0));
    assert!(
        window.iter().all(|r| r.at < day(1, 15)),
        "until is exclusive"
    );
    assert_eq!(
        window.len(),
        5,
        "day 1 up to (not with) the early rotation at 15 minutes"
    );
    let everything = store.records_between(None, None).unwrap();
    assert_eq!(
        everything.len() as u64,
        store.event_count().unwrap() - 3,
        "every event but the three roster additions, which belong to no session"
    );
    assert!(everything.iter().all(|r| r.session.is_some()));
}

#[test]
fn renaming_a_session_trims_checks_and_clears() {
    let (_dir, store, _) = seeded();
    let long = "x".repeat(80);
    // (input, the name kept or words of the refusal)
    type Case<'a> = (Option<&'a str>, Result<Option<&'a str>, &'a str>);
    let cases: Vec<Case> = vec![
        (Some("  Kata: bowling  "), Ok(Some("Kata: bowling"))),
        (Some(&long), Ok(Some(&long))),
        (Some("Zoë's mob ✓"), Ok(Some("Zoë's mob ✓"))),
        (None, Ok(None)),
        (Some(""), Err("cannot be empty")),
        (Some("   "), Err("cannot be empty")),
        (Some("a\nb"), Err("control characters")),
    ];
    for (input, want) in cases {
        let got = store.rename_session(1, input);
        match want {
            Ok(name) => {
                assert_eq!(got.unwrap().as_deref(), name, "input {input:?}");
                assert_eq!(store.session(1).unwrap().unwrap().name.as_deref(), name);
            }
            Err(why) => {
                let err = got.expect_err("refused");
                assert!(
                    matches!(err, StoreError::BadSessionName(_)) && err.to_string().contains(why),
                    "{input:?}: {err}"
                );
            }
        }
    }
    let err = store.rename_session(1, Some(&"y".repeat(81))).unwrap_err();
    assert!(
        err.to_string().contains("at most 80"),
        "81 characters is one too many: {err}"
    );
    assert!(matches!(
        store.rename_session(42, Some("x")),
        Err(StoreError::NoSuchSession(42))
    ));
}

#[test]
fn deleting_a_session_removes_exactly_it_and_refuses_the_one_going_on() {
    let (_dir, store, mob) = seeded();
    store.retro_between(None, None, day(9, 0)).unwrap(); // stores retros of 1, 2 and 3
    let before = store.event_count().unwrap();
    let in_two = store.records_for_session(2).unwrap().len() as u64;
    store.delete_session(2).unwrap();
    assert_eq!(ids(&store.sessions().unwrap()), [4, 3, 1]);
    assert_eq!(store.event_count().unwrap(), before - in_two);
    assert!(store.records_for_session(2).unwrap().is_empty());
    assert!(store.session(2).unwrap().is_none());
    assert!(matches!(
        store.delete_session(2),
        Err(StoreError::NoSuchSession(2))
    ));
    assert_eq!(mob.session, Some(4));
    let err = store.delete_session(4).unwrap_err();
    assert!(
        matches!(err, StoreError::SessionInProgress(4)),
        "the live session must stay: {err}"
    );
    let retro = store.retro_between(None, None, day(9, 0)).unwrap();
    assert_eq!(retro.sessions, [1, 3, 4], "its stored retro went with it");
}

#[test]
fn a_retro_over_sessions_is_merged_from_stored_retros_and_stays_right() {
    let (dir, store, _) = seeded();
    let now = day(3, 30);
    let all = store.records_between(None, None).unwrap();
    let expect = Retro {
        timeline: None,
        ..Retro::compute(&all, now)
    };
    let first = store.retro_between(None, None, now).unwrap();
    assert_eq!(first, expect, "merged = computed over every event");
    assert_eq!(first.turns, 8, "two turns a day");
    assert_eq!(first.overrun.count, 4, "one 2-minute overrun a day");
    assert_eq!(first.overrun.total_ms, 4 * 120_000);

    let conn = rusqlite::Connection::open(dir.path().join(mobflow_store::DB_FILE)).unwrap();
    let stored: Vec<i64> = conn
        .prepare("SELECT session_id FROM session_retros ORDER BY session_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(stored, [1, 2, 3], "ended sessions only: 4 is still going");
    // Stale or unreadable stored retros are computed again.
    conn.execute_batch(
        "UPDATE session_retros SET retro = 'not json' WHERE session_id = 1;
         UPDATE session_retros SET version = 0 WHERE session_id = 2;",
    )
    .unwrap();
    assert_eq!(store.retro_between(None, None, now).unwrap(), expect);

    let window = store
        .retro_between(Some(day(1, 0)), Some(day(3, 0)), now)
        .unwrap();
    assert_eq!(window.sessions, [2, 3]);
    let full = store
        .retro_between_with_timeline(Some(day(1, 0)), Some(day(3, 0)), now)
        .unwrap();
    assert_eq!(
        Retro {
            timeline: None,
            ..full.clone()
        },
        window,
        "the same figures, from every event"
    );
    let turns = full
        .timeline
        .expect("computed from events")
        .segments
        .iter()
        .filter(|s| s.kind == mobflow_core::retro::SegmentKind::Turn)
        .count();
    assert_eq!(turns, 4, "both sessions' timelines, joined");
    let one = store.session_retro(4, now).unwrap().expect("session 4");
    assert!(
        one.timeline.is_some(),
        "one session's retro has its timeline"
    );
    assert_eq!(one.end, Some(now), "a session going on is closed at now");
    assert_eq!(store.session_retro(99, now).unwrap(), None);
}

#[test]
fn a_schema_1_file_is_migrated_with_its_history_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(mobflow_store::DB_FILE);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../src/migrations/0001_init.sql"))
            .unwrap();
        conn.execute_batch(
            "INSERT INTO sessions (id, started_ms, ended_ms, turns) VALUES (1, 0, 60000, 1);
             INSERT INTO events (session_id, at_ms, kind, payload)
               VALUES (1, 0, 'session_started', '{\"kind\":\"session_started\",\"session\":1}');
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.sessions().unwrap().len(), 1);
    assert_eq!(store.records_for_session(1).unwrap().len(), 1);
    let retro = store.retro_between(None, None, day(0, 0)).unwrap();
    assert_eq!(retro.sessions, [1], "the new table fills in on first use");
}
