//! Alerts: a message in the windows (needs no daemon), the chime (`chime`) and a desktop
//! notification.
//!
//! Notifications go to one worker thread through a short queue: a notification daemon that
//! hangs (D-Bus activation can block for two minutes) blocks only that worker, and alerts that
//! find the queue full are dropped. The timer never waits for a notification.

use std::sync::mpsc::{sync_channel, SyncSender, TrySendError};

use mobflow_api::names::event;
use mobflow_api::{Alert, AlertKind};
use tauri::{Manager, Runtime};

use crate::push;

/// The alert due between two snapshots: decided by the API, a pure function.
pub use mobflow_api::alert::between;

/// A reminder that has grown louder is critical to the notification daemon (it stays until
/// someone closes it, on most desktops).
fn urgency(alert: &Alert) -> notify_rust::Urgency {
    if alert.loud {
        notify_rust::Urgency::Critical
    } else {
        notify_rust::Urgency::Normal
    }
}

/// Sends alerts to the windows and to the desktop's notification daemon.
pub struct Alerts {
    queue: SyncSender<Alert>,
}

impl Alerts {
    pub fn new() -> Alerts {
        let (queue, jobs) = sync_channel::<Alert>(2);
        std::thread::Builder::new()
            .name("mobflow-notify".into())
            .spawn(move || {
                // The reminders while nobody takes over replace each other: one on screen.
                let mut reminder: Option<u32> = None;
                for alert in jobs {
                    let mut note = notify_rust::Notification::new();
                    note.appname("Mobflow")
                        .summary(&alert.title)
                        .body(&alert.body)
                        .icon(crate::DESKTOP_ID)
                        .hint(notify_rust::Hint::DesktopEntry(crate::DESKTOP_ID.into()))
                        .timeout(notify_rust::Timeout::Milliseconds(8000))
                        .urgency(urgency(&alert));
                    let overrun = alert.kind == AlertKind::Overrun;
                    if let (true, Some(id)) = (overrun, reminder) {
                        note.id(id);
                    }
                    match note.show() {
                        Ok(handle) => reminder = overrun.then(|| handle.id()),
                        // No daemon (or no bus): the in-app alert already showed it.
                        Err(error) => eprintln!("mobflow: desktop notification failed: {error}"),
                    }
                }
            })
            .expect("spawning the notification thread");
        Alerts { queue }
    }

    pub fn fire<R: Runtime>(&self, app: &tauri::AppHandle<R>, alert: Alert) {
        push::to_every(app, event::ALERT, &alert);
        if alert.sound {
            if let Some(chimes) = app.try_state::<crate::chime::Chimes>() {
                chimes.play(alert.clone());
            }
        }
        match self.queue.try_send(alert) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                eprintln!("mobflow: the notification daemon is not keeping up; alert dropped")
            }
            Err(TrySendError::Disconnected(_)) => {}
        }
    }
}
