//! Alerts: a sound and message in the windows (needs no daemon) and a desktop notification.
//!
//! Notifications go to one worker thread through a short queue: a notification daemon that
//! hangs (D-Bus activation can block for two minutes) blocks only that worker, and alerts that
//! find the queue full are dropped. The timer never waits for a notification.

use std::sync::mpsc::{sync_channel, SyncSender, TrySendError};

use mobflow_api::names::event;
use mobflow_api::{Alert, AlertKind, Snapshot, TimerState};
use tauri::{Emitter, Runtime};

fn pair(s: &Snapshot) -> String {
    match (&s.driver, &s.navigator) {
        (Some(d), Some(n)) => format!("{d} drives, {n} navigates."),
        (Some(d), None) => format!("{d} drives."),
        _ => String::new(),
    }
}

/// The alert due when the timer went from `prev` to `next`, if any.
pub fn between(prev: &Snapshot, next: &Snapshot) -> Option<Alert> {
    use TimerState::*;
    let warn_ms = u64::from(next.settings.warn_before_secs) * 1000;
    let (kind, title, body) = match (prev.state, next.state) {
        (Running, Running)
            if warn_ms > 0
                && prev.turn == next.turn
                && prev.remaining_ms > warn_ms
                && next.remaining_ms <= warn_ms =>
        {
            let secs = next.remaining_ms.div_ceil(1000);
            (
                AlertKind::Warning,
                format!("{secs} seconds left"),
                "Wrap up the thought; the turn ends soon.".to_owned(),
            )
        }
        (Running | Paused, Handover) => (
            AlertKind::TurnOver,
            "Time to hand over".to_owned(),
            pair(next),
        ),
        (Running | Paused, Break) => (
            AlertKind::TurnOver,
            "Break time".to_owned(),
            format!(
                "Take {} minutes away from the keyboard.",
                next.settings.break_minutes
            ),
        ),
        (Handover, Handover) if next.handover_ms / 60_000 > prev.handover_ms / 60_000 => (
            AlertKind::Overrun,
            format!("Still handing over ({} min)", next.handover_ms / 60_000),
            pair(next),
        ),
        (Break, Handover) => (
            AlertKind::BreakOver,
            "The break is over".to_owned(),
            pair(next),
        ),
        _ => return None,
    };
    Some(Alert {
        kind,
        title,
        body,
        sound: next.settings.sound,
    })
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
                for alert in jobs {
                    let shown = notify_rust::Notification::new()
                        .appname("Mobflow")
                        .summary(&alert.title)
                        .body(&alert.body)
                        .icon(crate::DESKTOP_ID)
                        .hint(notify_rust::Hint::DesktopEntry(crate::DESKTOP_ID.into()))
                        .timeout(notify_rust::Timeout::Milliseconds(8000))
                        .show();
                    if let Err(error) = shown {
                        // No daemon (or no bus): the in-app alert already showed it.
                        eprintln!("mobflow: desktop notification failed: {error}");
                    }
                }
            })
            .expect("spawning the notification thread");
        Alerts { queue }
    }

    pub fn fire<R: Runtime>(&self, app: &tauri::AppHandle<R>, alert: Alert) {
        if let Err(error) = app.emit(event::ALERT, &alert) {
            eprintln!("mobflow: could not send the alert to the window: {error}");
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

#[cfg(test)]
mod tests {
    use super::*;
    use mobflow_api::Service;
    use mobflow_core::{Command, Timestamp};

    fn at(s: i64) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339("2026-11-27T09:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc)
            + chrono::Duration::seconds(s)
    }

    #[test]
    fn alerts_fire_on_the_transitions_that_matter() {
        let store = mobflow_store::Store::open_in_memory().unwrap();
        let mut service = Service::with_store(store, at(0)).unwrap();
        for name in ["Ada", "Bob"] {
            service
                .execute(&Command::AddMember { name: name.into() }, at(0))
                .unwrap();
        }
        service.execute(&Command::Start, at(0)).unwrap();
        let snap = |service: &mut Service, s: i64| {
            service.tick(at(s));
            service.snapshot(at(s))
        };
        let a = snap(&mut service, 569);
        let b = snap(&mut service, 571);
        let warning = between(&a, &b).expect("crossing 30 s left warns");
        assert_eq!(warning.kind, AlertKind::Warning);
        assert_eq!(warning.title, "29 seconds left");
        assert_eq!(between(&b, &snap(&mut service, 572)), None, "once");
        let c = snap(&mut service, 601);
        let over = between(&b, &c).expect("the end alerts");
        assert_eq!(over.kind, AlertKind::TurnOver);
        assert_eq!(over.body, "Bob drives, Ada navigates.");
        let d = snap(&mut service, 659);
        assert_eq!(between(&c, &d), None);
        let e = snap(&mut service, 661);
        assert_eq!(
            between(&d, &e).map(|a| a.kind),
            Some(AlertKind::Overrun),
            "every minute"
        );
    }
}
