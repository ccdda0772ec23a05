//! The ticker: the one task that drives the countdown from the real clock.
//!
//! It sleeps until the displayed second changes (or a deadline passes), brings the service up
//! to `now` (a passed deadline becomes the hand-over; no disk work, the writer does that) and
//! pushes what changed: the whole snapshot to every window when more than the clocks moved
//! (also when storage's status changed, so the window's banner follows), else only the clocks
//! (a `Tick`) and only to the windows someone can see (`sight`); it fires alerts on
//! the transitions that matter, keeps the hand-over screen and the tray in step, and tells a
//! suspend or a wall-clock jump from ordinary time. Remaining time always comes from the
//! wall-clock deadline, so a late wake-up never drifts the timer.

use std::time::Duration;

use mobflow_api::{Snapshot, TimerState};
use tauri::{AppHandle, Manager, Runtime};

use crate::clock;
use crate::{autostart, escalation, hooks, hotkeys, state, testwatch, tray, windows};

/// A little past the second boundary, so the display never shows a second twice (the wake is
/// timed on the monotonic clock, the seconds on the wall clock, which NTP may slew by up to
/// 0.5 ms a second).
const SLACK_MS: u64 = 1;
/// While a session is on, look at the clocks at least this often (to notice a suspend).
const SESSION_POLL: Duration = Duration::from_secs(10);
/// How often the app records that it is alive.
const HEARTBEAT: Duration = Duration::from_secs(30);
/// A wall-clock jump smaller than this is ordinary drift.
const JUMP_MIN: chrono::Duration = chrono::Duration::seconds(2);
/// Sleep shorter than this is not worth asking about.
const SLEEP_MIN: Duration = Duration::from_secs(5);

pub fn spawn<R: Runtime>(app: AppHandle<R>) -> tauri::async_runtime::JoinHandle<()> {
    tauri::async_runtime::spawn(async move {
        let shared = app.state::<state::AppState>();
        let mut last = clock::read();
        let mut last_heartbeat = last;
        let mut prev: Option<Snapshot> = None;
        loop {
            let reading = clock::read();
            let now = reading.wall;
            let drift = reading.since(&last);
            // Memory only, under the service's lock: changes and heartbeats are queued for the
            // writer, so a passed deadline becomes the hand-over now, whatever the disk does.
            let (snapshot, changed, alert) = {
                let mut service = shared.service();
                let mut changed = if drift.slept >= SLEEP_MIN {
                    service.notice_gap(last.wall, now)
                } else if drift.jump.abs() >= JUMP_MIN {
                    service.clock_jumped(drift.jump, now)
                } else {
                    false
                };
                changed |= service.tick(now);
                if reading.mono.saturating_duration_since(last_heartbeat.mono) >= HEARTBEAT {
                    last_heartbeat = reading;
                    service.heartbeat(now);
                }
                let snapshot = service.snapshot(now);
                let alert = shared.judge(&service, &snapshot);
                (snapshot, changed, alert)
            };
            last = reading;
            let wait = next_wake(&snapshot);
            // A dismissal holds until the timer moves on (read by `push`).
            if let Some(prev) = &prev {
                if prev.state != snapshot.state || prev.away.is_some() != snapshot.away.is_some() {
                    shared.ui().handover_dismissed = false;
                }
            }
            push(&app, &shared, prev.as_ref(), &snapshot, changed);
            if let Some(alert) = alert {
                waiting_on_gui(|| escalation::fire(&app, alert));
            }
            if std::mem::take(&mut shared.ui().raise_handover) {
                waiting_on_gui(|| windows::raise_handover(&app));
            }
            let applied = shared.service().take_applied();
            if !applied.is_empty() {
                hooks::dispatch(&app, &applied, &snapshot);
            }
            testwatch::follow(&app, &applied, &snapshot);
            if prev.as_ref().map(|p| &p.settings.shortcuts) != Some(&snapshot.settings.shortcuts) {
                hotkeys::apply_soon(&app);
            }
            if prev.as_ref().map(|p| p.settings.autostart) != Some(snapshot.settings.autostart) {
                if let Err(error) = autostart::sync(snapshot.settings.autostart) {
                    eprintln!("mobflow: could not update the login autostart entry: {error}");
                }
            }
            keep_in_step(&app, &snapshot);
            let poll = (snapshot.session_id.is_some()).then_some(SESSION_POLL);
            prev = Some(snapshot);
            match wait.or(poll) {
                Some(wait) => {
                    // Measured from the reading, so the work above does not make the wake late.
                    let at = tokio::time::Instant::from_std(reading.mono + wait);
                    tokio::select! {
                        () = tokio::time::sleep_until(at) => {}
                        () = shared.wake.notified() => {}
                    }
                }
                None => shared.wake.notified().await,
            }
        }
    })
}

/// Runs `work` that waits on the GUI thread (Tauri's window and tray calls ask it and wait for
/// the answer: 5 to 30 ms at a hand-over, while that thread shows the window). Tokio is told
/// first, so the tasks queued on this worker move to another one: the socket answers at once
/// instead of after the hand-over is shown.
fn waiting_on_gui<T>(work: impl FnOnce() -> T) -> T {
    tokio::task::block_in_place(work)
}

/// Brings the hand-over screen and the tray in step with `snapshot`. Most seconds neither has
/// anything to change: the worker then hands nothing over to wait on the GUI thread.
fn keep_in_step<R: Runtime>(app: &AppHandle<R>, snapshot: &Snapshot) {
    if windows::handover_out_of_step(app, snapshot) || tray::out_of_step(app, snapshot) {
        waiting_on_gui(|| {
            windows::sync_handover(app, snapshot);
            tray::update(app, snapshot);
        });
    }
}

/// Sends the windows what changed since `prev`: the whole snapshot to every window when more than
/// the clocks did, else the clocks to the windows in sight, and the whole snapshot to those that
/// just came back into sight. The main window behind the hand-over screen counts as out of
/// sight, and is not sent the hand-over (`windows::covers_main`).
fn push<R: Runtime>(
    app: &AppHandle<R>,
    shared: &state::AppState,
    prev: Option<&Snapshot>,
    snapshot: &Snapshot,
    changed: bool,
) {
    let (mut unseen, mut resync, behind) = {
        let mut ui = shared.ui();
        (
            ui.unseen.clone(),
            std::mem::take(&mut ui.resync),
            ui.main_behind,
        )
    };
    match prev {
        Some(prev) if !changed && prev.shows_same_but_clocks(snapshot) => {
            if behind {
                unseen.insert(windows::MAIN.to_owned());
                resync.remove(windows::MAIN);
            }
            // Those back in sight are not in `unseen` any more: they get this tick with the
            // others (or, when the clocks stand still, one of their own).
            let tick = snapshot.tick();
            let moved = prev.tick() != tick;
            if moved {
                state::emit_tick(app, &unseen, &tick);
            }
            state::catch_up(app, &resync, snapshot, moved);
        }
        _ if windows::wants_handover(snapshot) => {
            // Decided as the hand-over (the break, the time away) begins, for all of it: a main
            // window sent its start is sent its changes too.
            let begins = prev.is_none_or(|prev| {
                prev.state != snapshot.state || prev.away.is_some() != snapshot.away.is_some()
            });
            let behind = if begins {
                waiting_on_gui(|| windows::covers_main(app))
            } else {
                behind
            };
            state::emit_except(app, |label| behind && label == windows::MAIN, snapshot);
        }
        // The hand-over windows, about to be hidden or kept hidden, are not sent what hides
        // them: each page stays as the last hand-over left it, with no rebuild that nobody
        // sees (and whose memory WebKit keeps), and the next hand-over's snapshot reaches it
        // here, before `windows::sync_handover` shows it again.
        _ => {
            shared.ui().main_behind = false;
            state::emit_except(
                app,
                |label| label.starts_with(windows::HANDOVER_PREFIX),
                snapshot,
            );
        }
    }
}

/// When the shown time next changes: at the next whole second of the countdown (or of the
/// hand-over's overrun, or the break); `None` when nothing is counting.
fn next_wake(snapshot: &Snapshot) -> Option<Duration> {
    if snapshot.away.is_some() || snapshot.screen_locked {
        return None;
    }
    let into_second = match snapshot.state {
        TimerState::Running => to_next_second(snapshot.remaining_ms),
        TimerState::Handover => 1000 - snapshot.handover_ms % 1000,
        TimerState::Break => to_next_second(snapshot.break_left_ms),
        TimerState::Idle | TimerState::Paused => return None,
    };
    Some(Duration::from_millis(into_second + SLACK_MS))
}

/// How long until a countdown with `left_ms` to go (whole milliseconds, rounded down) shows the
/// next second: a second when it sits on a whole second, and at once (after the slack) when
/// less than a millisecond is left, so the end is never a second late.
fn to_next_second(left_ms: u64) -> u64 {
    match left_ms % 1000 {
        0 if left_ms > 0 => 1000,
        ms => ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ticker_wakes_when_the_shown_second_changes_and_never_a_second_late_at_the_end() {
        assert_eq!(to_next_second(61_250), 250);
        assert_eq!(
            to_next_second(61_000),
            1000,
            "on a whole second: the next one"
        );
        assert_eq!(to_next_second(999), 999);
        assert_eq!(to_next_second(1), 1);
        assert_eq!(
            to_next_second(0),
            0,
            "under a millisecond left: the end is due now, not in a second"
        );
    }
}
