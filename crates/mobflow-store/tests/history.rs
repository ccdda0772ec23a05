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

/// Twelve ended sessions, a day each, with notes, mini-retro lines, finished tasks (some
/// reopened or finished again in a later session) and test runs of a task they share; and a
/// thirteenth still going.
fn busy() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    for s in 1..=13 {
        store.bulk_append(&busy_day(s)).unwrap();
    }
    (dir, store)
}

/// Session `s` of [`busy`], on day `s`.
fn busy_day(s: u32) -> Vec<mobflow_core::Record> {
    use mobflow_core::board::TaskId;
    use mobflow_core::{Event, Person, Record};
    let ada = Person {
        id: mobflow_core::MemberId(1),
        name: "Ada".into(),
    };
    let d = i64::from(s);
    let mut events = vec![
        Event::SessionStarted { session: s.into() },
        Event::TurnStarted {
            turn: 1,
            driver: ada.clone(),
            navigator: None,
            deadline: day(d, 10),
        },
    ];
    for n in 0..(s % 3 + 1) {
        events.push(Event::HandoverNote {
            text: format!("note {n} of {s}"),
            from: Some(ada.clone()),
            to: None,
        });
    }
    if s.is_multiple_of(2) {
        events.push(Event::MiniRetro {
            text: format!("line of {s}"),
        });
    }
    let finish = |task: u32| Event::TaskFinished {
        task: TaskId(task),
        title: format!("task {task}"),
        steps_left: 0,
        override_reason: None,
        test_first: !task.is_multiple_of(3),
        created_at: day(0, 0),
        first_focused_at: None,
        driver: Some(ada.clone()),
    };
    events.extend([finish(2 * s), finish(2 * s + 1)]);
    match s {
        5 => events.push(Event::TaskReopened {
            task: TaskId(2),
            driver: None,
        }),
        9 => events.push(finish(4)),
        _ => {}
    }
    events.push(Event::TestRunFinished {
        run: s.into(),
        command: "make test".into(),
        exit_code: Some(i32::from(s.is_multiple_of(2))),
        timed_out: false,
        passed: s % 2 == 1,
        duration_ms: 1000,
        output_tail: String::new(),
        task: Some(TaskId(1)),
        task_title: Some("the shared task".into()),
    });
    if s < 13 {
        events.push(Event::SessionEnded {
            session: s.into(),
            turns: 1,
        });
    }
    (1..)
        .zip(events)
        .map(|(minute, event)| Record {
            at: day(d, minute),
            session: Some(u64::from(s)),
            event,
        })
        .collect()
}

#[test]
fn a_long_range_view_is_merged_from_heads_and_reads_only_the_newest_whole_retros() {
    use mobflow_core::retro::WholeLists;
    let (dir, store) = busy();
    let now = day(13, 30);
    let cut = |since, until, keep| {
        let mut retro = store.retro_between(since, until, now).unwrap();
        let whole = WholeLists::cut(&mut retro, keep);
        (retro, whole)
    };
    let windows = [(None, None), (Some(day(3, 0)), Some(day(10, 0)))];
    for (since, until) in windows {
        for keep in [0, 1, 3, 100] {
            assert_eq!(
                store.retro_newest(since, until, now, keep).unwrap(),
                cut(since, until, keep),
                "{since:?}..{until:?}, the newest {keep}: the whole merge, cut"
            );
        }
    }
    let conn = rusqlite::Connection::open(dir.path().join(mobflow_store::DB_FILE)).unwrap();
    let heads = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row(
            "SELECT COUNT(*) FROM session_retros WHERE head IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(heads(&conn), 12, "every ended session's head is kept");

    // Rows stored before heads were, a stale head, an unreadable one: made again.
    conn.execute_batch(
        "UPDATE session_retros SET head = NULL WHERE session_id <= 4;
         UPDATE session_retros SET version = 0 WHERE session_id = 6;
         UPDATE session_retros SET head = 'not json' WHERE session_id = 7;",
    )
    .unwrap();
    let expect = cut(None, None, 3);
    assert_eq!(store.retro_newest(None, None, now, 3).unwrap(), expect);
    assert_eq!(heads(&conn), 12, "the missing heads were stored");
    let bad: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM session_retros WHERE head = 'not json' OR version = 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(bad, 0, "the stale and unreadable ones too");
}

#[test]
fn a_long_range_view_reads_the_whole_retros_of_the_newest_sessions_only() {
    use mobflow_core::retro::WholeLists;
    let (dir, store) = busy();
    let now = day(13, 30);
    let mut expect = store.retro_between(None, None, now).unwrap();
    let lengths = WholeLists::cut(&mut expect, 3);
    let expect = (expect, lengths);
    let conn = rusqlite::Connection::open(dir.path().join(mobflow_store::DB_FILE)).unwrap();
    // The older sessions' whole retros are never read: were they, an unreadable one would be
    // computed again and stored.
    conn.execute(
        "UPDATE session_retros SET retro = 'not json' WHERE session_id <= 7",
        [],
    )
    .unwrap();
    assert_eq!(
        store.retro_newest(None, None, now, 3).unwrap(),
        expect,
        "the newest three of each list are in sessions 8 to 13 (a mini-retro line every other day)"
    );
    let untouched: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM session_retros WHERE retro = 'not json'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        untouched, 7,
        "sessions 1 to 7 were merged from their heads alone"
    );
    let (_, whole) = store.retro_newest(None, None, now, 3).unwrap();
    assert_eq!(
        (
            whole.tasks,
            whole.reopened,
            whole.handover_notes,
            whole.test_turns
        ),
        (25, 1, 26, 13),
        "26 tasks finished, task 2 reopened; 1 to 3 notes a session; a run in each turn"
    );
}
