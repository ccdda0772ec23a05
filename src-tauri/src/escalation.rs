//! The reminder while nobody takes over, carried out. `mobflow_api::alert` decides how
//! insistent each alert is (a pure function of the snapshots, tested over a fake clock); this
//! module does it: at the last step the hand-over screen comes back on every monitor it covers,
//! dismissed or not, and the alert goes to the windows (the sound, louder or repeated) and to
//! the desktop.

use mobflow_api::Alert;
use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;
use crate::windows;

/// Carries out `alert`.
pub fn fire<R: Runtime>(app: &AppHandle<R>, alert: Alert) {
    if alert.raise {
        // Open again by the ticker's `sync_handover` if it was closed; raised if it is open.
        windows::raise_handover(app);
    }
    app.state::<AppState>().alerts.fire(app, alert);
}
