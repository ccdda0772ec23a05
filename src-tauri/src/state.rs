//! The state every window command, the socket and the ticker share.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use mobflow_api::names::event;
use mobflow_api::{Alert, ApiError, Applied, Service, Snapshot, Storage, Tick};
use mobflow_core::Command;
use serde::{Deserialize, Serialize};
use tauri::{Manager, Runtime};
use tokio::sync::Notify;

use crate::alerts::{self, Alerts};
use crate::{clock, push};

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

/// The main window's label.
pub const MAIN: &str = "main";
/// The start of each hand-over window's label (one per monitor it covers).
pub const HANDOVER_PREFIX: &str = "handover-";

/// Window state that is the shell's alone (not the mob's).
#[derive(Debug, Default)]
pub struct UiState {
    /// Someone dismissed the hand-over screen; it stays away until the timer moves on.
    pub handover_dismissed: bool,
    /// A command's alert asked for the hand-over screen raised again (the reminder's last
    /// step): the ticker, woken by the command, does it (the windows are above this layer).
    pub raise_handover: bool,
    pub windows: WindowState,
    /// The hand-over windows are shown (else hidden, or not made yet).
    pub handover_shown: bool,
    /// The monitors the kept hand-over windows were made for.
    pub handover_built_for: Vec<crate::placement::Screen>,
    /// Windows nobody can see now (`sight`): they get no per-second ticks.
    pub unseen: BTreeSet<String>,
    /// Windows that came back into sight since the last push: they get the clocks they missed
    /// (or the whole snapshot, if they missed one of those too).
    pub resync: BTreeSet<String>,
    /// Windows left out of a whole snapshot since (the hidden hand-over windows).
    pub missed: BTreeSet<String>,
    /// The main window has been shown since launch (it starts hidden: `windows::reveal_main`).
    pub main_revealed: bool,
    /// The main window waits behind the kept hand-over screen: it is sent no snapshot and no
    /// tick until the screen goes (`windows::covers_main`).
    pub main_behind: bool,
    /// Someone brought the main window forward while the hand-over screen was up (it took the
    /// focus): it is kept up to date again until the screen goes.
    pub main_forward: bool,
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
    /// The snapshot alerts were last judged against. Judged only with the service locked, so
    /// a change made between two ticks (a quick `start` then `next`) is seen, and seen once.
    judged: Mutex<Option<Snapshot>>,
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
                raise_handover: false,
                windows: WindowState::load(&data_dir),
                handover_shown: false,
                handover_built_for: Vec::new(),
                unseen: BTreeSet::new(),
                resync: BTreeSet::new(),
                missed: BTreeSet::new(),
                main_revealed: false,
                main_behind: false,
                main_forward: false,
            }),
            wake,
            alerts: Alerts::new(),
            judged: Mutex::new(None),
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
        let (applied, board, alert) = {
            let mut service = self.service();
            // A refused command may still have ended a screen lock (`Service::execute`): the
            // ticker shows what that changed either way.
            let applied = service
                .execute(command, clock::now())
                .inspect_err(|_| self.wake.notify_one())?;
            let alert = self.judge(&service, &applied.snapshot);
            (
                applied,
                command.touches_board().then(|| service.board()),
                alert,
            )
        };
        if alert.as_ref().is_some_and(|alert| alert.raise) {
            self.ui().raise_handover = true;
        }
        self.wake.notify_one();
        if let Some(alert) = alert {
            self.alerts.fire(app, alert);
        }
        if let Some(board) = board {
            push::to_every(app, event::BOARD, &board);
        }
        Ok(applied)
    }
}

impl AppState {
    /// Records whether the window `label` can be seen; one that comes back into sight is sent
    /// what it missed by the ticker, woken here. The main window seen is behind nothing; a
    /// hand-over window that was seen and is not any more (hidden, minimised) uncovers it.
    pub fn set_in_sight(&self, label: &str, in_sight: bool) {
        let mut ui = self.ui();
        if in_sight {
            if label == MAIN {
                ui.main_behind = false;
            }
            if ui.unseen.remove(label) {
                ui.resync.insert(label.to_owned());
                self.wake.notify_one();
            }
        } else {
            let went = ui.unseen.insert(label.to_owned());
            ui.resync.remove(label);
            if went && label.starts_with(HANDOVER_PREFIX) {
                self.uncover_main(ui, false);
            }
        }
    }

    /// The window `label` is gone (a hand-over window closed: the main window is uncovered).
    pub fn forget_sight(&self, label: &str) {
        let mut ui = self.ui();
        ui.unseen.remove(label);
        ui.resync.remove(label);
        ui.missed.remove(label);
        if label.starts_with(HANDOVER_PREFIX) {
            self.uncover_main(ui, false);
        }
    }

    /// The main window is no longer behind the hand-over screen (the screen went, or, when
    /// `forward`, someone brought the window forward): the ticker, woken here, sends it what it
    /// missed.
    pub fn uncover_main(&self, mut ui: MutexGuard<'_, UiState>, forward: bool) {
        ui.main_forward |= forward;
        if std::mem::take(&mut ui.main_behind) {
            if !ui.unseen.contains(MAIN) {
                ui.resync.insert(MAIN.to_owned());
            }
            self.wake.notify_one();
        }
    }

    /// The alert, if any, for the change from the last judged snapshot to `now` (the
    /// service's snapshot, taken under `_service`: holding the guard keeps callers in the
    /// service's order).
    pub fn judge(&self, _service: &MutexGuard<'_, Service>, now: &Snapshot) -> Option<Alert> {
        let mut judged = self.judged.lock().unwrap_or_else(PoisonError::into_inner);
        let alert = judged
            .as_ref()
            .and_then(|before| alerts::between(before, now));
        *judged = Some(now.clone());
        alert
    }
}

/// Sends the whole snapshot to every window but those `left_out` names (which are then known to
/// have missed it).
pub fn emit_except<R: Runtime>(
    app: &tauri::AppHandle<R>,
    left_out: impl Fn(&str) -> bool,
    snapshot: &Snapshot,
) {
    let labels: Vec<String> = app.webview_windows().into_keys().collect();
    app.state::<AppState>().ui().missed = labels
        .iter()
        .filter(|label| left_out(label))
        .cloned()
        .collect();
    for label in labels.iter().filter(|label| !left_out(label)) {
        push::to_window(app, label, event::SNAPSHOT, snapshot);
    }
}

/// Brings the windows `labels`, back in sight, up to date: the whole snapshot to those that
/// missed one, the clocks to the others (unless `ticked`: this tick already reached them).
pub fn catch_up<R: Runtime>(
    app: &tauri::AppHandle<R>,
    labels: &BTreeSet<String>,
    snapshot: &Snapshot,
    ticked: bool,
) {
    if labels.is_empty() {
        return;
    }
    let shared = app.state::<AppState>();
    let whole: BTreeSet<String> = {
        let mut ui = shared.ui();
        let whole = ui.missed.intersection(labels).cloned().collect();
        ui.missed.retain(|label| !labels.contains(label));
        whole
    };
    let tick = snapshot.tick();
    for label in labels {
        if whole.contains(label) {
            push::to_window(app, label, event::SNAPSHOT, snapshot);
        } else if !ticked {
            push::to_window(app, label, event::TICK, &tick);
        }
    }
}

/// Sends the clocks to every window someone can see (none to the `unseen`).
pub fn emit_tick<R: Runtime>(app: &tauri::AppHandle<R>, unseen: &BTreeSet<String>, tick: &Tick) {
    for label in app.webview_windows().into_keys() {
        if !unseen.contains(&label) {
            push::to_window(app, &label, event::TICK, tick);
        }
    }
}
