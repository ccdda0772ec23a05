//! The history API as the window and the CLI use it: error codes, titles, export paths.

use chrono::{DateTime, Duration, Utc};
use mobflow_api::export::{self, Format};
use mobflow_api::history::{check_window_export_path, write_export, History, RetroQuery};
use mobflow_api::{ErrorCode, Service};
use mobflow_core::Command;
use mobflow_store::Store;

fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
        + Duration::minutes(minutes)
}

/// A history written by the service, read on a connection of its own (as the app's view does).
struct Written {
    _dir: tempfile::TempDir,
    store: Store,
    live: Option<u64>,
}

impl Written {
    fn history(&self) -> History<'_> {
        History::new(&self.store, self.live)
    }
}

/// Session 1 ended; session 2 going on.
fn service() -> Written {
    let dir = tempfile::tempdir().unwrap();
    let mut service = Service::open(dir.path(), at(0)).unwrap();
    for (command, minutes) in [
        (Command::AddMember { name: "Ada".into() }, 0),
        (Command::AddMember { name: "Bob".into() }, 0),
        (Command::Start, 0),
        (Command::EndSession, 30),
        (Command::Start, 60),
    ] {
        service.execute(&command, at(minutes)).unwrap();
    }
    let storage = service.storage().flush(std::time::Duration::from_secs(30));
    assert_eq!(
        storage.pending, 0,
        "the writer wrote everything: {storage:?}"
    );
    let live = service.mob().session;
    let store = Store::open(service.db_path()).unwrap();
    Written {
        _dir: dir,
        store,
        live,
    }
}

#[test]
fn errors_carry_the_code_callers_branch_on() {
    let service = service();
    let history = service.history();
    let code = |r: Result<(), mobflow_api::ApiError>| r.unwrap_err().code;
    assert_eq!(code(history.delete(2)), ErrorCode::WrongState, "live");
    assert_eq!(code(history.delete(9)), ErrorCode::NotFound);
    assert_eq!(
        code(history.rename(1, Some(" ")).map(drop)),
        ErrorCode::InvalidInput
    );
    assert_eq!(
        code(history.rename(9, Some("x")).map(drop)),
        ErrorCode::NotFound
    );
    let both = RetroQuery {
        session: Some(1),
        since: Some(at(0)),
        until: None,
    };
    assert_eq!(
        code(history.retro(&both, at(90), false).map(drop)),
        ErrorCode::InvalidInput,
        "a session or a range, not both"
    );
    let backwards = RetroQuery {
        session: None,
        since: Some(at(10)),
        until: Some(at(0)),
    };
    assert_eq!(
        code(history.retro(&backwards, at(90), false).map(drop)),
        ErrorCode::InvalidInput
    );
    assert_eq!(
        code(
            history
                .retro(
                    &RetroQuery {
                        session: Some(9),
                        ..RetroQuery::default()
                    },
                    at(90),
                    false
                )
                .map(drop)
        ),
        ErrorCode::NotFound
    );
}

#[test]
fn sessions_mark_the_live_one_and_titles_name_what_a_retro_covers() {
    let service = service();
    let history = service.history();
    let sessions = history.sessions(None, None).unwrap();
    let live: Vec<_> = sessions.iter().map(|s| (s.id, s.live)).collect();
    assert_eq!(
        live,
        [(2, true), (1, false)],
        "the UI must not offer to delete 2"
    );
    history.rename(1, Some("Kata")).unwrap();
    let day = |d: &str| DateTime::parse_from_rfc3339(d).unwrap().with_timezone(&Utc);
    for (query, title) in [
        (
            RetroQuery {
                session: Some(1),
                ..RetroQuery::default()
            },
            "Session 1: Kata",
        ),
        (RetroQuery::default(), "Retro: all sessions"),
        (
            RetroQuery {
                session: None,
                since: Some(day("2026-11-01T00:00:00Z")),
                until: Some(day("2026-12-01T00:00:00Z")),
            },
            "Retro 2026-11-01 to 2026-12-01",
        ),
        (
            RetroQuery {
                session: None,
                since: Some(day("2026-11-23T09:30:00Z")),
                until: None,
            },
            "Retro since 2026-11-23 09:30 UTC",
        ),
    ] {
        assert_eq!(
            history.title(&query).unwrap(),
            title,
            "a retro's title names what it covers"
        );
    }
}

#[test]
fn an_export_is_the_rendered_retro() {
    let service = service();
    let history = service.history();
    let one = RetroQuery {
        session: Some(1),
        ..RetroQuery::default()
    };
    let retro = history.retro(&one, at(90), false).unwrap();
    assert!(
        retro.timeline.is_some(),
        "one session always has its timeline"
    );
    assert_eq!(
        history.export(&one, Format::Md, at(90)).unwrap(),
        export::markdown(&retro, "Session 1")
    );
    let range = history
        .retro(&RetroQuery::default(), at(90), false)
        .unwrap();
    assert_eq!(range.timeline, None, "figures only, from stored retros");
    assert_eq!(range.sessions, [1, 2]);
    let csv = history
        .export(&RetroQuery::default(), Format::Csv, at(90))
        .unwrap();
    assert_eq!(
        csv.lines().count(),
        1 + 2 + 1 + 1 + 1 + 1,
        "a CSV export reads every event: a row per turn (then the tasks' and tests' headers): {csv}"
    );
}

#[test]
fn the_window_may_export_only_to_a_full_path_with_the_formats_extension() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().display().to_string();
    let ok = format!("{base}/retro.md");
    assert_eq!(
        check_window_export_path(&ok, Format::Md).unwrap(),
        std::path::PathBuf::from(&ok)
    );
    std::fs::create_dir(dir.path().join("folder.md")).unwrap();
    for (path, format, says) in [
        ("retro.md".to_owned(), Format::Md, "full path"),
        (format!("{base}/retro.md"), Format::Csv, "must end in .csv"),
        (format!("{base}/.bashrc"), Format::Md, "must end in .md"),
        (format!("{base}/folder.md"), Format::Md, "is a folder"),
        (
            format!("{base}/missing/retro.json"),
            Format::Json,
            "does not exist",
        ),
    ] {
        let err = check_window_export_path(&path, format).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert!(err.message.contains(says), "{path}: {}", err.message);
    }
}

#[test]
fn writing_an_export_replaces_the_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("retro.csv");
    std::fs::write(&path, "old and longer content").unwrap();
    let done = write_export(&path, "a,b\r\n").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\r\n");
    assert_eq!(done.bytes, 5);
    assert!(std::path::Path::new(&done.path).is_absolute());
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["retro.csv"], "no temporary file left behind");
}

#[test]
fn an_export_never_writes_through_a_planted_link_and_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let path = dir.path().join("retro.md");
    // Someone guessed the temporary names and planted links to another file.
    for n in 0..3 {
        let temp = dir
            .path()
            .join(format!(".retro.md.{}-{n}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, temp).unwrap();
    }
    std::os::unix::fs::symlink(&victim, dir.path().join(".retro.md.tmp")).unwrap();
    write_export(&path, "# Retro\n").unwrap();
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "keep me",
        "the temporary file is created new (O_EXCL), never through a link"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "# Retro\n");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "a retro is readable by its owner only");
}

/// Two ended sessions on two days, and a third going on: the range of the first two.
fn two_days() -> Written {
    let dir = tempfile::tempdir().unwrap();
    let mut service = Service::open(dir.path(), at(0)).unwrap();
    let day = 24 * 60;
    for (command, minutes) in [
        (Command::AddMember { name: "Ada".into() }, 0),
        (Command::AddMember { name: "Bob".into() }, 0),
        (Command::SetTurnLength { minutes: 5 }, 0),
        // Time is up at 5; the hand-over waits a minute.
        (Command::Start, 0),
        (Command::Start, 6),
        (Command::EndSession, 8),
        // Time is up at day + 5; the hand-over waits two minutes.
        (Command::Start, day),
        (Command::Start, day + 7),
        (Command::EndSession, day + 11),
        (Command::Start, 2 * day),
    ] {
        service
            .execute(&command, at(minutes))
            .unwrap_or_else(|e| panic!("{command:?} at {minutes}: {e}"));
    }
    let storage = service.storage().flush(std::time::Duration::from_secs(30));
    assert_eq!(
        storage.pending, 0,
        "the writer wrote everything: {storage:?}"
    );
    let live = service.mob().session;
    let store = Store::open(service.db_path()).unwrap();
    Written {
        _dir: dir,
        store,
        live,
    }
}

fn range() -> RetroQuery {
    RetroQuery {
        session: None,
        since: Some(at(0)),
        until: Some(at(2 * 24 * 60)),
    }
}

#[test]
fn a_date_range_exports_a_csv_row_for_every_turn_of_its_sessions() {
    let service = two_days();
    let csv = service
        .history()
        .export(&range(), Format::Csv, at(2 * 24 * 60 + 5))
        .unwrap();
    let want = "\
session,turn,driver,navigator,start,end,keyboard_ms,paused_ms,handover_ms,overrun,test_runs\r
1,1,Ada,Bob,2026-11-23T09:00:00Z,2026-11-23T09:05:00Z,300000,0,60000,true,0\r
1,2,Bob,Ada,2026-11-23T09:06:00Z,2026-11-23T09:08:00Z,120000,0,0,false,0\r
2,1,Bob,Ada,2026-11-24T09:00:00Z,2026-11-24T09:05:00Z,300000,0,120000,true,0\r
2,2,Ada,Bob,2026-11-24T09:07:00Z,2026-11-24T09:11:00Z,240000,0,0,false,0\r
\r
task,title,finished_at,cycle_ms,test_first,override_reason,steps_left,driver\r
\r
task,title,test_runs,green,red,red_green_cycles\r
";
    assert_eq!(
        csv, want,
        "both sessions' turns, in order, each with its hand-over (the overrun after time up, \
         none after the session ended; Bob, driving when session 1 ended, starts session 2); \
         session 3 started after the range. Got:\n{csv}"
    );
}

#[test]
fn the_history_view_draws_a_ranges_timeline_and_its_figures_match_the_stored_merge() {
    let service = two_days();
    let history = service.history();
    let now = at(2 * 24 * 60 + 5);
    let shown = history.view_retro(&range(), now).unwrap();
    assert_eq!(shown.whole, None, "two sessions: every list whole");
    let view = shown.retro;
    let timeline = view
        .timeline
        .clone()
        .expect("a range of 2 sessions has its timeline");
    let turns: Vec<(Option<u64>, Option<u32>, String)> = timeline
        .segments
        .iter()
        .filter(|s| s.kind == mobflow_core::retro::SegmentKind::Turn)
        .map(|s| (s.session, s.turn, s.driver.clone().unwrap().name))
        .collect();
    assert_eq!(
        turns,
        [
            (Some(1), Some(1), "Ada".to_owned()),
            (Some(1), Some(2), "Bob".to_owned()),
            (Some(2), Some(1), "Bob".to_owned()),
            (Some(2), Some(2), "Ada".to_owned()),
        ],
        "every turn of both sessions, in order"
    );
    let figures = history.retro(&range(), now, false).unwrap();
    assert_eq!(figures.timeline, None, "the stored merge has no timeline");
    assert_eq!(
        mobflow_core::retro::Retro {
            timeline: None,
            ..view
        },
        figures,
        "the same figures either way"
    );
    assert_eq!(figures.turns, 4);
    assert_eq!(figures.keyboard_ms, 960_000, "5 + 2 + 5 + 4 minutes");
}

#[test]
fn a_range_of_more_sessions_than_the_view_draws_has_the_figures_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut service = Service::open(dir.path(), at(0)).unwrap();
    service
        .execute(&Command::AddMember { name: "Ada".into() }, at(0))
        .unwrap();
    let n = mobflow_api::history::RANGE_TIMELINE_SESSIONS as i64 + 1;
    for i in 0..n {
        service.execute(&Command::Start, at(i * 60)).unwrap();
        service
            .execute(&Command::EndSession, at(i * 60 + 10))
            .unwrap();
    }
    let all = RetroQuery::default();
    let storage = service.storage().flush(std::time::Duration::from_secs(30));
    assert_eq!(
        storage.pending, 0,
        "the writer wrote everything: {storage:?}"
    );
    let store = Store::open(service.db_path()).unwrap();
    let history = History::new(&store, service.mob().session);
    let shown = history.view_retro(&all, at(n * 60)).unwrap();
    let retro = shown.retro;
    assert_eq!(retro.sessions.len() as i64, n);
    assert!(shown.whole.is_some(), "past the limit: the lists are cut");
    assert_eq!(
        retro.timeline, None,
        "one session past the limit: figures only"
    );
    let last_31 = RetroQuery {
        since: Some(at(60)),
        ..RetroQuery::default()
    };
    assert!(
        history
            .view_retro(&last_31, at(n * 60))
            .unwrap()
            .retro
            .timeline
            .is_some(),
        "at the limit: drawn"
    );
}

#[test]
fn a_long_ranges_lists_are_cut_to_their_newest_entries_and_say_how_long_they_were() {
    use mobflow_api::history::{WholeLists, RANGE_LIST_ENTRIES};
    use mobflow_core::retro::{HandoverNote, Retro, RetroLine};
    let mut retro = Retro::empty();
    let n = RANGE_LIST_ENTRIES + 5;
    retro.handover_notes = (0..n)
        .map(|i| HandoverNote {
            at: at(i as i64),
            text: format!("note {i}"),
            from: None,
            to: None,
        })
        .collect();
    retro.retro_lines = vec![RetroLine {
        at: at(0),
        text: "one line".into(),
    }];
    let whole = WholeLists::cut(&mut retro, RANGE_LIST_ENTRIES);
    assert_eq!(whole.handover_notes as usize, n);
    assert_eq!(whole.retro_lines, 1);
    assert_eq!(retro.handover_notes.len(), RANGE_LIST_ENTRIES);
    assert_eq!(
        retro.handover_notes[0].text, "note 5",
        "the oldest go; the newest stay, in order"
    );
    assert_eq!(
        retro.handover_notes.last().unwrap().text,
        format!("note {}", n - 1)
    );
    assert_eq!(retro.retro_lines.len(), 1, "a short list stays whole");
}
