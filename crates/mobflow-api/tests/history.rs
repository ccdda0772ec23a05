//! The history API as the window and the CLI use it: error codes, titles, export paths.

use chrono::{DateTime, Duration, Utc};
use mobflow_api::export::{self, Format};
use mobflow_api::history::{check_window_export_path, write_export, RetroQuery};
use mobflow_api::{ErrorCode, Service};
use mobflow_core::Command;
use mobflow_store::Store;

fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
        + Duration::minutes(minutes)
}

/// Session 1 ended; session 2 going on.
fn service() -> Service {
    let mut service = Service::with_store(Store::open_in_memory().unwrap(), at(0)).unwrap();
    for (command, minutes) in [
        (Command::AddMember { name: "Ada".into() }, 0),
        (Command::AddMember { name: "Bob".into() }, 0),
        (Command::Start, 0),
        (Command::EndSession, 30),
        (Command::Start, 60),
    ] {
        service.execute(&command, at(minutes)).unwrap();
    }
    service
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
