//! The ticker: the one task that drives the countdown from the real clock.
//!
//! It sleeps until the displayed second changes (or the deadline passes), brings the service up
//! to `now` (a passed deadline becomes the hand-over) and pushes a snapshot. When nothing is
//! counting it sleeps until a command wakes it. Remaining time always comes from the wall-clock
//! deadline, so a late wake-up (suspend, load) never drifts the timer.

use std::time::Duration;

use mobflow_api::{Snapshot, TimerState};
use tauri::{AppHandle, Manager, Runtime};

use crate::{clock, state};

/// A little past the second boundary, so the display never shows a second twice.
const SLACK_MS: u64 = 3;

pub fn spawn<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let shared = app.state::<state::AppState>();
        loop {
            let now = clock::now();
            let (snapshot, changed) = {
                let mut service = shared.service();
                let changed = service.tick(now).unwrap_or_else(|error| {
                    eprintln!("mobflow: could not save the end of the turn: {error}");
                    false
                });
                (service.snapshot(now), changed)
            };
            let wait = next_wake(&snapshot);
            if changed || wait.is_some() {
                state::emit(&app, &snapshot);
            }
            match wait {
                Some(wait) => {
                    tokio::select! {
                        () = tokio::time::sleep(wait) => {}
                        () = shared.wake.notified() => {}
                    }
                }
                None => shared.wake.notified().await,
            }
        }
    });
}

/// When the shown time next changes: at the next whole second of the countdown (or of the
/// hand-over's overrun); `None` when nothing is counting.
fn next_wake(snapshot: &Snapshot) -> Option<Duration> {
    let into_second = match snapshot.state {
        TimerState::Running => match snapshot.remaining_ms % 1000 {
            0 => 1000,
            ms => ms,
        },
        TimerState::Handover => 1000 - snapshot.handover_ms % 1000,
        TimerState::Idle | TimerState::Paused => return None,
    };
    Some(Duration::from_millis(into_second + SLACK_MS))
}
