//! The alerts: which one is due as the timer goes from one snapshot to the next, and how
//! insistent it is. A pure function of two snapshots, so the whole sequence is tested over a
//! fake clock; the shell carries an alert out (the windows show it and play the sound, the
//! desktop shows a notification, the hand-over screen is raised again).
//!
//! The reminder while nobody takes over grows one step a minute, up to the `escalation`
//! setting: the usual chime at the end of the turn; after a minute a louder one; after two, the
//! louder chime three times; from three minutes on, also the hand-over screen raised again on
//! every monitor (if someone hid it) each minute.

use serde::Serialize;

use crate::{Snapshot, TimerState};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// The turn ends soon.
    Warning,
    /// The turn is over: hand over (or a break is due).
    TurnOver,
    /// Nobody has started the next turn yet (every minute).
    Overrun,
    /// The break is over.
    BreakOver,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct Alert {
    pub kind: AlertKind,
    pub title: String,
    pub body: String,
    /// Whether the alert is heard (the shell plays it; the main window only when no player of
    /// the desktop's could: the `chime` event).
    pub sound: bool,
    /// How insistent it is: 0 the usual alert, up to the `escalation` setting.
    pub level: u32,
    /// How many times the chime plays in a row.
    pub chimes: u32,
    /// The chime louder than usual.
    pub loud: bool,
    /// Show the hand-over screen again on every monitor, also after it was dismissed.
    pub raise: bool,
}

/// From this level on the chime is louder.
const LOUD_FROM: u32 = 1;
/// From this level on the chime plays [`REPEATED`] times.
const REPEAT_FROM: u32 = 2;
const REPEATED: u32 = 3;
/// From this level on the hand-over screen is raised again.
const RAISE_FROM: u32 = 3;

/// How an alert at `level` is carried out: `(chimes, loud, raise)`.
pub fn insistence(level: u32) -> (u32, bool, bool) {
    let chimes = if level >= REPEAT_FROM { REPEATED } else { 1 };
    (chimes, level >= LOUD_FROM, level >= RAISE_FROM)
}

/// The level of the reminder after `minutes` of waiting, capped by the setting: one step a
/// minute.
pub fn level_after(minutes: u64, escalation: u32) -> u32 {
    u32::try_from(minutes).unwrap_or(u32::MAX).min(escalation)
}

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
    let mut level = 0;
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
        (Handover, Handover) if next.handover_ms / 60_000 > prev.handover_ms / 60_000 => {
            let minutes = next.handover_ms / 60_000;
            level = level_after(minutes, next.settings.escalation);
            (
                AlertKind::Overrun,
                format!("Still handing over ({minutes} min)"),
                pair(next),
            )
        }
        (Break, Handover) => (
            AlertKind::BreakOver,
            "The break is over".to_owned(),
            pair(next),
        ),
        _ => return None,
    };
    let (chimes, loud, raise) = insistence(level);
    Some(Alert {
        kind,
        title,
        body,
        sound: next.settings.sound,
        level,
        chimes,
        loud,
        raise,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Service;
    use mobflow_core::{Command, SettingsPatch, Timestamp};

    fn at(s: i64) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339("2026-11-27T09:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc)
            + chrono::Duration::seconds(s)
    }

    /// Ada and Bob, a 10-minute turn started at 0, with `patch` applied first.
    fn service(patch: SettingsPatch) -> Service {
        let store = mobflow_store::Store::open_in_memory().unwrap();
        let mut service = Service::with_store(store, at(0)).unwrap();
        for name in ["Ada", "Bob"] {
            service
                .execute(&Command::AddMember { name: name.into() }, at(0))
                .unwrap();
        }
        let settings = Command::UpdateSettings { patch };
        service.execute(&settings, at(0)).unwrap();
        service.execute(&Command::Start, at(0)).unwrap();
        service
    }

    /// What the alerts carry, in the order they come.
    type Seen = (i64, AlertKind, u32, u32, bool, bool);

    /// Steps the fake clock one second at a time, as the ticker does, from 0 to `until`, and
    /// collects every alert as `(second, kind, level, chimes, loud, raise)`.
    fn sequence(service: &mut Service, until: i64) -> Vec<Seen> {
        let mut seen = Vec::new();
        let mut prev = service.snapshot(at(0));
        for s in 1..=until {
            service.tick(at(s));
            let next = service.snapshot(at(s));
            if let Some(a) = between(&prev, &next) {
                seen.push((s, a.kind, a.level, a.chimes, a.loud, a.raise));
            }
            prev = next;
        }
        seen
    }

    #[test]
    fn alerts_fire_on_the_transitions_that_matter() {
        let mut service = service(SettingsPatch::default());
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
        assert_eq!(
            (over.level, over.chimes, over.loud, over.raise),
            (0, 1, false, false),
            "the end of the turn is the usual chime"
        );
        let d = snap(&mut service, 659);
        assert_eq!(between(&c, &d), None);
        let e = snap(&mut service, 661);
        assert_eq!(
            between(&d, &e).map(|a| a.kind),
            Some(AlertKind::Overrun),
            "every minute"
        );
    }

    #[test]
    fn the_reminder_grows_a_step_a_minute_up_to_the_setting() {
        use AlertKind::*;
        let mut full = service(SettingsPatch::default());
        assert_eq!(
            sequence(&mut full, 600 + 5 * 60),
            [
                (570, Warning, 0, 1, false, false),
                (600, TurnOver, 0, 1, false, false),
                (660, Overrun, 1, 1, true, false),
                (720, Overrun, 2, 3, true, false),
                (780, Overrun, 3, 3, true, true),
                (840, Overrun, 3, 3, true, true),
                (900, Overrun, 3, 3, true, true),
            ],
            "by default: louder after a minute, repeated after two, the hand-over raised again \
             every minute from three"
        );

        let patch = |escalation| SettingsPatch {
            escalation: Some(escalation),
            ..SettingsPatch::default()
        };
        let mut louder = service(patch(1));
        let levels: Vec<(i64, u32, u32, bool, bool)> = sequence(&mut louder, 600 + 4 * 60)
            .into_iter()
            .filter(|s| s.1 == Overrun)
            .map(|(s, _, level, chimes, loud, raise)| (s, level, chimes, loud, raise))
            .collect();
        assert_eq!(
            levels,
            [
                (660, 1, 1, true, false),
                (720, 1, 1, true, false),
                (780, 1, 1, true, false),
                (840, 1, 1, true, false)
            ],
            "escalation 1 stops at a louder chime"
        );

        let mut never = service(patch(0));
        assert!(
            sequence(&mut never, 600 + 4 * 60)
                .iter()
                .all(
                    |&(_, _, level, chimes, loud, raise)| (level, chimes, loud, raise)
                        == (0, 1, false, false)
                ),
            "escalation 0: every reminder is the usual chime"
        );
    }

    #[test]
    fn the_reminder_starts_over_with_each_hand_over() {
        let mut service = service(SettingsPatch::default());
        let first = sequence(&mut service, 600 + 3 * 60);
        assert_eq!(first.last().map(|s| s.2), Some(3), "three minutes waited");
        service.execute(&Command::Start, at(780)).unwrap();
        // The second turn ends at 1380; its hand-over is reminded from the first step again.
        let mut prev = service.snapshot(at(780));
        let mut levels = Vec::new();
        for s in 781..=1380 + 120 {
            service.tick(at(s));
            let next = service.snapshot(at(s));
            if let Some(a) = between(&prev, &next) {
                if a.kind == AlertKind::Overrun {
                    levels.push((s, a.level));
                }
            }
            prev = next;
        }
        assert_eq!(
            levels,
            [(1440, 1), (1500, 2)],
            "the waiting is counted from the new hand-over"
        );
    }
}
