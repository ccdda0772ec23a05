//! The writer: the one thread that writes the app's changes to the database.
//!
//! Callers queue a change (the state after it and its events) or a heartbeat and go on at once:
//! queueing never waits on the disk. The writer writes the queue in order, each change in one
//! transaction, on a connection of its own. When a write fails (another program holds the lock,
//! the disk is full or read-only, an I/O error) it keeps the change, says why in its
//! [`Status`], and tries again after a growing pause on a fresh connection until it works; so
//! changes reach the file in order, once, as soon as storage works again. Nothing is dropped
//! while the app runs. Whoever needs to know that a change is on disk waits for its [`Ticket`],
//! with a limit.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use mobflow_core::{Mob, Record, Timestamp};

use crate::{Result, Store, StoreError};

/// How long a write waits for another connection's lock before it counts as failed.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(1);
/// The pause after a first failed write; it doubles after each failure, up to `MAX_BACKOFF`.
const MIN_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(1);
/// A connection with nothing to write for this long is closed; the next write opens a fresh
/// one. So an idle app holds the file open nowhere, and a changed file system (remounted,
/// replaced) is seen at the next write.
const IDLE_CLOSE: Duration = Duration::from_secs(2);
/// How long closing the writer waits for the queue to be written.
const CLOSE_WAIT: Duration = Duration::from_secs(2);

/// A queued change's place in line: the change is on disk once the writer has passed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ticket(u64);

/// What the writer is doing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Status {
    /// Why the last write failed; `None` while writes work.
    pub failure: Option<String>,
    /// Changes queued and not yet in the file.
    pub pending: usize,
    /// When the oldest of them was made.
    pub since: Option<Timestamp>,
}

enum Job {
    Change {
        seq: u64,
        mob: Box<Mob>,
        records: Vec<Record>,
        at: Timestamp,
    },
    Heartbeat {
        at: Timestamp,
    },
}

struct Queue {
    jobs: VecDeque<Job>,
    /// The changes not yet written, as (number, time), oldest first; the one being written
    /// included.
    unsaved: VecDeque<(u64, Timestamp)>,
    /// The number the next change gets.
    next_seq: u64,
    failure: Option<String>,
    /// A job is out of the queue and being written.
    writing: bool,
    closing: bool,
    /// The writer's thread has ended.
    finished: bool,
}

impl Queue {
    fn written(&self, ticket: Ticket) -> bool {
        self.unsaved.front().is_none_or(|&(seq, _)| seq > ticket.0)
    }

    fn status(&self) -> Status {
        Status {
            failure: self.failure.clone(),
            pending: self.unsaved.len(),
            since: self.unsaved.front().map(|&(_, at)| at),
        }
    }
}

type Listener = Box<dyn Fn() + Send + Sync>;

struct Shared {
    queue: Mutex<Queue>,
    /// Wakes the writer: work queued, or closing.
    work: Condvar,
    /// Wakes those waiting on the writer: a write finished or failed, or the thread ended.
    progress: Condvar,
    /// Called on the writer's thread after every write, failed or not.
    listener: Mutex<Option<Listener>>,
}

impl Shared {
    fn queue(&self) -> MutexGuard<'_, Queue> {
        // Nothing panics while holding it; if something did, the queue is still whole.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn tell(&self) {
        self.progress.notify_all();
        let listener = self.listener.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(listener) = listener.as_ref() {
            listener();
        }
    }
}

/// The queue's owning end: queues changes; dropping it writes what is queued (for a short
/// while at most) and ends the thread.
pub struct Writer {
    shared: Arc<Shared>,
    path: PathBuf,
}

/// A cheap handle for watching the writer and waiting on it.
#[derive(Clone)]
pub struct Handle {
    shared: Arc<Shared>,
}

impl Writer {
    /// Starts the writer's thread on `store`, whose connection it takes over.
    pub fn spawn(store: Store) -> Result<Writer> {
        let last = store.change_seq()?;
        store.set_busy_timeout(BUSY_TIMEOUT)?;
        let path = store.path().to_path_buf();
        let shared = Arc::new(Shared {
            queue: Mutex::new(Queue {
                jobs: VecDeque::new(),
                unsaved: VecDeque::new(),
                next_seq: last + 1,
                failure: None,
                writing: false,
                closing: false,
                finished: false,
            }),
            work: Condvar::new(),
            progress: Condvar::new(),
            listener: Mutex::new(None),
        });
        let thread_shared = shared.clone();
        std::thread::Builder::new()
            .name("mobflow-writer".into())
            .spawn(move || {
                let shared = thread_shared;
                let _finished = Finished(&shared);
                run(&shared, store);
            })
            .map_err(StoreError::Writer)?;
        Ok(Writer { shared, path })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Queues a change: `mob` is the state after it, `records` its events. Returns at once.
    pub fn change(&self, mob: &Mob, records: Vec<Record>, at: Timestamp) -> Ticket {
        let mut queue = self.shared.queue();
        let seq = queue.next_seq;
        queue.next_seq += 1;
        queue.unsaved.push_back((seq, at));
        queue.jobs.push_back(Job::Change {
            seq,
            mob: Box::new(mob.clone()),
            records,
            at,
        });
        drop(queue);
        self.shared.work.notify_one();
        Ticket(seq)
    }

    /// Queues a sign of life at `at`; one still waiting is replaced.
    pub fn heartbeat(&self, at: Timestamp) {
        let mut queue = self.shared.queue();
        match queue.jobs.back_mut() {
            Some(Job::Heartbeat { at: last }) => *last = at,
            _ => queue.jobs.push_back(Job::Heartbeat { at }),
        }
        drop(queue);
        self.shared.work.notify_one();
    }

    pub fn handle(&self) -> Handle {
        Handle {
            shared: self.shared.clone(),
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        let mut queue = self.shared.queue();
        queue.closing = true;
        self.shared.work.notify_all();
        let _ = self
            .shared
            .progress
            .wait_timeout_while(queue, CLOSE_WAIT, |q| !q.finished)
            .unwrap_or_else(PoisonError::into_inner);
    }
}

impl Handle {
    pub fn status(&self) -> Status {
        self.shared.queue().status()
    }

    /// Waits until the change of `ticket` is on disk, but not past `limit`, and not at all
    /// while writes are failing. Returns the status then.
    pub fn wait(&self, ticket: Ticket, limit: Duration) -> Status {
        let queue = self.shared.queue();
        let (queue, _) = self
            .shared
            .progress
            .wait_timeout_while(queue, limit, |q| {
                !q.written(ticket) && q.failure.is_none() && !q.finished
            })
            .unwrap_or_else(PoisonError::into_inner);
        queue.status()
    }

    /// Waits until everything queued is on disk (failed writes are retried meanwhile), but not
    /// past `limit`. Returns the status then.
    pub fn flush(&self, limit: Duration) -> Status {
        let queue = self.shared.queue();
        let (queue, _) = self
            .shared
            .progress
            .wait_timeout_while(queue, limit, |q| {
                let idle = q.unsaved.is_empty() && q.jobs.is_empty() && !q.writing;
                !idle && !q.finished
            })
            .unwrap_or_else(PoisonError::into_inner);
        queue.status()
    }

    /// Calls `listener` on the writer's thread after every write, failed or not (to show the
    /// status). It must return quickly.
    pub fn on_progress(&self, listener: impl Fn() + Send + Sync + 'static) {
        *self
            .shared
            .listener
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(Box::new(listener));
    }
}

/// Marks the thread ended when it returns or unwinds.
struct Finished<'a>(&'a Shared);

impl Drop for Finished<'_> {
    fn drop(&mut self) {
        self.0.queue().finished = true;
        self.0.progress.notify_all();
    }
}

/// The writer's thread: each job in order, retried until it is written.
fn run(shared: &Shared, store: Store) {
    // An in-memory database (tests) lives only in its one connection: never let go of it.
    let reopen = store.path() != Path::new(":memory:");
    let path = store.path().to_path_buf();
    let mut conn = Some(store);
    let mut backoff = MIN_BACKOFF;
    while let Some(job) = next_job(shared, &mut conn, reopen) {
        loop {
            match write(&mut conn, &path, &job) {
                Ok(()) => {
                    let mut queue = shared.queue();
                    if let Job::Change { seq, .. } = job {
                        debug_assert_eq!(queue.unsaved.front().map(|u| u.0), Some(seq));
                        queue.unsaved.pop_front();
                    }
                    queue.failure = None;
                    queue.writing = false;
                    drop(queue);
                    shared.tell();
                    backoff = MIN_BACKOFF;
                    break;
                }
                Err(error) => {
                    if reopen {
                        // A fresh connection next time: the file system may have changed.
                        conn = None;
                    }
                    shared.queue().failure = Some(reason(&error, &path));
                    shared.tell();
                    let queue = shared.queue();
                    if queue.closing {
                        return; // the app is closing and storage fails: nothing more to do
                    }
                    let (queue, _) = shared
                        .work
                        .wait_timeout_while(queue, backoff, |q| !q.closing)
                        .unwrap_or_else(PoisonError::into_inner);
                    drop(queue);
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                }
            }
        }
    }
}

/// The next job, waiting for one; `None` once closing with nothing left. Closes the
/// connection when there was nothing to do for a while.
fn next_job(shared: &Shared, conn: &mut Option<Store>, reopen: bool) -> Option<Job> {
    let mut queue = shared.queue();
    loop {
        if let Some(job) = queue.jobs.pop_front() {
            queue.writing = true;
            return Some(job);
        }
        if queue.closing {
            return None;
        }
        if conn.is_some() && reopen {
            let (next, idle) = shared
                .work
                .wait_timeout_while(queue, IDLE_CLOSE, |q| q.jobs.is_empty() && !q.closing)
                .unwrap_or_else(PoisonError::into_inner);
            queue = next;
            if idle.timed_out() {
                // Closing may checkpoint: never while holding the queue.
                drop(queue);
                *conn = None;
                queue = shared.queue();
            }
        } else {
            queue = shared
                .work
                .wait_while(queue, |q| q.jobs.is_empty() && !q.closing)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

fn write(conn: &mut Option<Store>, path: &Path, job: &Job) -> Result<()> {
    let store = match conn {
        Some(store) => store,
        None => {
            let store = Store::open(path)?;
            store.set_busy_timeout(BUSY_TIMEOUT)?;
            conn.insert(store)
        }
    };
    match job {
        Job::Change {
            seq,
            mob,
            records,
            at,
        } => store.commit_numbered(*seq, mob, records, *at).map(drop),
        Job::Heartbeat { at } => store.heartbeat(*at),
    }
}

/// Why a write failed, in SQLite's words ("database is locked"), with what the folder says when
/// SQLite's words are vague ("disk I/O error (the disk is full)").
fn reason(error: &StoreError, path: &Path) -> String {
    let (said, locked) = match error {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(code, message)) => (
            message
                .clone()
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| code.to_string()),
            code.code == rusqlite::ErrorCode::DatabaseBusy
                || code.code == rusqlite::ErrorCode::DatabaseLocked,
        ),
        other => (other.to_string(), false),
    };
    match path.parent().filter(|_| !locked).and_then(diagnose) {
        Some(folder) => format!("{said} ({folder})"),
        None => said,
    }
}

/// What writing a small file in `dir` says: read-only, full, not allowed; `None` if it works.
fn diagnose(dir: &Path) -> Option<&'static str> {
    let probe = dir.join(".mobflow-write-check");
    let result = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&probe)
        .and_then(|mut file| {
            std::io::Write::write_all(&mut file, &[0; 4096])?;
            file.sync_all()
        });
    let _ = std::fs::remove_file(&probe);
    match result.err()?.kind() {
        std::io::ErrorKind::ReadOnlyFilesystem => Some("the data folder is read-only"),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
            Some("the disk is full")
        }
        _ => Some("the data folder cannot be written"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mobflow_core::Command;

    fn at(s: i64) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339("2026-11-27T09:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc)
            + chrono::Duration::seconds(s)
    }

    fn add(mob: &mut Mob, name: &str, s: i64) -> Vec<Record> {
        mob.apply(&Command::AddMember { name: name.into() }, at(s))
            .unwrap()
    }

    #[test]
    fn changes_wait_out_a_lock_and_land_in_order_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_dir(dir.path()).unwrap();
        let path = store.path().to_path_buf();
        let writer = Writer::spawn(store).unwrap();
        let handle = writer.handle();

        let blocker = rusqlite::Connection::open(&path).unwrap();
        blocker.execute_batch("BEGIN IMMEDIATE").unwrap();
        let mut mob = Mob::default();
        let mut tickets = Vec::new();
        for (i, name) in ["Ada", "Bob", "Cy"].iter().enumerate() {
            let records = add(&mut mob, name, i as i64);
            tickets.push(writer.change(&mob, records, at(i as i64)));
        }
        writer.heartbeat(at(5));
        writer.heartbeat(at(6));
        // The first write waits out the busy timeout, then fails and says why.
        let status = handle.wait(tickets[0], Duration::from_secs(30));
        assert_eq!(
            status.failure.as_deref(),
            Some("database is locked"),
            "a held lock is reported in SQLite's words"
        );
        assert_eq!(
            status.pending, 3,
            "nothing is dropped while the lock is held"
        );
        assert_eq!(status.since, Some(at(0)), "the oldest unsaved change");
        blocker.execute_batch("COMMIT").unwrap();

        let status = handle.flush(Duration::from_secs(30));
        assert_eq!(
            status,
            Status::default(),
            "everything written once the lock went"
        );
        drop(writer);
        let store = Store::open(&path).unwrap();
        assert_eq!(
            store.load_mob().unwrap(),
            Some(mob),
            "the last state is saved"
        );
        assert_eq!(store.change_seq().unwrap(), 3, "three changes, numbered");
        assert_eq!(store.event_count().unwrap(), 3, "each change's event once");
        assert_eq!(
            store.last_alive().unwrap(),
            Some(at(6)),
            "the latest heartbeat, after the changes"
        );
    }

    #[test]
    fn a_change_already_on_disk_is_not_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_dir(dir.path()).unwrap();
        let mut mob = Mob::default();
        let records = add(&mut mob, "Ada", 0);
        assert!(store.commit_numbered(1, &mob, &records, at(0)).unwrap());
        assert!(
            !store.commit_numbered(1, &mob, &records, at(0)).unwrap(),
            "a retry of change 1 after it reached the disk writes nothing"
        );
        assert_eq!(store.event_count().unwrap(), 1, "its event is there once");
        let writer = Writer::spawn(store).unwrap();
        let records = add(&mut mob, "Bob", 1);
        let ticket = writer.change(&mob, records, at(1));
        assert_eq!(ticket, Ticket(2), "numbering goes on from the file");
        let status = writer.handle().wait(ticket, Duration::from_secs(30));
        assert_eq!(status.pending, 0, "written: {status:?}");
    }
}
