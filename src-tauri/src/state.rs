//! The state every window command, the socket and the ticker share.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use mobflow_api::names::event;
use mobflow_api::{ApiError, Applied, Service, Snapshot, Storage};
use mobflow_core::Command;
use serde::{Deserialize, Serialize};
use tauri::{Emitter, Runtime};
use tokio::sync::Notify;

use crate::alerts::Alerts;
use crate::clock;

/// Where the mini timer was, kept in `window-state.json` in the data folder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct WindowState {
    pub mini: Option<(f64, f64)>,
    #[serde(default)]
    pub mini_open: bool,
}

fn state_file(data_dir: &Path) -> PathBuf {
    data_dir.join("window-state.json")
}

impl WindowState {
    pub fn load(data_dir: &Path) -> WindowState {
        std::fs::read(state_file(data_dir))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, data_dir: &Path) {
        let path = state_file(data_dir);
        let tmp = path.with_extension("json.tmp");
        let json = serde_json::to_vec(self).expect("plain data serializes");
        if let Err(error) = std::fs::write(&tmp, json).and_then(|()| std::fs::rename(&tmp, &path)) {
            eprintln!("mobflow: could not save window positions: {error}");
        }
    }
}

/// Window state that is the shell's alone (not the mob's).
#[derive(Debug, Default)]
pub struct UiState {
    /// Someone dismissed the hand-over screen; it stays away until the timer moves on.
    pub handover_dismissed: bool,
    pub windows: WindowState,
}

pub struct AppState {
    /// Held only for work in memory: no SQLite work happens under it (the writer has its own
    /// thread, and history reads their own connection).
    service: Mutex<Service>,
    /// The writer's status, and waiting for it, without the service's lock.
    storage: Storage,
    ui: Mutex<UiState>,
    /// Wakes the ticker when a command changed the timer, or storage's status changed.
    pub wake: Arc<Notify>,
    pub alerts: Alerts,
    pub data_dir: PathBuf,
}

impl AppState {
    pub fn new(service: Service, data_dir: PathBuf) -> AppState {
        let wake = Arc::new(Notify::new());
        let storage = service.storage();
        let ticker = wake.clone();
        // The ticker pushes the new status (the window's banner) whenever a write ends.
        storage.on_progress(move || ticker.notify_one());
        AppState {
            service: Mutex::new(service),
            storage,
            ui: Mutex::new(UiState {
                handover_dismissed: false,
                windows: WindowState::load(&data_dir),
            }),
            wake,
            alerts: Alerts::new(),
            data_dir,
        }
    }

    pub fn ui(&self) -> MutexGuard<'_, UiState> {
        self.ui.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The service, locked. A panic elsewhere never leaves it unusable: every change is applied
    /// to a copy first, so the state behind a poisoned lock is still consistent.
    pub fn service(&self) -> MutexGuard<'_, Service> {
        self.service.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn snapshot(&self) -> Snapshot {
        self.service().snapshot(clock::now())
    }

    pub fn storage(&self) -> &Storage {
        &self.storage
    }

    /// Runs a command for any caller that answers someone, and acknowledges it: see
    /// [`Storage::acknowledge`] (it waits up to `ACK_WAIT` for the disk, without the service's
    /// lock). Blocks that long at most: never call it on the GUI thread.
    pub fn run<R: Runtime>(
        &self,
        app: &tauri::AppHandle<R>,
        command: &Command,
    ) -> Result<Snapshot, ApiError> {
        let applied = self.apply(app, command)?;
        Ok(self.storage.acknowledge(applied))
    }

    /// Applies a command in memory and queues it for the writer; returns at once (for callers
    /// on the GUI thread, which answer nobody). The ticker, woken here, pushes the new snapshot
    /// to every window (one place emits it); a board change is pushed here.
    pub fn apply<R: Runtime>(
        &self,
        app: &tauri::AppHandle<R>,
        command: &Command,
    ) -> Result<Applied, ApiError> {
        let (applied, board) = {
            let mut service = self.service();
            let applied = service.execute(command, clock::now())?;
            (applied, command.touches_board().then(|| service.board()))
        };
        self.wake.notify_one();
        if let Some(board) = board {
            if let Err(error) = app.emit(event::BOARD, &board) {
                eprintln!("mobflow: could not send the board to the window: {error}");
            }
        }
        Ok(applied)
    }
}

pub fn emit<R: Runtime>(app: &tauri::AppHandle<R>, snapshot: &Snapshot) {
    if let Err(error) = app.emit(event::SNAPSHOT, snapshot) {
        eprintln!("mobflow: could not send the snapshot to the window: {error}");
    }
}
