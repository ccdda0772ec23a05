//! Turn commands on the mob: start, pause, resume, rotate now, skip the navigator, extend, end
//! the session; and how a turn starts and ends, whoever asks (a command or the deadline).

use chrono::Duration;

use super::{BreakEnd, Handled};
use crate::settings::MAX_TURN_MINUTES;
use crate::{millis_between, Command, CoreError, EndReason, Event, Mob, Phase, Record, Timestamp};

/// The most time a turn can have left after extensions, in minutes: extending is bounded.
pub const MAX_LEFT_MINUTES: u32 = 2 * MAX_TURN_MINUTES;

impl Mob {
    /// Runs a turn command: `None` when it is not one, else the records it made.
    pub(super) fn execute_turns(&mut self, command: &Command, now: Timestamp) -> Handled {
        let mut records = Vec::new();
        match command {
            Command::Start => match self.phase {
                Phase::Idle | Phase::Handover { .. } => self.start_turn(now, &mut records)?,
                _ => return Err(self.wrong_state("start a turn")),
            },
            Command::Pause => self.pause(now, &mut records)?,
            Command::Resume => self.resume(now, &mut records)?,
            Command::Next => self.next(now, &mut records)?,
            Command::Skip => self.skip(now, &mut records)?,
            Command::Extend { minutes } => self.extend(*minutes, now, &mut records)?,
            Command::EndSession => {
                let Some(session) = self.session else {
                    return Err(CoreError::WrongState {
                        action: "end the session",
                        state: "no session is on",
                    });
                };
                self.end_session(session, now, &mut records);
            }
            _ => return Ok(None),
        }
        Ok(Some(records))
    }

    fn pause(&mut self, now: Timestamp, records: &mut Vec<Record>) -> Result<(), CoreError> {
        let Phase::Running {
            started_at,
            deadline,
        } = self.phase
        else {
            return Err(self.wrong_state("pause"));
        };
        self.turn_active_ms += millis_between(started_at, now);
        // A turn waiting for green that pauses waits afresh (a whole grace) after it resumes.
        self.tests.green_wait = None;
        let remaining_ms = millis_between(now, deadline);
        self.phase = Phase::Paused { remaining_ms };
        let turn = self.turn;
        self.push(now, Event::TurnPaused { turn, remaining_ms }, records);
        Ok(())
    }

    fn resume(&mut self, now: Timestamp, records: &mut Vec<Record>) -> Result<(), CoreError> {
        let Phase::Paused { remaining_ms } = self.phase else {
            return Err(self.wrong_state("resume"));
        };
        let deadline = now + Duration::milliseconds(remaining_ms as i64);
        self.phase = Phase::Running {
            started_at: now,
            deadline,
        };
        let turn = self.turn;
        self.push(now, Event::TurnResumed { turn, deadline }, records);
        Ok(())
    }

    /// Rotate now: a turn ends early; the hand-over starts the next turn; when idle, the
    /// seats rotate.
    fn next(&mut self, now: Timestamp, records: &mut Vec<Record>) -> Result<(), CoreError> {
        match self.phase {
            Phase::Running { .. } | Phase::Paused { .. } => {
                self.finish_turn(now, EndReason::RotatedEarly, records);
            }
            Phase::Handover { .. } => self.start_turn(now, records)?,
            Phase::Idle => {
                if self.roster.present_count() < 2 {
                    return Err(CoreError::NoOneToSkipTo("add a second member to rotate."));
                }
                self.rotate(now, records);
            }
            Phase::Break { .. } => return Err(self.wrong_state("rotate")),
        }
        Ok(())
    }

    /// Adds `minutes` (the settings' amount when not given) to the running or paused turn, as
    /// long as the turn then has at most [`MAX_LEFT_MINUTES`] left.
    fn extend(
        &mut self,
        minutes: Option<u32>,
        now: Timestamp,
        records: &mut Vec<Record>,
    ) -> Result<(), CoreError> {
        let by = match minutes {
            Some(m) if (1..=MAX_TURN_MINUTES).contains(&m) => Duration::minutes(i64::from(m)),
            Some(m) => {
                return Err(CoreError::BadSetting {
                    what: "extension (minutes)",
                    got: m,
                    min: 1,
                    max: MAX_TURN_MINUTES,
                    zero_ok: false,
                })
            }
            None => self.settings.extend(),
        };
        let by_ms = by.num_milliseconds().unsigned_abs();
        let left_ms = match self.phase {
            Phase::Running { .. } | Phase::Paused { .. } => self.remaining_ms(now),
            _ => return Err(self.wrong_state("extend the turn")),
        };
        let would_ms = left_ms.saturating_add(by_ms);
        if would_ms > u64::from(MAX_LEFT_MINUTES) * 60_000 {
            return Err(CoreError::ExtendTooFar {
                would: would_ms.div_ceil(60_000),
                max: MAX_LEFT_MINUTES,
            });
        }
        // More time: a turn waiting for green gets it from now, and stops waiting.
        let waiting = self.tests.green_wait.take().is_some();
        match &mut self.phase {
            Phase::Running { deadline, .. } => {
                if waiting {
                    *deadline = (*deadline).max(now);
                }
                *deadline += by;
            }
            Phase::Paused { remaining_ms } => *remaining_ms += by_ms,
            _ => return Err(self.wrong_state("extend the turn")),
        }
        let event = Event::TurnExtended {
            turn: self.turn,
            by_ms: by.num_milliseconds() as u64,
        };
        self.push(now, event, records);
        Ok(())
    }

    /// Starts a turn (and a session, when none is on) with the driver in their seat.
    pub(super) fn start_turn(
        &mut self,
        now: Timestamp,
        records: &mut Vec<Record>,
    ) -> Result<(), CoreError> {
        if self.roster.is_empty() {
            return Err(CoreError::EmptyRoster);
        }
        if self.roster.present_count() == 0 {
            return Err(CoreError::NobodyPresent);
        }
        if self.session.is_none() {
            self.last_session += 1;
            self.session = Some(self.last_session);
            self.turn = 0;
            let session = self.last_session;
            self.push(now, Event::SessionStarted { session }, records);
        }
        self.reset_roles();
        self.turn += 1;
        self.turn_active_ms = 0;
        self.handover_note = None;
        self.retro_prompt = false;
        let deadline = now + self.settings.turn();
        self.phase = Phase::Running {
            started_at: now,
            deadline,
        };
        let event = Event::TurnStarted {
            turn: self.turn,
            driver: self.person(self.driver).expect("someone is present"),
            navigator: self.person(self.navigator),
            deadline,
        };
        self.push(now, event, records);
        Ok(())
    }

    /// Ends the turn at `at`, rotates, and goes to the hand-over or, when one is due, a break.
    pub(super) fn finish_turn(
        &mut self,
        at: Timestamp,
        reason: EndReason,
        records: &mut Vec<Record>,
    ) {
        self.end_turn(at, reason, records);
        self.rotate(at, records);
        if self.break_due() {
            self.start_break(at, true, records);
        } else {
            self.phase = Phase::Handover { since: at };
        }
    }

    /// Ends the turn at `at` and counts it: mob time, turns since the break, the cycle (a full
    /// one offers a mini-retro). The seats stay; the caller rotates or not.
    pub(super) fn end_turn(&mut self, at: Timestamp, reason: EndReason, records: &mut Vec<Record>) {
        if let Phase::Running { started_at, .. } = self.phase {
            self.turn_active_ms += millis_between(started_at, at);
        }
        self.mob_ms_since_break += self.turn_active_ms;
        self.turn_active_ms = 0;
        self.turns_since_break += 1;
        self.tests.green_wait = None;
        self.last_navigator = self.navigator;
        self.cycle_turns += 1;
        let present = self.roster.present_count() as u32;
        if present >= 2 && self.cycle_turns >= present {
            self.cycle_turns = 0;
            self.retro_prompt = self.settings.mini_retro;
        }
        let event = Event::TurnEnded {
            turn: self.turn,
            driver: self.person(self.driver),
            reason,
        };
        self.push(at, event, records);
    }

    /// Ends the session at `at`: a turn or a break on ends with it, the done tasks are archived
    /// to history, and the mob goes idle.
    pub(super) fn end_session(&mut self, session: u64, at: Timestamp, records: &mut Vec<Record>) {
        if self.phase.in_turn() {
            self.end_turn(at, EndReason::SessionEnded, records);
        }
        if let Phase::Break { .. } = self.phase {
            self.end_break(at, BreakEnd::SessionEnds, records);
        }
        self.archive_done_tasks(0, at, records);
        let turns = self.turn;
        self.push(at, Event::SessionEnded { session, turns }, records);
        self.phase = Phase::Idle;
        self.session = None;
        self.turn = 0;
        self.turn_active_ms = 0;
        self.cycle_turns = 0;
        self.retro_prompt = false;
        self.handover_note = None;
    }
}
