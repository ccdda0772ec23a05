//! Session history for every caller: the app's history view (through [`History::new`] on a
//! connection of its own, never the writer's) and the CLI, which reads the database directly
//! (through [`History::of_store`]). Both list [`SessionView`]s, get the same [`Retro`]s, and name,
//! delete and export through the same methods.

use std::path::{Path, PathBuf};

use mobflow_core::retro::Retro;
pub use mobflow_core::retro::WholeLists;
use mobflow_core::Timestamp;
use mobflow_store::{SessionRow, Store};
use serde::{Deserialize, Serialize};

use crate::export::{self, Format};
use crate::{ApiError, ErrorCode};

/// A session as the history view lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct SessionView {
    #[cfg_attr(any(test, feature = "ts"), ts(type = "number"))]
    pub id: u64,
    /// The name the mob gave it, if any.
    pub name: Option<String>,
    /// RFC 3339, UTC.
    #[cfg_attr(any(test, feature = "ts"), ts(type = "string"))]
    pub started_at: Timestamp,
    /// `None` while it is going on (or if it was never ended).
    #[cfg_attr(any(test, feature = "ts"), ts(type = "string | null"))]
    pub ended_at: Option<Timestamp>,
    pub turns: u32,
    /// Tasks finished during the session.
    pub tasks_done: u32,
    /// Everyone who drove or navigated, in order of first turn.
    pub people: Vec<String>,
    /// The session in progress: it cannot be deleted.
    pub live: bool,
}

impl SessionView {
    fn of(row: SessionRow, live: Option<u64>) -> SessionView {
        SessionView {
            live: live == Some(row.id),
            id: row.id,
            name: row.name,
            started_at: row.started_at,
            ended_at: row.ended_at,
            tasks_done: row.tasks_done,
            turns: row.turns,
            people: row.people,
        }
    }
}

/// What a retro covers: one session, or the sessions that started in `[since, until)`
/// (either end open; both open is the whole history).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct RetroQuery {
    #[cfg_attr(any(test, feature = "ts"), ts(type = "number | null"))]
    pub session: Option<u64>,
    /// RFC 3339.
    #[cfg_attr(any(test, feature = "ts"), ts(type = "string | null"))]
    pub since: Option<Timestamp>,
    /// RFC 3339, exclusive.
    #[cfg_attr(any(test, feature = "ts"), ts(type = "string | null"))]
    pub until: Option<Timestamp>,
}

impl RetroQuery {
    fn check(&self) -> Result<(), ApiError> {
        if self.session.is_some() && (self.since.is_some() || self.until.is_some()) {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                "Give a session or a date range, not both.",
            ));
        }
        if let (Some(since), Some(until)) = (self.since, self.until) {
            if since >= until {
                return Err(ApiError::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "The range is empty: {} is not before {}.",
                        day_or_time(since),
                        day_or_time(until)
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// A date when the time is midnight UTC, else the time.
fn day_or_time(t: Timestamp) -> String {
    if t.time() == chrono::NaiveTime::MIN {
        t.format("%Y-%m-%d").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M UTC").to_string()
    }
}

/// The most sessions a date range's retro in the history view draws a timeline for: it then
/// reads those sessions' events (a month of daily sessions takes milliseconds). A longer range
/// shows the figures only, merged from the sessions' stored retros, so a retro over years of
/// history stays fast.
pub const RANGE_TIMELINE_SESSIONS: usize = 31;

/// The most entries of each list (tasks finished and reopened, notes, mini-retro lines, test
/// runs by turn and by task) that the retro of a range of more than [`RANGE_TIMELINE_SESSIONS`]
/// sessions carries to the history view: the newest. Five years of daily sessions finish tens of
/// thousands of tasks and write as many notes, more than a window can show or anyone read; the
/// figures still count them all ([`ShownRetro::whole`]), and the exports list them all.
pub const RANGE_LIST_ENTRIES: usize = 100;

/// A retro as the history view shows it: a long range's lists cut to their newest entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct ShownRetro {
    pub retro: Retro,
    /// The lists' lengths before they were cut to their newest [`RANGE_LIST_ENTRIES`];
    /// `None` when the lists are whole (a session, or a range of up to
    /// [`RANGE_TIMELINE_SESSIONS`] sessions).
    pub whole: Option<WholeLists>,
}

/// Where an export went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct ExportDone {
    /// The file written (absolute).
    pub path: String,
    #[cfg_attr(any(test, feature = "ts"), ts(type = "number"))]
    pub bytes: u64,
}

/// History over a store. `live` is the session in progress, which cannot be deleted.
pub struct History<'a> {
    store: &'a Store,
    live: Option<u64>,
}

impl<'a> History<'a> {
    pub fn new(store: &'a Store, live: Option<u64>) -> History<'a> {
        History { store, live }
    }

    /// History over a store opened without the app (the CLI): the session in progress is the
    /// one the stored live state names, as the app would see it.
    pub fn of_store(store: &'a Store) -> Result<History<'a>, ApiError> {
        let live = store.load_mob()?.and_then(|mob| mob.session);
        Ok(History::new(store, live))
    }

    /// Sessions that started in `[since, until)`, newest first.
    pub fn sessions(
        &self,
        since: Option<Timestamp>,
        until: Option<Timestamp>,
    ) -> Result<Vec<SessionView>, ApiError> {
        if let (Some(since), Some(until)) = (since, until) {
            if since >= until {
                return Ok(Vec::new());
            }
        }
        Ok(self
            .store
            .sessions_between(since, until)?
            .into_iter()
            .map(|row| SessionView::of(row, self.live))
            .collect())
    }

    pub fn session(&self, id: u64) -> Result<SessionView, ApiError> {
        self.store
            .session(id)?
            .map(|row| SessionView::of(row, self.live))
            .ok_or_else(|| no_session(id))
    }

    /// The most recently started session.
    pub fn last_session(&self) -> Result<u64, ApiError> {
        self.store
            .last_session_id()?
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "There are no sessions yet."))
    }

    /// The retro of `query` at `now`. One session's retro always has its timeline; a range's
    /// has one only with `timeline` (it then reads every event; without, it is merged from
    /// stored per-session retros and stays fast over years of history).
    pub fn retro(
        &self,
        query: &RetroQuery,
        now: Timestamp,
        timeline: bool,
    ) -> Result<Retro, ApiError> {
        query.check()?;
        if let Some(id) = query.session {
            return self
                .store
                .session_retro(id, now)?
                .ok_or_else(|| no_session(id));
        }
        Ok(if timeline {
            self.store
                .retro_between_with_timeline(query.since, query.until, now)?
        } else {
            self.store.retro_between(query.since, query.until, now)?
        })
    }

    /// The retro of `query` as the history view shows it: one session's with its timeline; a
    /// range's with its sessions' timeline when it has at most [`RANGE_TIMELINE_SESSIONS`]
    /// sessions, else the figures only, its lists cut to their newest [`RANGE_LIST_ENTRIES`].
    /// A long range's retro is merged from the sessions' stored heads: only the newest
    /// sessions' lists are read ([`Store::retro_newest`]).
    pub fn view_retro(&self, query: &RetroQuery, now: Timestamp) -> Result<ShownRetro, ApiError> {
        query.check()?;
        let small = query.session.is_some()
            || self
                .store
                .count_sessions_between(query.since, query.until)?
                <= RANGE_TIMELINE_SESSIONS as u64;
        if small {
            let retro = self.retro(query, now, true)?;
            return Ok(ShownRetro { retro, whole: None });
        }
        let (retro, whole) =
            self.store
                .retro_newest(query.since, query.until, now, RANGE_LIST_ENTRIES)?;
        Ok(ShownRetro {
            retro,
            whole: Some(whole),
        })
    }

    /// A title for the retro of `query`: "Session 3: Kata", "Retro 2026-11-01 to 2026-12-01".
    pub fn title(&self, query: &RetroQuery) -> Result<String, ApiError> {
        Ok(match (query.session, query.since, query.until) {
            (Some(id), _, _) => match self.session(id)?.name {
                Some(name) => format!("Session {id}: {name}"),
                None => format!("Session {id}"),
            },
            (None, None, None) => "Retro: all sessions".to_owned(),
            (None, Some(since), None) => format!("Retro since {}", day_or_time(since)),
            (None, None, Some(until)) => format!("Retro until {}", day_or_time(until)),
            (None, Some(since), Some(until)) => {
                format!("Retro {} to {}", day_or_time(since), day_or_time(until))
            }
        })
    }

    /// The retro of `query` rendered in `format`.
    pub fn export(
        &self,
        query: &RetroQuery,
        format: Format,
        now: Timestamp,
    ) -> Result<String, ApiError> {
        let retro = self.retro(query, now, format.needs_timeline())?;
        Ok(export::render(&retro, &self.title(query)?, format))
    }

    /// Names a session (1 to 80 characters, trimmed) or clears its name (`None`).
    pub fn rename(&self, id: u64, name: Option<&str>) -> Result<SessionView, ApiError> {
        self.store.rename_session(id, name)?;
        self.session(id)
    }

    /// The session `id` if it may be deleted: it exists and is not the one going on.
    pub fn deletable(&self, id: u64) -> Result<SessionView, ApiError> {
        let view = self.session(id)?;
        self.refuse_live(id)?;
        Ok(view)
    }

    /// Deletes a session and its events: the only edit history allows. Not the one going on.
    pub fn delete(&self, id: u64) -> Result<(), ApiError> {
        self.refuse_live(id)?;
        Ok(self.store.delete_session(id)?)
    }

    fn refuse_live(&self, id: u64) -> Result<(), ApiError> {
        if self.live == Some(id) {
            return Err(mobflow_store::StoreError::SessionInProgress(id).into());
        }
        Ok(())
    }
}

fn no_session(id: u64) -> ApiError {
    ApiError::new(ErrorCode::NotFound, format!("There is no session {id}."))
}

/// Checks a path the window asked to export to: absolute, ending in the format's extension
/// (so an export can never overwrite anything but an export-like file), in a folder that
/// exists, and not a folder itself.
pub fn check_window_export_path(path: &str, format: Format) -> Result<PathBuf, ApiError> {
    let refuse = |why: String| Err(ApiError::new(ErrorCode::InvalidInput, why));
    let path = PathBuf::from(path);
    if !path.is_absolute() {
        return refuse(format!(
            "Export to a full path (this one is relative: {}).",
            path.display()
        ));
    }
    let ext = format.extension();
    if path.extension().and_then(|e| e.to_str()) != Some(ext) {
        return refuse(format!("A {ext} export's file name must end in .{ext}."));
    }
    if path.is_dir() {
        return refuse(format!("{} is a folder.", path.display()));
    }
    match path.parent() {
        Some(parent) if parent.is_dir() => Ok(path),
        _ => refuse(format!("The folder of {} does not exist.", path.display())),
    }
}

/// Writes an export: to a new temporary file beside it (created exclusively, so nothing that
/// was there, a link included, is ever written through; readable by this user only), synced
/// to disk, then renamed over the target, so a reader never sees half a file and a crash never
/// leaves an empty one. The folder is synced too, so the rename itself survives a crash.
pub fn write_export(path: &Path, content: &str) -> Result<ExportDone, ApiError> {
    let fail = |e: std::io::Error| {
        ApiError::new(
            ErrorCode::Storage,
            format!("Could not write {}: {e}", path.display()),
        )
    };
    let name = path
        .file_name()
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidInput,
                format!("{} is not a file name.", path.display()),
            )
        })?
        .to_string_lossy();
    let (temp, mut file) = create_temp_beside(path, &name).map_err(fail)?;
    let written = std::io::Write::write_all(&mut file, content.as_bytes())
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&temp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(fail(e));
    }
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        // Best effort: some file systems cannot sync a folder; the data itself is synced.
        let _ = std::fs::File::open(folder).and_then(|f| f.sync_all());
    }
    let full = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    Ok(ExportDone {
        path: full.display().to_string(),
        bytes: content.len() as u64,
    })
}

/// Creates `.NAME.PID-N.tmp` beside `path` with O_EXCL and mode 0600, trying the next `N`
/// while one exists.
fn create_temp_beside(path: &Path, name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    use std::os::unix::fs::OpenOptionsExt;
    let pid = std::process::id();
    for n in 0..100 {
        let temp = path.with_file_name(format!(".{name}.{pid}-{n}.tmp"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temp)
        {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(
        "too many leftover temporary files beside it",
    ))
}
