use std::path::Path;

use mobflow_core::{Command, Mob, Timestamp};
use mobflow_store::{SessionRow, Store};

use crate::{ApiError, BoardView, Snapshot};

/// The mob and its store: every caller's way in. A change is applied to a copy, persisted in
/// one transaction, and only then becomes the state, so a failed write changes nothing.
pub struct Service {
    mob: Mob,
    store: Store,
}

impl Service {
    /// Opens the store in `data_dir`, restores the mob and brings it up to `now` (a turn whose
    /// deadline passed while the app was closed is in hand-over).
    pub fn open(data_dir: &Path, now: Timestamp) -> Result<Service, ApiError> {
        Service::with_store(Store::open_dir(data_dir)?, now)
    }

    pub fn with_store(store: Store, now: Timestamp) -> Result<Service, ApiError> {
        let mob = store.load_mob()?.unwrap_or_default();
        let mut service = Service { mob, store };
        service.tick(now)?;
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

    /// Runs a command; on error nothing changed.
    pub fn execute(&mut self, command: &Command, now: Timestamp) -> Result<Snapshot, ApiError> {
        let mut next = self.mob.clone();
        let records = next.apply(command, now)?;
        self.store.commit(&next, &records, now)?;
        self.mob = next;
        Ok(self.snapshot(now))
    }

    /// Brings the timer up to `now`. Returns whether the state changed.
    pub fn tick(&mut self, now: Timestamp) -> Result<bool, ApiError> {
        let mut next = self.mob.clone();
        let records = next.advance(now);
        if records.is_empty() {
            return Ok(false);
        }
        self.store.commit(&next, &records, now)?;
        self.mob = next;
        Ok(true)
    }

    pub fn board(&self) -> BoardView {
        BoardView::of(&self.mob.board)
    }

    pub fn sessions(&self) -> Result<Vec<SessionRow>, ApiError> {
        Ok(self.store.sessions()?)
    }
}
