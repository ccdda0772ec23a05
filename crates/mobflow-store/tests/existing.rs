//! Opening an existing database without creating or migrating it, and what the app checks
//! before it starts: every problem is named, and nothing is written to a file that has one.

use mobflow_core::{Command, Mob};
use mobflow_store::{Access, Store, StoreError, DB_FILE, SCHEMA_VERSION};

fn history_in(dir: &std::path::Path) -> std::path::PathBuf {
    let mut store = Store::open_dir(dir).unwrap();
    let mut mob = Mob::default();
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T09:00:00Z")
        .unwrap()
        .to_utc();
    for command in [Command::AddMember { name: "Ada".into() }, Command::Start] {
        let records = mob.apply(&command, now).unwrap();
        store.commit(&mob, &records, now).unwrap();
    }
    dir.join(DB_FILE)
}

#[test]
fn an_existing_history_opens_read_only_and_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = history_in(dir.path());
    let store = Store::open_existing(&path, Access::ReadOnly).unwrap();
    assert_eq!(store.sessions().unwrap().len(), 1, "the session is read");
    assert!(
        store.load_mob().unwrap().is_some(),
        "the live state is read"
    );
    let writable = Store::open_existing(&path, Access::ReadWrite).unwrap();
    writable.rename_session(1, Some("Kata")).unwrap();
    assert_eq!(
        store.session(1).unwrap().unwrap().name.as_deref(),
        Some("Kata"),
        "read-write opens the same file for the session edits"
    );
}

#[test]
fn a_missing_file_is_refused_and_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("mobfolw");
    for access in [Access::ReadOnly, Access::ReadWrite] {
        let err = Store::open_existing(&typo.join(DB_FILE), access)
            .err()
            .expect("a missing history is an error");
        assert!(
            matches!(err, StoreError::Missing { .. }),
            "{access:?}: {err}"
        );
        assert!(
            err.to_string().contains("MOBFLOW_DATA_DIR"),
            "the message points at the likely cause: {err}"
        );
    }
    assert!(!typo.exists(), "a mistyped folder is never created");
}

#[test]
fn a_damaged_file_is_named_damaged_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();
    for access in [Access::ReadOnly, Access::ReadWrite] {
        let err = Store::open_existing(&path, access)
            .err()
            .expect("garbage is no database");
        assert!(
            matches!(err, StoreError::Damaged { .. }),
            "{access:?}: {err}"
        );
        assert!(
            err.to_string().contains("damaged"),
            "the message says so: {err}"
        );
    }
    let err = Store::check_dir(dir.path()).unwrap_err();
    assert!(
        matches!(err, StoreError::Damaged { .. }),
        "the app's check says damaged too: {err}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        garbage,
        "nothing wrote to the damaged file"
    );
}

#[test]
fn an_unreadable_saved_state_is_damage_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = history_in(dir.path());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE live_state SET mob = '{not json'", [])
        .unwrap();
    drop(conn);
    let err = Store::check_dir(dir.path()).unwrap_err();
    assert!(
        matches!(err, StoreError::Damaged { ref detail, .. } if detail.contains("saved state")),
        "{err}"
    );
    let err = Store::open_existing(&path, Access::ReadOnly)
        .err()
        .expect("the command line reads the saved state too");
    assert!(matches!(err, StoreError::Damaged { .. }), "{err}");
}

#[test]
fn another_schema_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = history_in(dir.path());
    for (version, newer) in [(SCHEMA_VERSION + 1, true), (1, false)] {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", version).unwrap();
        drop(conn);
        let before = std::fs::read(&path).unwrap();
        let err = Store::open_existing(&path, Access::ReadOnly)
            .err()
            .expect("another schema is refused");
        if newer {
            assert!(matches!(err, StoreError::SchemaTooNew { .. }), "{err}");
        } else {
            assert!(
                matches!(err, StoreError::SchemaTooOld { .. }),
                "the command line never migrates: {err}"
            );
        }
        assert_eq!(std::fs::read(&path).unwrap(), before, "left untouched");
    }
}

#[test]
fn a_data_folder_that_cannot_be_made_is_a_folder_problem() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"").unwrap();
    let err = Store::check_dir(&file.join("mobflow")).unwrap_err();
    assert!(matches!(err, StoreError::Folder { .. }), "{err}");
}
