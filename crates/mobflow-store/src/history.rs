//! Reading history for the history view, `mobflow sessions/show/retro` and the exports: sessions
//! in a time window, the records of a session or a window, naming a session, and the one edit
//! history allows — deleting a whole session.

use std::collections::HashMap;

use mobflow_core::{Event, Record, Timestamp};
use rusqlite::{params, OptionalExtension};

use crate::{append, from_ms, to_ms, Result, SessionRow, Store, StoreError};

/// The longest session name, in characters.
pub const MAX_SESSION_NAME_CHARS: usize = 80;

/// `[since, until)` in milliseconds; an open end is unbounded.
fn window(since: Option<Timestamp>, until: Option<Timestamp>) -> (i64, i64) {
    (since.map_or(i64::MIN, to_ms), until.map_or(i64::MAX, to_ms))
}

/// Trims a session name and checks it: 1 to [`MAX_SESSION_NAME_CHARS`] characters, no control
/// characters.
pub fn clean_session_name(raw: &str) -> Result<String> {
    let name = raw.trim();
    let len = name.chars().count();
    let refuse = |why: String| Err(StoreError::BadSessionName(why));
    if len == 0 {
        return refuse("A session name cannot be empty (leave it out to clear the name).".into());
    }
    if len > MAX_SESSION_NAME_CHARS {
        return refuse(format!(
            "A session name can have at most {MAX_SESSION_NAME_CHARS} characters (this one has {len})."
        ));
    }
    if name.chars().any(char::is_control) {
        return refuse("A session name cannot contain control characters.".into());
    }
    Ok(name.to_owned())
}

impl Store {
    /// Sessions that started in `[since, until)` (either end open), newest first.
    pub fn sessions_between(
        &self,
        since: Option<Timestamp>,
        until: Option<Timestamp>,
    ) -> Result<Vec<SessionRow>> {
        let (from, to) = window(since, until);
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, started_ms, ended_ms, turns, tasks_done FROM sessions
             WHERE started_ms >= ?1 AND started_ms < ?2
             ORDER BY started_ms DESC, id DESC",
        )?;
        let mut rows = stmt
            .query_map(params![from, to], session_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // Everyone's names in one pass rather than one query per session.
        let mut people = self.conn.prepare_cached(
            "SELECT p.session_id, p.name FROM session_people p
             JOIN sessions s ON s.id = p.session_id
             WHERE s.started_ms >= ?1 AND s.started_ms < ?2
             ORDER BY p.rowid",
        )?;
        let mut names: HashMap<u64, Vec<String>> = HashMap::with_capacity(rows.len());
        let mut found = people.query(params![from, to])?;
        while let Some(row) = found.next()? {
            names
                .entry(row.get::<_, i64>(0)? as u64)
                .or_default()
                .push(row.get(1)?);
        }
        for row in &mut rows {
            row.people = names.remove(&row.id).unwrap_or_default();
        }
        Ok(rows)
    }

    /// How many sessions started in `[since, until)` (either end open).
    pub fn count_sessions_between(
        &self,
        since: Option<Timestamp>,
        until: Option<Timestamp>,
    ) -> Result<u64> {
        let (from, to) = window(since, until);
        let count: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM sessions WHERE started_ms >= ?1 AND started_ms < ?2",
            params![from, to],
            |r| r.get(0),
        )?;
        Ok(count as u64)
    }

    /// One session's row, if it exists.
    pub fn session(&self, id: u64) -> Result<Option<SessionRow>> {
        let row = self
            .conn
            .query_row(
                "SELECT id, name, started_ms, ended_ms, turns, tasks_done FROM sessions WHERE id = ?1",
                [id as i64],
                session_row,
            )
            .optional()?;
        let Some(mut row) = row else { return Ok(None) };
        let mut people = self.conn.prepare_cached(
            "SELECT name FROM session_people WHERE session_id = ?1 ORDER BY rowid",
        )?;
        row.people = people
            .query_map([id as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(row))
    }

    /// The most recently started session, if any.
    pub fn last_session_id(&self) -> Result<Option<u64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM sessions ORDER BY started_ms DESC, id DESC LIMIT 1",
                [],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .map(|id| id as u64))
    }

    /// A session's events, in recorded order (empty when there is no such session).
    pub fn records_for_session(&self, id: u64) -> Result<Vec<Record>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at_ms, session_id, payload FROM events
             WHERE session_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query([id as i64])?;
        read_records(rows)
    }

    /// The events of any session recorded in `[since, until)` (either end open), in recorded
    /// order. Events outside sessions (roster edits between sessions) are left out.
    pub fn records_between(
        &self,
        since: Option<Timestamp>,
        until: Option<Timestamp>,
    ) -> Result<Vec<Record>> {
        if since.is_none() && until.is_none() {
            // The whole history: one pass over the table in its own order beats any index.
            let mut stmt = self.conn.prepare_cached(
                "SELECT at_ms, session_id, payload FROM events
                 WHERE session_id IS NOT NULL ORDER BY seq",
            )?;
            let rows = stmt.query([])?;
            return read_records(rows);
        }
        let (from, to) = window(since, until);
        let mut stmt = self.conn.prepare_cached(
            "SELECT at_ms, session_id, payload FROM events
             WHERE session_id IS NOT NULL AND at_ms >= ?1 AND at_ms < ?2 ORDER BY seq",
        )?;
        let rows = stmt.query(params![from, to])?;
        read_records(rows)
    }

    /// Names a session (trimmed, 1 to [`MAX_SESSION_NAME_CHARS`] characters), or clears its
    /// name with `None`.
    pub fn rename_session(&self, id: u64, name: Option<&str>) -> Result<Option<String>> {
        let name = name.map(clean_session_name).transpose()?;
        let changed = self.conn.execute(
            "UPDATE sessions SET name = ?2 WHERE id = ?1",
            params![id as i64, name],
        )?;
        if changed == 0 {
            return Err(StoreError::NoSuchSession(id));
        }
        Ok(name)
    }

    /// Deletes a session with its events and people, in one transaction: the only edit history
    /// allows. The session in progress cannot be deleted.
    pub fn delete_session(&self, id: u64) -> Result<()> {
        if self.load_mob()?.and_then(|mob| mob.session) == Some(id) {
            return Err(StoreError::SessionInProgress(id));
        }
        let tx = self.conn.unchecked_transaction()?;
        tx.execute("DELETE FROM events WHERE session_id = ?1", [id as i64])?;
        tx.execute(
            "DELETE FROM session_retros WHERE session_id = ?1",
            [id as i64],
        )?;
        tx.execute(
            "DELETE FROM session_people WHERE session_id = ?1",
            [id as i64],
        )?;
        if tx.execute("DELETE FROM sessions WHERE id = ?1", [id as i64])? == 0 {
            // Dropping the transaction rolls it back.
            return Err(StoreError::NoSuchSession(id));
        }
        tx.commit()?;
        Ok(())
    }

    /// Appends records in one transaction without touching the live state: for generating
    /// large histories (the benchmark, tests). Normal operation uses [`Store::commit`].
    #[doc(hidden)]
    pub fn bulk_append(&mut self, records: &[Record]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for record in records {
            append(&tx, record)?;
        }
        tx.commit()?;
        Ok(())
    }
}

fn session_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SessionRow> {
    Ok(SessionRow {
        id: r.get::<_, i64>(0)? as u64,
        name: r.get(1)?,
        started_at: from_ms(r.get(2)?),
        ended_at: r.get::<_, Option<i64>>(3)?.map(from_ms),
        turns: r.get(4)?,
        tasks_done: r.get(5)?,
        people: Vec::new(),
    })
}

/// Reads `(at_ms, session_id, payload)` rows into records, decoding each payload in place.
fn read_records(mut rows: rusqlite::Rows<'_>) -> Result<Vec<Record>> {
    let mut records = Vec::new();
    while let Some(row) = rows.next()? {
        let at = from_ms(row.get(0)?);
        let session = row.get::<_, Option<i64>>(1)?.map(|s| s as u64);
        let payload = row.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
        let event: Event = serde_json::from_str(payload)?;
        records.push(Record { at, session, event });
    }
    Ok(records)
}
