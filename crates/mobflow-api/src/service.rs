use std::path::Path;

use mobflow_core::{Command, Mob, Timestamp};
use mobflow_store::Store;

use crate::{ApiError, BoardView, Snapshot};

/// The mob and its store: every caller's way in. A change is applied to a copy, persisted in
/// one transaction, and only then becomes the state, so a failed write changes nothing.
pub struct Service {
    mob: Mob,
    store: Store,
    /// Events committed since the shell last looked (it runs hooks on them).
    committed: Vec<mobflow_core::Record>,
}

impl Service {
    /// Opens the store in `data_dir`, restores the mob and brings it up to `now` (a turn whose
    /// deadline passed while the app was closed is in hand-over).
    pub fn open(data_dir: &Path, now: Timestamp) -> Result<Service, ApiError> {
        Service::with_store(Store::open_dir(data_dir)?, now)
    }

    /// Restores the mob from `store`. Time since the app was last alive counts as time away
    /// (two minutes or more during a session waits for the mob's decision).
    pub fn with_store(store: Store, now: Timestamp) -> Result<Service, ApiError> {
        let mob = store.load_mob()?.unwrap_or_default();
        let last_alive = store.last_alive()?;
        let mut service = Service {
            mob,
            store,
            committed: Vec::new(),
        };
        match last_alive {
            Some(from) if from < now => service.notice_gap(from, now)?,
            _ => service.tick(now)?,
        };
        Ok(service)
    }

    pub fn mob(&self) -> &Mob {
        &self.mob
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn snapshot(&self, now: Timestamp) -> Snapshot {
        Snapshot::of(&self.mob, now)
    }

    /// Runs a command; on error nothing changed (but for the end of a lock, below).
    pub fn execute(&mut self, command: &Command, now: Timestamp) -> Result<Snapshot, ApiError> {
        if command.changes_timer() && self.mob.locked_since.is_some() {
            // Someone is at the machine, so the screen is not locked any more: its unlock went
            // unnoticed. A long lock then asks first, and the command is refused until it has.
            self.screen_unlocked(now)?;
        }
        let mut next = self.mob.clone();
        let records = next.apply(command, now)?;
        self.store.commit(&next, &records, now)?;
        self.mob = next;
        self.committed.extend(records);
        Ok(self.snapshot(now))
    }

    /// Brings the timer up to `now`. Returns whether the state changed.
    pub fn tick(&mut self, now: Timestamp) -> Result<bool, ApiError> {
        self.change(now, |mob| mob.advance(now))
    }

    pub fn board(&self) -> BoardView {
        BoardView::of(&self.mob.board)
    }

    /// The app was away from `from` to `to` (suspend detected, or start-up after a crash).
    pub fn notice_gap(&mut self, from: Timestamp, to: Timestamp) -> Result<bool, ApiError> {
        self.change(to, |mob| mob.notice_gap(from, to))
    }

    /// The screen was locked at `now`: the timer stands still until it is unlocked.
    pub fn screen_locked(&mut self, now: Timestamp) -> Result<bool, ApiError> {
        self.change(now, |mob| mob.screen_locked(now))
    }

    /// The screen was unlocked at `now` (a lock of two minutes or more asks what it was).
    pub fn screen_unlocked(&mut self, now: Timestamp) -> Result<bool, ApiError> {
        self.change(now, |mob| mob.screen_unlocked(now))
    }

    /// The wall clock jumped by `by` (not a suspend): live deadlines move with it.
    pub fn clock_jumped(&mut self, by: chrono::Duration, now: Timestamp) -> Result<bool, ApiError> {
        self.change(now, |mob| mob.clock_jumped(by, now))
    }

    /// Appends an event that changes no state (such as a hook's result) to history.
    pub fn record(&mut self, event: mobflow_core::Event, now: Timestamp) -> Result<(), ApiError> {
        let record = mobflow_core::Record {
            at: now,
            session: self.mob.session,
            event,
        };
        self.store
            .commit(&self.mob, std::slice::from_ref(&record), now)?;
        Ok(())
    }

    /// The events committed since the last call, oldest first.
    pub fn take_committed(&mut self) -> Vec<mobflow_core::Record> {
        std::mem::take(&mut self.committed)
    }

    /// Records that the app is alive.
    pub fn heartbeat(&self, now: Timestamp) -> Result<(), ApiError> {
        Ok(self.store.heartbeat(now)?)
    }

    /// Applies an infallible change on a copy, persists it if it recorded anything, then swaps.
    fn change(
        &mut self,
        now: Timestamp,
        f: impl FnOnce(&mut Mob) -> Vec<mobflow_core::Record>,
    ) -> Result<bool, ApiError> {
        let mut next = self.mob.clone();
        let records = f(&mut next);
        if records.is_empty() && next == self.mob {
            return Ok(false);
        }
        self.store.commit(&next, &records, now)?;
        self.mob = next;
        self.committed.extend(records);
        Ok(true)
    }
}
