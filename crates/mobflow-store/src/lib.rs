//! Mobflow's SQLite store.
//!
//! One file (`mobflow.db`) holds the live state and the append-only history. Pragmas are set
//! before migrations (WAL is ignored inside a transaction); migrations are numbered, only ever
//! added, run in one transaction and tracked by `PRAGMA user_version`. A file written by a newer
//! Mobflow is refused before anything touches it. Each change is one transaction.
//!
//! The app writes through [`writer::Writer`]: one thread with a connection of its own, fed in
//! order, that keeps retrying while the disk refuses and never makes its callers wait.
//!
//! Before a file from an older schema is migrated, a copy of it is written beside it
//! (`mobflow.db.pre-schemaN`, N the old schema); the copy is removed by the next open that finds
//! the file already up to date, so an upgrade that goes wrong can be undone by hand.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use mobflow_core::{Event, Mob, Record, Timestamp};
use rusqlite::{
    params, Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior,
};
use serde::Serialize;

mod existing;
mod history;
mod retro;
pub mod writer;

pub use existing::{move_aside, Access};
pub use history::{clean_session_name, MAX_SESSION_NAME_CHARS};

/// The migrations, in order. Append only: never edit or reorder a released one.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_history.sql"),
    include_str!("migrations/0003_change_seq.sql"),
    include_str!("migrations/0004_retro_heads.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "mobflow.db";

/// Where the copy of `db` is kept while it is migrated from schema `from`:
/// `mobflow.db.pre-schema1` beside `mobflow.db`.
pub fn pre_migration_copy(db: &Path, from: u32) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".pre-schema{from}"));
    db.with_file_name(name)
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path} was written by a newer Mobflow (schema {found}, this one knows up to {supported}); it was left untouched. Update Mobflow to open it.")]
    SchemaTooNew {
        path: String,
        found: u32,
        supported: u32,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored state could not be read: {0}")]
    BadState(#[from] serde_json::Error),
    #[error("There is no session {0}.")]
    NoSuchSession(u64),
    #[error("Session {0} is still going: end it before deleting it.")]
    SessionInProgress(u64),
    #[error("{0}")]
    BadSessionName(String),
    #[error("could not start the database writer: {0}")]
    Writer(std::io::Error),
    #[error(
        "could not keep a copy of {path} before upgrading it, so it was left as it was: {reason}"
    )]
    PreMigrationCopy { path: String, reason: String },
    #[error("could not create the data folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    // What opening an existing file found (`Store::open_existing`, `Store::check_dir`).
    #[error("There is no Mobflow history at {path}. Check MOBFLOW_DATA_DIR, or start Mobflow once to begin one.")]
    Missing { path: String },
    #[error("{path} is damaged ({detail}). It was left untouched; start the app (`mobflow`) to move it aside and begin a new history.")]
    Damaged { path: String, detail: String },
    #[error("{path} cannot be opened: {detail}. Check that it is yours and readable.")]
    Unreadable { path: String, detail: String },
    #[error("{path} is from an older Mobflow or not set up yet (schema {found}, this one reads {supported}). Start the app once to bring it up to date; the command line never changes it.")]
    SchemaTooOld {
        path: String,
        found: u32,
        supported: u32,
    },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One session, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionRow {
    pub id: u64,
    pub name: Option<String>,
    pub started_at: Timestamp,
    pub ended_at: Option<Timestamp>,
    pub turns: u32,
    /// Tasks finished during the session.
    pub tasks_done: u32,
    pub people: Vec<String>,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

fn to_ms(t: Timestamp) -> i64 {
    t.timestamp_millis()
}

fn from_ms(ms: i64) -> Timestamp {
    DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default()
}

impl Store {
    /// Opens (creating if needed) the database in `dir`.
    pub fn open_dir(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Folder {
            path: dir.display().to_string(),
            source,
        })?;
        Store::open(&dir.join(DB_FILE))
    }

    /// Opens (creating if needed) the database file at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Store::init(conn, path.to_path_buf())
    }

    /// An in-memory store, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory()?, PathBuf::from(":memory:"))
    }

    fn init(mut conn: Connection, path: PathBuf) -> Result<Store> {
        // Refuse a newer file before any pragma can rewrite its header.
        let found: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::SchemaTooNew {
                path: path.display().to_string(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Pragmas first: journal_mode is silently ignored inside a transaction.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        if found < SCHEMA_VERSION {
            if found > 0 && path.is_file() {
                keep_pre_migration_copy(&conn, &path, found)?;
            }
            let tx = conn.transaction()?;
            for sql in &MIGRATIONS[found as usize..] {
                tx.execute_batch(sql)?;
            }
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            tx.commit()?;
        } else if path.is_file() {
            // Up to date already: the last upgrade opened fine, its copies are no longer needed.
            remove_pre_migration_copies(&path);
        }
        Ok(Store { conn, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> Result<u32> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// The live state saved by the last change, if any.
    pub fn load_mob(&self) -> Result<Option<Mob>> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT mob FROM live_state WHERE id = 1", [], |r| r.get(0))
            .optional()?;
        let Some(json) = json else { return Ok(None) };
        let mut mob: Mob = serde_json::from_str(&json)?;
        // Never hand out a session id twice, even if the state row is older than the history.
        let max: Option<i64> = self
            .conn
            .query_row("SELECT MAX(id) FROM sessions", [], |r| r.get(0))?;
        mob.last_session = mob.last_session.max(max.unwrap_or(0) as u64);
        Ok(Some(mob))
    }

    /// When the app last showed it was alive: the last change or heartbeat.
    pub fn last_alive(&self) -> Result<Option<Timestamp>> {
        Ok(self
            .conn
            .query_row("SELECT updated_ms FROM live_state WHERE id = 1", [], |r| {
                r.get::<_, i64>(0)
            })
            .optional()?
            .map(from_ms))
    }

    /// Records that the app is alive at `now` (so time away can be told after a crash).
    pub fn heartbeat(&self, now: Timestamp) -> Result<()> {
        self.conn.execute(
            "UPDATE live_state SET updated_ms = ?1 WHERE id = 1",
            [to_ms(now)],
        )?;
        Ok(())
    }

    /// Saves the new state and appends its events, in one transaction.
    pub fn commit(&mut self, mob: &Mob, records: &[Record], now: Timestamp) -> Result<()> {
        let tx = self.conn.transaction()?;
        for record in records {
            append(&tx, record)?;
        }
        tx.execute(
            "INSERT INTO live_state (id, mob, updated_ms) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET mob = excluded.mob, updated_ms = excluded.updated_ms",
            params![serde_json::to_string(mob)?, to_ms(now)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The number of the last change the writer committed (0 before any).
    pub fn change_seq(&self) -> Result<u64> {
        let seq: Option<i64> = self
            .conn
            .query_row("SELECT change_seq FROM live_state WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(seq.unwrap_or(0) as u64)
    }

    /// Saves change number `seq` (the new state and its events) in one transaction, unless a
    /// change numbered `seq` or later is already in the file (a retry of a commit that reached
    /// the disk although it reported an error). Returns whether it wrote anything.
    pub fn commit_numbered(
        &mut self,
        seq: u64,
        mob: &Mob,
        records: &[Record],
        now: Timestamp,
    ) -> Result<bool> {
        // Take the write lock up front: waiting for it is the busy timeout's job, not a
        // half-done transaction's.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let done: Option<i64> = tx
            .query_row("SELECT change_seq FROM live_state WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?;
        if done.is_some_and(|done| done as u64 >= seq) {
            return Ok(false);
        }
        for record in records {
            append(&tx, record)?;
        }
        tx.execute(
            "INSERT INTO live_state (id, mob, updated_ms, change_seq) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET mob = excluded.mob, updated_ms = excluded.updated_ms,
                 change_seq = excluded.change_seq",
            params![serde_json::to_string(mob)?, to_ms(now), seq as i64],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// How long a write waits for another connection's lock before it fails.
    pub fn set_busy_timeout(&self, limit: std::time::Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(limit)?)
    }

    /// Sessions, newest first.
    pub fn sessions(&self) -> Result<Vec<SessionRow>> {
        self.sessions_between(None, None)
    }

    /// How many events history holds.
    pub fn event_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM events", [], |r| r.get::<_, i64>(0))?
            as u64)
    }
}

/// Writes a consistent copy of the file (with anything still in its WAL) before a migration.
fn keep_pre_migration_copy(conn: &Connection, db: &Path, from: u32) -> Result<()> {
    let copy = pre_migration_copy(db, from);
    let failed = |reason: String| StoreError::PreMigrationCopy {
        path: db.display().to_string(),
        reason,
    };
    // A copy left by an upgrade that failed half-way is of the same schema: replace it.
    match std::fs::remove_file(&copy) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(failed(format!("cannot replace {}: {e}", copy.display()))),
    }
    let target = copy
        .to_str()
        .ok_or_else(|| failed(format!("{} is not UTF-8", copy.display())))?;
    conn.execute("VACUUM INTO ?1", [target])
        .map_err(|e| failed(e.to_string()))?;
    Ok(())
}

/// Removes the copies kept by earlier upgrades (best effort: a copy left is only disk space).
fn remove_pre_migration_copies(db: &Path) {
    let (Some(dir), Some(name)) = (db.parent(), db.file_name()) else {
        return;
    };
    let prefix = format!("{}.pre-schema", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if file_name
            .strip_prefix(&prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn append(tx: &Transaction<'_>, record: &Record) -> Result<()> {
    let at = to_ms(record.at);
    let session = record.session.map(|s| s as i64);
    match &record.event {
        Event::SessionStarted { session } => {
            tx.execute(
                "INSERT INTO sessions (id, started_ms) VALUES (?1, ?2)",
                params![*session as i64, at],
            )?;
        }
        Event::SessionEnded { session, turns } => {
            tx.execute(
                "UPDATE sessions SET ended_ms = ?2, turns = ?3 WHERE id = ?1",
                params![*session as i64, at, turns],
            )?;
        }
        Event::TurnStarted {
            turn,
            driver,
            navigator,
            ..
        } => {
            tx.execute(
                "UPDATE sessions SET turns = MAX(turns, ?2) WHERE id = ?1",
                params![session, turn],
            )?;
            for person in std::iter::once(driver).chain(navigator) {
                tx.execute(
                    "INSERT OR IGNORE INTO session_people (session_id, member_id, name) VALUES (?1, ?2, ?3)",
                    params![session, person.id.0, person.name],
                )?;
            }
        }
        Event::TaskFinished { .. } => {
            tx.execute(
                "UPDATE sessions SET tasks_done = tasks_done + 1 WHERE id = ?1",
                params![session],
            )?;
        }
        _ => {}
    }
    tx.execute(
        "INSERT INTO events (session_id, at_ms, kind, payload) VALUES (?1, ?2, ?3, ?4)",
        params![
            session,
            at,
            record.event.kind(),
            serde_json::to_string(&record.event)?
        ],
    )?;
    Ok(())
}
