//! Time that did not pass normally: the app away (suspend, or not running) or the screen
//! locked waits for the mob to say what it was; a wall-clock jump moves the live deadlines with
//! it.

use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::{BreakEnd, Handled};
use crate::{
    millis_between, AwayChoice, Command, CoreError, EndReason, Event, Mob, Phase, Record, Timestamp,
};

/// Time away (suspend, or the app not running) shorter than this is just carried on.
pub const AWAY_THRESHOLD_MS: u64 = 2 * 60 * 1000;

/// A wall clock found this much (or less) behind the last instant the app was alive is
/// ordinary drift; further back, the clock was set back while the app was away.
pub const CLOCK_BACK_TOLERANCE_MS: u64 = 1000;

/// What kept the mob away, as far as the app can tell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AwayCause {
    /// The machine slept, or the app was not running.
    #[default]
    Asleep,
    /// The screen was locked.
    Locked,
}

/// A stretch of time the app was away, waiting for the mob to decide what it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwayGap {
    pub from: Timestamp,
    pub to: Timestamp,
    #[serde(default)]
    pub cause: AwayCause,
}

impl Mob {
    /// The app was away from `from` to `to` (suspend, or not running). Two minutes or more
    /// during a session wait for the mob's decision ([`Command::ResolveAway`]); the timer stands
    /// still at `from` meanwhile. Shorter gaps are ordinary time.
    ///
    /// A `to` before `from` means the wall clock was set back while the app was away: how long
    /// it was away is unknown, so it is treated like a long gap. The live deadlines move back
    /// with the clock (a `ClockJumped` record), keeping the time left they had at `from`, and
    /// during a session the mob is asked, with the timer standing still at `to`.
    ///
    /// While the screen is locked the timer already stands still, and the unlock asks.
    pub fn notice_gap(&mut self, from: Timestamp, to: Timestamp) -> Vec<Record> {
        if millis_between(to, from) > CLOCK_BACK_TOLERANCE_MS {
            return self.notice_clock_back(from, to);
        }
        if self.locked_since.is_some() {
            return Vec::new();
        }
        let mut records = self.advance(from);
        if self.away.is_none()
            && self.stands_still_when_away()
            && millis_between(from, to) >= AWAY_THRESHOLD_MS
        {
            self.away = Some(AwayGap {
                from,
                to,
                cause: AwayCause::Asleep,
            });
        } else {
            records.extend(self.advance(to));
        }
        records
    }

    /// The clock reads `to`, before `from`, the last instant the app was alive.
    fn notice_clock_back(&mut self, from: Timestamp, to: Timestamp) -> Vec<Record> {
        let mut records = self.advance(from);
        // A gap already waiting for a decision moves back with the clock.
        let waiting = self.away.is_some();
        records.extend(self.clock_jumped(to - from, to));
        // While the screen is locked the timer already stands still, and the unlock asks.
        if !waiting && self.locked_since.is_none() && self.stands_still_when_away() {
            self.away = Some(AwayGap {
                from: to,
                to,
                cause: AwayCause::Asleep,
            });
        }
        records
    }

    /// A session is on with a timer that time away would move: what a gap or a lock stops.
    fn stands_still_when_away(&self) -> bool {
        self.session.is_some() && !matches!(self.phase, Phase::Idle)
    }

    /// The screen was locked at `at`. During a session the timer stands still from then on, as
    /// it does while time away waits for a decision, until [`Mob::screen_unlocked`].
    pub fn screen_locked(&mut self, at: Timestamp) -> Vec<Record> {
        let records = self.advance(at);
        if self.locked_since.is_none() && self.away.is_none() && self.stands_still_when_away() {
            self.locked_since = Some(at);
        }
        records
    }

    /// The screen was unlocked at `now`. A lock of two minutes or more is time away from when
    /// it began and waits for the mob's decision, as a suspend does. A shorter one was a pause:
    /// the live deadlines move on by it, recorded as time away the mob resumed from.
    pub fn screen_unlocked(&mut self, now: Timestamp) -> Vec<Record> {
        let Some(from) = self.locked_since.take() else {
            return self.advance(now);
        };
        let from = from.min(now);
        let away_ms = millis_between(from, now);
        if away_ms >= AWAY_THRESHOLD_MS {
            self.away = Some(AwayGap {
                from,
                to: now,
                cause: AwayCause::Locked,
            });
            return Vec::new();
        }
        let mut records = Vec::new();
        if self.shift_live_times(now - from) {
            let choice = AwayChoice::Resume;
            let event = Event::TimeAway {
                from,
                away_ms,
                choice,
            };
            self.push(now, event, &mut records);
        }
        records.extend(self.advance(now));
        records
    }

    /// The wall clock jumped by `by` without the machine sleeping: live deadlines move with it
    /// so the time left is what it was.
    pub fn clock_jumped(&mut self, by: Duration, now: Timestamp) -> Vec<Record> {
        let mut records = Vec::new();
        if by.is_zero() {
            return records;
        }
        if let Some(gap) = &mut self.away {
            gap.from += by;
            gap.to += by;
        }
        if let Some(since) = &mut self.locked_since {
            *since += by;
        }
        let moved = self.shift_live_times(by);
        if moved {
            let by_ms = by.num_milliseconds();
            self.push(now, Event::ClockJumped { by_ms }, &mut records);
        }
        records
    }

    /// Runs the decision about time away: `None` for any other command, else the records it
    /// made.
    pub(super) fn execute_away(&mut self, command: &Command, now: Timestamp) -> Handled {
        let Command::ResolveAway { choice } = command else {
            return Ok(None);
        };
        let mut records = Vec::new();
        let gap = self.away.take().ok_or(CoreError::NoAwayPending)?;
        let session = self.session;
        match choice {
            AwayChoice::Resume => {
                self.shift_live_times(now - gap.from);
            }
            AwayChoice::Break => self.count_as_break(gap.from, now, &mut records),
            AwayChoice::EndSession => {
                if let Some(session) = self.session {
                    self.end_session(session, gap.from, &mut records);
                }
            }
        }
        // Recorded last: the decision is taken now, about what came before.
        records.push(Record {
            at: now,
            session,
            event: Event::TimeAway {
                from: gap.from,
                away_ms: millis_between(gap.from, now),
                choice: *choice,
            },
        });
        Ok(Some(records))
    }

    /// Time away from `from` to `now` was a break: a turn on ends (and the seats rotate) at
    /// `from`, a break runs from then (unless one was on) and ends now.
    fn count_as_break(&mut self, from: Timestamp, now: Timestamp, records: &mut Vec<Record>) {
        if self.phase.in_turn() {
            self.end_turn(from, EndReason::Away, records);
            self.rotate(from, records);
        }
        if !matches!(self.phase, Phase::Break { .. }) {
            let due = self.break_due();
            self.start_break(from, due, records);
        }
        self.end_break(now, BreakEnd::Over, records);
    }

    /// Moves the instants of a running turn, a hand-over or a break by `by`; `false` when
    /// nothing runs on the clock (idle or paused).
    fn shift_live_times(&mut self, by: Duration) -> bool {
        match &mut self.phase {
            Phase::Running {
                started_at,
                deadline,
            } => {
                *started_at += by;
                *deadline += by;
                if let Some(wait) = &mut self.tests.green_wait {
                    wait.since += by;
                    wait.until += by;
                }
            }
            Phase::Handover { since } => *since += by,
            Phase::Break { since, until, .. } => {
                *since += by;
                *until += by;
            }
            Phase::Idle | Phase::Paused { .. } => return false,
        }
        true
    }
}
