//! An existing database: opened without creating or migrating it (the CLI's history commands),
//! checked before the app starts (what is wrong, said plainly), and moved aside when damaged.

use std::io;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::{Result, Store, StoreError, DB_FILE, SCHEMA_VERSION};

/// How [`Store::open_existing`] opens the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reading only: nothing is ever written (derived caches included).
    ReadOnly,
    /// Reading and writing an existing file (naming, deleting a session); never creates one.
    ReadWrite,
}

/// Whether a SQLite error means the file's content is not a sound database.
fn damaged(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

/// Puts a SQLite error on opening `path` into words a person can act on.
fn classify(path: &Path, error: StoreError) -> StoreError {
    let path_text = path.display().to_string();
    match error {
        StoreError::Sqlite(ref e) if damaged(e) => StoreError::Damaged {
            path: path_text,
            detail: e.to_string(),
        },
        StoreError::BadState(ref e) => StoreError::Damaged {
            path: path_text,
            detail: format!("its saved state is unreadable: {e}"),
        },
        StoreError::Sqlite(ref e)
            if matches!(
                e.sqlite_error_code(),
                Some(
                    rusqlite::ErrorCode::CannotOpen
                        | rusqlite::ErrorCode::PermissionDenied
                        | rusqlite::ErrorCode::ReadOnly
                        | rusqlite::ErrorCode::AuthorizationForStatementDenied
                )
            ) =>
        {
            StoreError::Unreadable {
                path: path_text,
                detail: e.to_string(),
            }
        }
        other => other,
    }
}

impl Store {
    /// Opens the database at `path`, which must exist, without creating or migrating it, and
    /// reads its saved state. A missing file, a damaged one (its saved state included), and
    /// one of another schema version are refused with a message that says so; nothing is
    /// written to any of them.
    pub fn open_existing(path: &Path, access: Access) -> Result<Store> {
        let path_text = || path.display().to_string();
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() => {}
            Ok(_) => {
                return Err(StoreError::Damaged {
                    path: path_text(),
                    detail: "it is not a file".into(),
                })
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(StoreError::Missing { path: path_text() })
            }
            Err(e) => {
                return Err(StoreError::Unreadable {
                    path: path_text(),
                    detail: e.to_string(),
                })
            }
        }
        let flags = match access {
            Access::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY,
            Access::ReadWrite => OpenFlags::SQLITE_OPEN_READ_WRITE,
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let open = || -> Result<Store> {
            let conn = Connection::open_with_flags(path, flags)?;
            let found: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if found > SCHEMA_VERSION {
                return Err(StoreError::SchemaTooNew {
                    path: path_text(),
                    found,
                    supported: SCHEMA_VERSION,
                });
            }
            if found < SCHEMA_VERSION {
                return Err(StoreError::SchemaTooOld {
                    path: path_text(),
                    found,
                    supported: SCHEMA_VERSION,
                });
            }
            conn.busy_timeout(std::time::Duration::from_secs(2))?;
            // Reads the schema: a damaged file usually shows here rather than later.
            conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })?;
            let store = Store {
                conn,
                path: path.to_path_buf(),
            };
            // The saved state must read too (history names the session going on from it).
            store.load_mob()?;
            Ok(store)
        };
        open().map_err(|e| classify(path, e))
    }

    /// What the app checks before it starts on `dir`: the folder can be created, the database
    /// opened (created and migrated if needed) and its saved state read. The error says what
    /// is wrong: [`StoreError::Folder`], [`StoreError::Damaged`], [`StoreError::Unreadable`],
    /// [`StoreError::SchemaTooNew`], or another database error.
    pub fn check_dir(dir: &Path) -> Result<()> {
        let path = dir.join(DB_FILE);
        let store = Store::open_dir(dir).map_err(|e| classify(&path, e))?;
        store.load_mob().map_err(|e| classify(&path, e))?;
        Ok(())
    }
}

/// Moves a damaged database file aside as `mobflow.db.damaged-STAMP` (with its `-wal` and
/// `-shm` files, renamed alike, so the three still open together), never replacing a file
/// already there: a second move in the same second gets `-2`, `-3`... Nothing is deleted.
/// The write-ahead log goes first, so a new database at `path` never picks up the old one's.
/// Returns where the database went.
pub fn move_aside(path: &Path, stamp: &str) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other(format!("{} is not a file name", path.display())))?
        .to_string_lossy()
        .into_owned();
    let sibling = |suffix: &str| path.with_file_name(format!("{name}{suffix}"));
    let taken = |base: &Path| {
        ["", "-wal", "-shm"].iter().any(|s| {
            let mut p = base.as_os_str().to_owned();
            p.push(s);
            PathBuf::from(p).symlink_metadata().is_ok()
        })
    };
    let target = (1..1000)
        .map(|n| match n {
            1 => sibling(&format!(".damaged-{stamp}")),
            n => sibling(&format!(".damaged-{stamp}-{n}")),
        })
        .find(|t| !taken(t))
        .ok_or_else(|| io::Error::other("too many damaged copies with this time stamp"))?;
    for suffix in ["-wal", "-shm", ""] {
        let from = sibling(suffix);
        let mut to = target.as_os_str().to_owned();
        to.push(suffix);
        match move_no_replace(&from, Path::new(&to)) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound && !suffix.is_empty() => {}
            Err(e) => return Err(e),
        }
    }
    Ok(target)
}

/// Renames `from` to `to`, failing rather than replacing an existing `to` (a hard link, then
/// the old name removed; both in one folder, so on one file system).
fn move_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::hard_link(from, to)?;
    std::fs::remove_file(from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_file_moves_aside_with_its_log_and_never_over_another() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join(DB_FILE);
        std::fs::write(&db, b"not sqlite").unwrap();
        std::fs::write(dir.path().join("mobflow.db-wal"), b"log").unwrap();
        let first = move_aside(&db, "20261128-101500").unwrap();
        assert_eq!(
            first,
            dir.path().join("mobflow.db.damaged-20261128-101500"),
            "the name says what and when"
        );
        assert_eq!(std::fs::read(&first).unwrap(), b"not sqlite", "kept whole");
        assert_eq!(
            std::fs::read(dir.path().join("mobflow.db.damaged-20261128-101500-wal")).unwrap(),
            b"log",
            "the log goes with it"
        );
        assert!(!db.exists(), "the damaged file is no longer in the way");
        std::fs::write(&db, b"damaged again").unwrap();
        let second = move_aside(&db, "20261128-101500").unwrap();
        assert_eq!(
            second,
            dir.path().join("mobflow.db.damaged-20261128-101500-2"),
            "a second move in the same second never replaces the first"
        );
        assert_eq!(std::fs::read(&first).unwrap(), b"not sqlite");
    }
}
