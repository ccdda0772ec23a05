//! The state every window command, the socket and the ticker share.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use mobflow_api::names::event;
use mobflow_api::{ApiError, Service, Snapshot};
use mobflow_core::Command;
use serde::{Deserialize, Serialize};
use tauri::{Emitter, Runtime};
use tokio::sync::Notify;

use crate::alerts::Alerts;
use crate::clock;

/// Where the mini timer was, and the monitors chosen for it and the hand-over (by name; none:
/// every monitor for the hand-over, where it was put for the mini timer), kept in
/// `window-state.json` in the data folder.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WindowState {
    pub mini: Option<(f64, f64)>,
    #[serde(default)]
    pub mini_open: bool,
    #[serde(default)]
    pub handover_monitor: Option<String>,
    #[serde(default)]
    pub mini_monitor: Option<String>,
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
    service: Mutex<Service>,
    ui: Mutex<UiState>,
    /// Wakes the ticker when a command changed the timer.
    pub wake: Notify,
    pub alerts: Alerts,
    pub data_dir: PathBuf,
}

impl AppState {
    pub fn new(service: Service, data_dir: PathBuf) -> AppState {
        AppState {
            service: Mutex::new(service),
            ui: Mutex::new(UiState {
                handover_dismissed: false,
                windows: WindowState::load(&data_dir),
            }),
            wake: Notify::new(),
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

    /// Runs a command for any caller. The ticker, woken here, pushes the new snapshot to every
    /// window (one place emits it); a board change is pushed here.
    pub fn run<R: Runtime>(
        &self,
        app: &tauri::AppHandle<R>,
        command: &Command,
    ) -> Result<Snapshot, ApiError> {
        let (snapshot, board) = {
            let mut service = self.service();
            let snapshot = service.execute(command, clock::now())?;
            (snapshot, command.touches_board().then(|| service.board()))
        };
        self.wake.notify_one();
        if let Some(board) = board {
            if let Err(error) = app.emit(event::BOARD, &board) {
                eprintln!("mobflow: could not send the board to the window: {error}");
            }
        }
        Ok(snapshot)
    }
}

pub fn emit<R: Runtime>(app: &tauri::AppHandle<R>, snapshot: &Snapshot) {
    if let Err(error) = app.emit(event::SNAPSHOT, snapshot) {
        eprintln!("mobflow: could not send the snapshot to the window: {error}");
    }
}
