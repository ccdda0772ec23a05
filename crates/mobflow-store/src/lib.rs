//! Mobflow's SQLite store.
//!
//! One file (`mobflow.db`) holds the live state and the append-only history. Pragmas are set
//! before migrations (WAL is ignored inside a transaction); migrations are numbered, only ever
//! added, run in one transaction and tracked by `PRAGMA user_version`. A file written by a newer
//! Mobflow is refused before anything touches it. Each change is one transaction.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use mobflow_core::{Event, Mob, Record, Timestamp};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};
use serde::Serialize;

mod history;
mod retro;

pub use history::{clean_session_name, MAX_SESSION_NAME_CHARS};

/// The migrations, in order. Append only: never edit or reorder a released one.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_history.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "mobflow.db";

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
    #[error("could not create the data folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
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
            let tx = conn.transaction()?;
            for sql in &MIGRATIONS[found as usize..] {
                tx.execute_batch(sql)?;
            }
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            tx.commit()?;
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
