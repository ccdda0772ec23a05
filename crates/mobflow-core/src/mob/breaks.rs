//! Break commands on the mob: start one, end it, skip a due one; when a break is due, and the
//! one way every break ends ([`Mob::end_break`]).

use super::Handled;
use crate::{millis_between, Command, CoreError, EndReason, Event, Mob, Phase, Record, Timestamp};

/// How a break comes to its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BreakEnd {
    /// Its time is up, or time away was counted as the break: not early.
    Over,
    /// The mob ended it: early when before its planned end.
    Ended,
    /// The mob skipped a due break.
    Skipped,
    /// The session ends during the break: recorded as ended early. The session's end sets the
    /// phase, and the break does not count as the last one for parked thoughts.
    SessionEnds,
}

impl Mob {
    /// Runs a break command: `None` when it is not one, else the records it made.
    pub(super) fn execute_breaks(&mut self, command: &Command, now: Timestamp) -> Handled {
        let mut records = Vec::new();
        match command {
            Command::StartBreak => self.take_break(now, &mut records)?,
            Command::EndBreak => match self.phase {
                Phase::Break { .. } => self.end_break(now, BreakEnd::Ended, &mut records),
                _ => return Err(self.wrong_state("end a break")),
            },
            Command::SkipBreak => match self.phase {
                Phase::Break { due: true, .. } => {
                    self.end_break(now, BreakEnd::Skipped, &mut records)
                }
                Phase::Break { due: false, .. } => {
                    return Err(CoreError::WrongState {
                        action: "skip this break",
                        state: "it was not due (end it instead)",
                    })
                }
                _ => return Err(self.wrong_state("skip a break")),
            },
            _ => return Ok(None),
        }
        Ok(Some(records))
    }

    /// A break now, asked for by the mob: a turn on ends first and the seats rotate.
    fn take_break(&mut self, now: Timestamp, records: &mut Vec<Record>) -> Result<(), CoreError> {
        if self.session.is_none() {
            return Err(CoreError::WrongState {
                action: "start a break",
                state: "no session is on",
            });
        }
        match self.phase {
            Phase::Running { .. } | Phase::Paused { .. } => {
                self.end_turn(now, EndReason::Break, records);
                self.rotate(now, records);
            }
            Phase::Handover { .. } | Phase::Idle => {}
            Phase::Break { .. } => return Err(self.wrong_state("start a break")),
        }
        let due = self.break_due();
        self.start_break(now, due, records);
        Ok(())
    }

    /// A break is due by mob time or by turns since the last one.
    pub(super) fn break_due(&self) -> bool {
        let by_time = self.settings.break_every_minutes > 0
            && self.mob_ms_since_break >= u64::from(self.settings.break_every_minutes) * 60_000;
        let by_turns = self.settings.break_every_turns > 0
            && self.turns_since_break >= self.settings.break_every_turns;
        by_time || by_turns
    }

    /// Starts a break at `at` for the settings' length; mob time and turns count from zero.
    pub(super) fn start_break(&mut self, at: Timestamp, due: bool, records: &mut Vec<Record>) {
        let until = at + self.settings.break_length();
        self.phase = Phase::Break {
            since: at,
            until,
            due,
        };
        self.mob_ms_since_break = 0;
        self.turns_since_break = 0;
        let event = Event::BreakStarted {
            due,
            planned_ms: millis_between(at, until),
            ends_at: until,
        };
        self.push(at, event, records);
    }

    /// Ends the break at `at` and records how; afterwards the hand-over waits for the next
    /// turn (unless the session is ending). Call it only during a break.
    pub(super) fn end_break(&mut self, at: Timestamp, how: BreakEnd, records: &mut Vec<Record>) {
        let Phase::Break { since, until, .. } = self.phase else {
            return;
        };
        let taken_ms = millis_between(since, at);
        let event = match how {
            BreakEnd::Skipped => Event::BreakSkipped,
            BreakEnd::Over => Event::BreakEnded {
                taken_ms,
                early: false,
            },
            BreakEnd::Ended => Event::BreakEnded {
                taken_ms,
                early: at < until,
            },
            BreakEnd::SessionEnds => Event::BreakEnded {
                taken_ms,
                early: true,
            },
        };
        self.push(at, event, records);
        if how != BreakEnd::SessionEnds {
            self.phase = Phase::Handover { since: at };
            self.last_break_end = Some(at);
        }
    }
}
