//! The state every window command, the socket and the ticker share.

use std::sync::{Mutex, MutexGuard, PoisonError};

use mobflow_api::{ApiError, Service, Snapshot};
use mobflow_core::Command;
use tauri::{Emitter, Runtime};
use tokio::sync::Notify;

use crate::clock;

/// The event carrying a [`Snapshot`] to the windows.
pub const SNAPSHOT_EVENT: &str = "snapshot";
/// The event carrying the whole board ([`mobflow_api::BoardView`]) after a change.
pub const BOARD_EVENT: &str = "board";

pub struct AppState {
    service: Mutex<Service>,
    /// Wakes the ticker when a command changed the timer.
    pub wake: Notify,
}

impl AppState {
    pub fn new(service: Service) -> AppState {
        AppState {
            service: Mutex::new(service),
            wake: Notify::new(),
        }
    }

    /// The service, locked. A panic elsewhere never leaves it unusable: every change is applied
    /// to a copy first, so the state behind a poisoned lock is still consistent.
    pub fn service(&self) -> MutexGuard<'_, Service> {
        self.service.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn snapshot(&self) -> Snapshot {
        self.service().snapshot(clock::now())
    }

    /// Runs a command for any caller, then tells the windows and the ticker.
    pub fn run<R: Runtime>(
        &self,
        app: &tauri::AppHandle<R>,
        command: &Command,
    ) -> Result<Snapshot, ApiError> {
        let (snapshot, board) = {
            let mut service = self.service();
            let snapshot = service.execute(command, clock::now())?;
            (snapshot, service.board())
        };
        emit(app, &snapshot);
        if let Err(error) = app.emit(BOARD_EVENT, &board) {
            eprintln!("mobflow: could not send the board to the window: {error}");
        }
        self.wake.notify_one();
        Ok(snapshot)
    }
}

pub fn emit<R: Runtime>(app: &tauri::AppHandle<R>, snapshot: &Snapshot) {
    if let Err(error) = app.emit(SNAPSHOT_EVENT, snapshot) {
        eprintln!("mobflow: could not send the snapshot to the window: {error}");
    }
}
