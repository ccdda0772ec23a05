//! Retros from history. One session's retro is computed from its events (with its timeline);
//! a retro over many sessions merges each session's stored retro (see `session_retros` in
//! `0002_history.sql`), computing and storing the ones that are missing or stale. A long
//! range's view merges their heads instead (`0004_retro_heads.sql`), and reads the whole
//! retros of the newest sessions only.

use std::collections::BTreeMap;

use mobflow_core::retro::{self, Retro, RetroHead, WholeLists};
use mobflow_core::Timestamp;
use rusqlite::{params, OptionalExtension};
use serde::de::DeserializeOwned;

use crate::{to_ms, Result, Store};

/// A session's row as the merge needs it.
struct Part {
    id: u64,
    ended: bool,
    /// The session's last event now.
    last_seq: Option<i64>,
    /// The stored retro (for `retro_newest`, its head), when it is current.
    stored: Option<String>,
}

impl Store {
    /// One session's retro, with its timeline; `now` closes a session still going. `None` when
    /// there is no such session.
    pub fn session_retro(&self, id: u64, now: Timestamp) -> Result<Option<Retro>> {
        let ended: Option<Option<i64>> = {
            use rusqlite::OptionalExtension;
            self.conn
                .query_row(
                    "SELECT ended_ms FROM sessions WHERE id = ?1",
                    [id as i64],
                    |r| r.get(0),
                )
                .optional()?
        };
        let Some(ended) = ended else { return Ok(None) };
        let records = self.records_for_session(id)?;
        Ok(Some(Retro::compute(&records, until(ended.is_some(), now))))
    }

    /// The retro of the sessions that started in `[since, until)` (either end open), merged
    /// from their stored retros; it has no timeline. Missing or stale stored retros of ended
    /// sessions are computed from the events and stored (best effort: a read-only or busy file
    /// only makes the next call slower). A session still going is computed up to `now`.
    pub fn retro_between(
        &self,
        since: Option<Timestamp>,
        until_: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<Retro> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.id, s.ended_ms IS NOT NULL,
                    (SELECT MAX(e.seq) FROM events e WHERE e.session_id = s.id) AS last_seq,
                    CASE WHEN r.version = ?3
                          AND r.last_seq = (SELECT MAX(e.seq) FROM events e WHERE e.session_id = s.id)
                         THEN r.retro END
             FROM sessions s LEFT JOIN session_retros r ON r.session_id = s.id
             WHERE s.started_ms >= ?1 AND s.started_ms < ?2
             ORDER BY s.started_ms, s.id",
        )?;
        let (from, to) = started_range(since, until_);
        let parts = stmt
            .query_map(params![from, to, retro::VERSION], |r| {
                Ok(Part {
                    id: r.get::<_, i64>(0)? as u64,
                    ended: r.get(1)?,
                    last_seq: r.get(2)?,
                    stored: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let stored: Vec<Option<Retro>> = parse_all(parts.iter().map(|p| p.stored.as_deref()));
        let mut retros = Vec::with_capacity(parts.len());
        let mut fresh = Vec::new();
        for (part, stored) in parts.into_iter().zip(stored) {
            if let Some(retro) = stored {
                retros.push(retro);
                continue;
            }
            let records = self.records_for_session(part.id)?;
            let mut retro = Retro::compute(&records, until(part.ended, now));
            retro.timeline = None;
            if let (true, Some(last_seq)) = (part.ended, part.last_seq) {
                fresh.push(Fresh::of(part.id, last_seq, &retro)?);
            }
            retros.push(retro);
        }
        if !fresh.is_empty() {
            // Derived data: failing to keep it costs time next call, never correctness.
            let _ = self.store_retros(&fresh);
        }
        Ok(Retro::merge(retros))
    }

    /// The retro of the sessions that started in `[since, until)` as a long range's view shows
    /// it: [`Store::retro_between`]'s, its lists cut to their newest `keep` entries, and their
    /// lengths before. Merged from the sessions' stored heads; only the sessions that hold the
    /// newest entries have their whole retros read. Missing or stale heads are made (from the
    /// stored retro when that is current, else from the events) and stored, best effort.
    pub fn retro_newest(
        &self,
        since: Option<Timestamp>,
        until_: Option<Timestamp>,
        now: Timestamp,
        keep: usize,
    ) -> Result<(Retro, WholeLists)> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.id, s.ended_ms IS NOT NULL,
                    (SELECT MAX(e.seq) FROM events e WHERE e.session_id = s.id),
                    r.version, r.last_seq, r.head
             FROM sessions s LEFT JOIN session_retros r ON r.session_id = s.id
             WHERE s.started_ms >= ?1 AND s.started_ms < ?2
             ORDER BY s.started_ms, s.id",
        )?;
        let (from, to) = started_range(since, until_);
        let rows = stmt
            .query_map(params![from, to], |r| {
                let part = Part {
                    id: r.get::<_, i64>(0)? as u64,
                    ended: r.get(1)?,
                    last_seq: r.get(2)?,
                    stored: None,
                };
                let current = part.ended
                    && r.get::<_, Option<u32>>(3)? == Some(retro::VERSION)
                    && part.last_seq.is_some()
                    && r.get::<_, Option<i64>>(4)? == part.last_seq;
                Ok(Part {
                    stored: if current { r.get(5)? } else { None },
                    ..part
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let heads: Vec<Option<RetroHead>> = parse_all(rows.iter().map(|p| p.stored.as_deref()));
        // The whole retros computed here (not stored yet, or never: the session going on), by
        // part; and what to store.
        let mut wholes = BTreeMap::new();
        let mut fresh = Vec::new();
        let mut heads_only = Vec::new();
        let mut all_heads = Vec::with_capacity(rows.len());
        for (i, (part, head)) in rows.iter().zip(heads).enumerate() {
            if let Some(head) = head {
                all_heads.push(head);
                continue;
            }
            let (retro, stored) = self.whole_retro(part, now, &mut fresh)?;
            let head = RetroHead::of(&retro);
            match (stored, part.last_seq) {
                // Stored before heads were: its head is kept from now on.
                (true, Some(last_seq)) => {
                    heads_only.push((part.id, last_seq, serde_json::to_string(&head)?));
                }
                _ => {
                    wholes.insert(i, retro);
                }
            }
            all_heads.push(head);
        }
        let merged = Retro::merge_newest(all_heads, keep, |i| match wholes.remove(&i) {
            Some(retro) => Ok::<_, crate::StoreError>(retro),
            None => Ok(self.whole_retro(&rows[i], now, &mut fresh)?.0),
        })?;
        // Derived data: failing to keep it costs time next call, never correctness.
        if !fresh.is_empty() {
            let _ = self.store_retros(&fresh);
        }
        if !heads_only.is_empty() {
            let _ = self.store_heads(&heads_only);
        }
        Ok(merged)
    }

    /// A session's whole retro without its timeline, and whether it was stored: the stored one
    /// when it is current, else computed from the events (and, for an ended session, added to
    /// `fresh` to be stored).
    fn whole_retro(
        &self,
        part: &Part,
        now: Timestamp,
        fresh: &mut Vec<Fresh>,
    ) -> Result<(Retro, bool)> {
        let last_seq = part.last_seq.filter(|_| part.ended);
        if let Some(last_seq) = last_seq {
            let stored: Option<String> = self
                .conn
                .prepare_cached(
                    "SELECT retro FROM session_retros
                     WHERE session_id = ?1 AND version = ?2 AND last_seq = ?3",
                )?
                .query_row(params![part.id as i64, retro::VERSION, last_seq], |r| {
                    r.get(0)
                })
                .optional()?;
            if let Some(retro) = stored.and_then(|json| serde_json::from_str(&json).ok()) {
                return Ok((retro, true));
            }
        }
        let records = self.records_for_session(part.id)?;
        let mut retro = Retro::compute(&records, until(part.ended, now));
        retro.timeline = None;
        if let Some(last_seq) = last_seq {
            fresh.push(Fresh::of(part.id, last_seq, &retro)?);
        }
        Ok((retro, false))
    }

    /// The retro of the sessions that started in `[since, until)`, computed from every event
    /// of each, with the timeline. Costs in proportion to the events: for exports that list
    /// turns, not for the history view's figures (see [`Store::retro_between`]).
    pub fn retro_between_with_timeline(
        &self,
        since: Option<Timestamp>,
        until_: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<Retro> {
        let sessions = self.sessions_between(since, until_)?;
        let mut retros = Vec::with_capacity(sessions.len());
        // Listed newest first; retros merge in order.
        for session in sessions.iter().rev() {
            let records = self.records_for_session(session.id)?;
            retros.push(Retro::compute(
                &records,
                until(session.ended_at.is_some(), now),
            ));
        }
        Ok(Retro::merge(retros))
    }

    fn store_retros(&self, fresh: &[Fresh]) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        {
            let mut put = tx.prepare_cached(
                "INSERT OR REPLACE INTO session_retros (session_id, version, last_seq, retro, head)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for row in fresh {
                put.execute(params![
                    row.id as i64,
                    retro::VERSION,
                    row.last_seq,
                    row.retro,
                    row.head
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Adds heads (JSON) to stored retros written without one, if they are still current.
    fn store_heads(&self, heads: &[(u64, i64, String)]) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        {
            let mut put = tx.prepare_cached(
                "UPDATE session_retros SET head = ?1
                 WHERE session_id = ?2 AND version = ?3 AND last_seq = ?4",
            )?;
            for (id, last_seq, head) in heads {
                put.execute(params![head, *id as i64, retro::VERSION, last_seq])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

/// A session retro to store: the whole retro and its head, as JSON.
struct Fresh {
    id: u64,
    last_seq: i64,
    retro: String,
    head: String,
}

impl Fresh {
    fn of(id: u64, last_seq: i64, retro: &Retro) -> Result<Fresh> {
        Ok(Fresh {
            id,
            last_seq,
            retro: serde_json::to_string(retro)?,
            head: serde_json::to_string(&RetroHead::of(retro))?,
        })
    }
}

/// Each text read as a `T` (`None`: no text, or one that does not read). Years of history are
/// thousands of stored retros, megabytes of JSON: read on every core, in order.
fn parse_all<'a, T: DeserializeOwned + Send>(
    texts: impl Iterator<Item = Option<&'a str>>,
) -> Vec<Option<T>> {
    let texts: Vec<Option<&str>> = texts.collect();
    let read = |text: &Option<&str>| text.and_then(|json| serde_json::from_str::<T>(json).ok());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if cores < 2 || texts.len() < PARALLEL_FROM {
        return texts.iter().map(read).collect();
    }
    let chunk = texts.len().div_ceil(cores);
    std::thread::scope(|scope| {
        let workers: Vec<_> = texts
            .chunks(chunk)
            .map(|some| scope.spawn(move || some.iter().map(read).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Fewer stored retros than this are read on one thread (a thread costs more than a few).
const PARALLEL_FROM: usize = 64;

/// What closes a session's open stretches: `now` while it is going; nothing needs closing
/// once it ended (its end closed everything), so the far future, whatever the clock says.
fn until(ended: bool, now: Timestamp) -> Timestamp {
    if ended {
        chrono::DateTime::<chrono::Utc>::MAX_UTC
    } else {
        now
    }
}

/// The bounds, in ms, of the sessions' `started_ms` for a range open at either end.
fn started_range(since: Option<Timestamp>, until_: Option<Timestamp>) -> (i64, i64) {
    (
        since.map_or(i64::MIN, to_ms),
        until_.map_or(i64::MAX, to_ms),
    )
}
