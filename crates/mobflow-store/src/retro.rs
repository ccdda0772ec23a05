//! Retros from history. One session's retro is computed from its events (with its timeline);
//! a retro over many sessions merges each session's stored retro (see `session_retros` in
//! `0002_history.sql`), computing and storing the ones that are missing or stale.

use mobflow_core::retro::{self, Retro};
use mobflow_core::Timestamp;
use rusqlite::params;

use crate::{to_ms, Result, Store};

/// A session's row as the merge needs it.
struct Part {
    id: u64,
    ended: bool,
    /// The session's last event now.
    last_seq: Option<i64>,
    /// The stored retro, when it is current.
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
        let from = since.map_or(i64::MIN, to_ms);
        let to = until_.map_or(i64::MAX, to_ms);
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
        let stored = parse_stored(&parts);
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
                fresh.push((part.id, last_seq, serde_json::to_string(&retro)?));
            }
            retros.push(retro);
        }
        if !fresh.is_empty() {
            // Derived data: failing to keep it costs time next call, never correctness.
            let _ = self.store_retros(&fresh);
        }
        Ok(Retro::merge(retros))
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

    fn store_retros(&self, fresh: &[(u64, i64, String)]) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        {
            let mut put = tx.prepare_cached(
                "INSERT OR REPLACE INTO session_retros (session_id, version, last_seq, retro)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (id, last_seq, json) in fresh {
                put.execute(params![*id as i64, retro::VERSION, last_seq, json])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

/// The parts' stored retros, read (`None`: none stored, or one that does not read). Years of
/// history are thousands of them, megabytes of JSON: read on every core, in order.
fn parse_stored(parts: &[Part]) -> Vec<Option<Retro>> {
    let read = |part: &Part| {
        part.stored
            .as_deref()
            .and_then(|json| serde_json::from_str::<Retro>(json).ok())
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if cores < 2 || parts.len() < PARALLEL_FROM {
        return parts.iter().map(read).collect();
    }
    let chunk = parts.len().div_ceil(cores);
    std::thread::scope(|scope| {
        let workers: Vec<_> = parts
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
