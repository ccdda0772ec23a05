use std::path::Path;
use std::time::Duration;

use mobflow_core::{Command, Event, Mob, Record, Timestamp};
use mobflow_store::writer::{self, Ticket, Writer};
use mobflow_store::Store;

use crate::{ApiError, BoardView, Snapshot, StorageView, TestOutput};

/// How long an acknowledgement waits for the writer to commit its change (see
/// [`Storage::acknowledge`]).
pub const ACK_WAIT: Duration = Duration::from_millis(150);

/// The mob and its writer: every caller's way in. The state machine runs in memory: a change is
/// applied to a copy, swapped in, and queued for the writer ([`mobflow_store::writer`]), which
/// writes it on a thread and a connection of its own. Nothing here waits on the disk.
pub struct Service {
    mob: Mob,
    writer: Writer,
    /// Events applied since the shell last looked (it runs hooks on them).
    applied: Vec<Record>,
}

/// A change applied in memory: the snapshot after it, and its place in the writer's queue
/// (`None` when nothing was queued).
#[derive(Debug)]
pub struct Applied {
    pub snapshot: Snapshot,
    pub ticket: Option<Ticket>,
}

/// The writer's side of the service, shared without the service's lock: what storage is
/// doing, and waiting for it.
#[derive(Clone)]
pub struct Storage(writer::Handle);

impl Service {
    /// Opens the store in `data_dir`, restores the mob and brings it up to `now` (a turn whose
    /// deadline passed while the app was closed is in hand-over).
    pub fn open(data_dir: &Path, now: Timestamp) -> Result<Service, ApiError> {
        Service::with_store(Store::open_dir(data_dir)?, now)
    }

    /// Restores the mob from `store`, whose connection the writer then takes over. Time since
    /// the app was last alive counts as time away (two minutes or more during a session waits
    /// for the mob's decision).
    pub fn with_store(store: Store, now: Timestamp) -> Result<Service, ApiError> {
        let mob = store.load_mob()?.unwrap_or_default();
        let last_alive = store.last_alive()?;
        let mut service = Service {
            mob,
            writer: Writer::spawn(store)?,
            applied: Vec::new(),
        };
        match last_alive {
            // Also a clock found before `from`: the core treats a clock set back like a gap.
            Some(from) if from != now => service.notice_gap(from, now),
            _ => service.tick(now),
        };
        Ok(service)
    }

    pub fn mob(&self) -> &Mob {
        &self.mob
    }

    /// The database file (for readers with a connection of their own).
    pub fn db_path(&self) -> &Path {
        self.writer.path()
    }

    /// What storage is doing, and a way to wait for it, usable without this service's lock.
    pub fn storage(&self) -> Storage {
        Storage(self.writer.handle())
    }

    pub fn snapshot(&self, now: Timestamp) -> Snapshot {
        let mut snapshot = Snapshot::of(&self.mob, now);
        snapshot.storage = self.storage().status();
        snapshot
    }

    /// Runs a command; on error nothing changed (but for the end of a lock, below). The change
    /// is applied and queued for the writer; [`Storage::acknowledge`] says when it is on disk.
    pub fn execute(&mut self, command: &Command, now: Timestamp) -> Result<Applied, ApiError> {
        if command.changes_timer() && self.mob.locked_since.is_some() {
            // Someone is at the machine, so the screen is not locked any more: its unlock went
            // unnoticed. A long lock then asks first, and the command is refused until it has.
            self.screen_unlocked(now);
        }
        let mut next = self.mob.clone();
        let records = next.apply(command, now)?;
        let ticket = self.swap(next, records, now);
        Ok(Applied {
            snapshot: self.snapshot(now),
            ticket: Some(ticket),
        })
    }

    /// Brings the timer up to `now`. Returns whether the state changed.
    pub fn tick(&mut self, now: Timestamp) -> bool {
        self.change(now, |mob| mob.advance(now))
    }

    /// The last finished test run's output (the end of it), if there was a run.
    pub fn test_output(&self) -> Option<TestOutput> {
        let result = self.mob.tests.result.as_ref()?;
        Some(TestOutput {
            run: result.run,
            passed: result.passed,
            command: result.command.clone(),
            output_tail: result.output_tail.clone(),
        })
    }

    pub fn board(&self) -> BoardView {
        BoardView::of(&self.mob.board)
    }

    /// The app was away from `from` to `to` (suspend detected, or start-up after a crash).
    pub fn notice_gap(&mut self, from: Timestamp, to: Timestamp) -> bool {
        self.change(to, |mob| mob.notice_gap(from, to))
    }

    /// The screen was locked at `now`: the timer stands still until it is unlocked.
    pub fn screen_locked(&mut self, now: Timestamp) -> bool {
        self.change(now, |mob| mob.screen_locked(now))
    }

    /// The screen was unlocked at `now` (a lock of two minutes or more asks what it was).
    pub fn screen_unlocked(&mut self, now: Timestamp) -> bool {
        self.change(now, |mob| mob.screen_unlocked(now))
    }

    /// The wall clock jumped by `by` (not a suspend): live deadlines move with it.
    pub fn clock_jumped(&mut self, by: chrono::Duration, now: Timestamp) -> bool {
        self.change(now, |mob| mob.clock_jumped(by, now))
    }

    /// Appends an event that changes no state (such as a hook's result) to history.
    pub fn record(&mut self, event: Event, now: Timestamp) -> Ticket {
        let record = Record {
            at: now,
            session: self.mob.session,
            event,
        };
        self.writer.change(&self.mob, vec![record], now)
    }

    /// The events applied since the last call, oldest first.
    pub fn take_applied(&mut self) -> Vec<Record> {
        std::mem::take(&mut self.applied)
    }

    /// Records that the app is alive.
    pub fn heartbeat(&self, now: Timestamp) {
        self.writer.heartbeat(now);
    }

    /// Applies an infallible change on a copy and, if it did anything, swaps it in.
    fn change(&mut self, now: Timestamp, f: impl FnOnce(&mut Mob) -> Vec<Record>) -> bool {
        let mut next = self.mob.clone();
        let records = f(&mut next);
        if records.is_empty() && next == self.mob {
            return false;
        }
        self.swap(next, records, now);
        true
    }

    fn swap(&mut self, next: Mob, records: Vec<Record>, now: Timestamp) -> Ticket {
        let ticket = self.writer.change(&next, records.clone(), now);
        self.mob = next;
        self.applied.extend(records);
        ticket
    }
}

impl Storage {
    pub fn status(&self) -> StorageView {
        self.0.status().into()
    }

    /// The answer to whoever asked for `applied`: its snapshot once the writer committed the
    /// change, or after [`ACK_WAIT`], or at once while writes fail; its `storage` then says
    /// whether the change is on disk (`pending` 0) or kept in memory. Blocks: call it without
    /// the service's lock and off the GUI thread.
    pub fn acknowledge(&self, applied: Applied) -> Snapshot {
        let mut snapshot = applied.snapshot;
        if let Some(ticket) = applied.ticket {
            snapshot.storage = self.0.wait(ticket, ACK_WAIT).into();
        }
        snapshot
    }

    /// Waits until everything queued is on disk, but not past `limit`.
    pub fn flush(&self, limit: Duration) -> StorageView {
        self.0.flush(limit).into()
    }

    /// Calls `listener` (on the writer's thread) whenever the status may have changed.
    pub fn on_progress(&self, listener: impl Fn() + Send + Sync + 'static) {
        self.0.on_progress(listener);
    }
}
