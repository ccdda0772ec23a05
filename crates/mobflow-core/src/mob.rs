//! The mob: its whole state, what can be read from it, and the two ways it changes — a
//! command ([`Mob::apply`]) and time passing ([`Mob::advance`]).
//!
//! Each family of commands has a file of its own in `mob/`, with an `execute_*` that says
//! whether the command is one of theirs and what it recorded: `roster` (members, away),
//! `settings`, `turns` (start, pause, rotate, skip, extend, end the session), `notes` (hand-over
//! note, mini-retro), `breaks`, `away` (time away, clock jumps), `board` (tasks and their
//! checklists) and `tests` (runs of the mob's test command, evidence on the checklist, the
//! hand-over at the next green). Who sits where is in `roles`, the timer's state in `phase`.

mod away;
mod board;
mod breaks;
mod notes;
mod phase;
mod roles;
mod roster;
mod settings;
mod tests;
mod turns;

use serde::{Deserialize, Serialize};

use crate::board::Board;
use crate::settings::Settings;
use crate::test_runs::TestStatus;
use crate::{
    millis_between, Command, CoreError, Event, MemberId, Person, Record, Roster, Timestamp,
};

use breaks::BreakEnd;

pub use away::{AwayCause, AwayGap, AWAY_THRESHOLD_MS, CLOCK_BACK_TOLERANCE_MS};
pub use notes::MAX_NOTE_CHARS;
pub use phase::Phase;
pub use turns::MAX_LEFT_MINUTES;

/// What a family of commands did with a command: `None` when it is not one of theirs, else
/// the records it made.
type Handled = Result<Option<Vec<Record>>, CoreError>;

/// The whole state of a mob: roster, settings, rotation, timer, breaks and board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mob {
    pub roster: Roster,
    #[serde(default)]
    pub settings: Settings,
    pub phase: Phase,
    /// Who drives (during a turn), or drives next.
    pub driver: Option<MemberId>,
    /// Who navigates: the next present member after the driver, unless skipped.
    pub navigator: Option<MemberId>,
    /// The session in progress, if any.
    pub session: Option<u64>,
    /// The highest session id handed out so far.
    pub last_session: u64,
    /// Turns started in the current session.
    pub turn: u32,
    /// Running time of the current turn before its current stretch.
    #[serde(default)]
    pub turn_active_ms: u64,
    /// Mob time (turns running) since the last break.
    #[serde(default)]
    pub mob_ms_since_break: u64,
    #[serde(default)]
    pub turns_since_break: u32,
    /// Turns since the last mini-retro prompt.
    #[serde(default)]
    pub cycle_turns: u32,
    /// A full cycle is over: offer a mini-retro.
    #[serde(default)]
    pub retro_prompt: bool,
    /// The next step noted for the new driver.
    #[serde(default)]
    pub handover_note: Option<String>,
    /// The navigator of the turn that just ended (who writes the note).
    #[serde(default)]
    pub last_navigator: Option<MemberId>,
    /// When the last break ended (or was skipped): thoughts parked since then are triaged at
    /// the next break.
    #[serde(default)]
    pub last_break_end: Option<Timestamp>,
    /// Time away waiting for a decision; the timer stands still meanwhile.
    #[serde(default)]
    pub away: Option<AwayGap>,
    /// The screen has been locked since then (during a session); the timer stands still.
    #[serde(default)]
    pub locked_since: Option<Timestamp>,
    /// The focus board and its checklists.
    #[serde(default)]
    pub board: Board,
    /// The mob's tests: the last run, the one going on, a turn waiting for green.
    #[serde(default)]
    pub tests: TestStatus,
}

impl Default for Mob {
    fn default() -> Self {
        Mob {
            roster: Roster::default(),
            settings: Settings::default(),
            phase: Phase::Idle,
            driver: None,
            navigator: None,
            session: None,
            last_session: 0,
            turn: 0,
            turn_active_ms: 0,
            mob_ms_since_break: 0,
            turns_since_break: 0,
            cycle_turns: 0,
            retro_prompt: false,
            handover_note: None,
            last_navigator: None,
            last_break_end: None,
            away: None,
            locked_since: None,
            board: Board::default(),
            tests: TestStatus::default(),
        }
    }
}

impl Mob {
    pub fn person(&self, id: Option<MemberId>) -> Option<Person> {
        let member = self.roster.get(id?)?;
        Some(Person {
            id: member.id,
            name: member.name.clone(),
        })
    }

    /// The instant the timer is shown at: `now`, or the start of a pending time away or of a
    /// screen lock.
    fn shown_at(&self, now: Timestamp) -> Timestamp {
        let still = self.away.map(|gap| gap.from).or(self.locked_since);
        still.map_or(now, |from| from.min(now))
    }

    /// Time left in the turn at `now` (zero unless running or paused).
    pub fn remaining_ms(&self, now: Timestamp) -> u64 {
        match &self.phase {
            Phase::Running { deadline, .. } => millis_between(self.shown_at(now), *deadline),
            Phase::Paused { remaining_ms } => *remaining_ms,
            _ => 0,
        }
    }

    /// How long the hand-over has been waiting for the next turn (the overrun).
    pub fn handover_ms(&self, now: Timestamp) -> u64 {
        match &self.phase {
            Phase::Handover { since } => millis_between(*since, self.shown_at(now)),
            _ => 0,
        }
    }

    /// Time left in the break.
    pub fn break_left_ms(&self, now: Timestamp) -> u64 {
        match &self.phase {
            Phase::Break { until, .. } => millis_between(self.shown_at(now), *until),
            _ => 0,
        }
    }

    /// Mob time so far since the last break, including the running stretch.
    pub fn mob_ms(&self, now: Timestamp) -> u64 {
        let running = match &self.phase {
            Phase::Running { started_at, .. } => millis_between(*started_at, self.shown_at(now)),
            _ => 0,
        };
        self.mob_ms_since_break + self.turn_active_ms + running
    }

    /// How long until a break is due by mob time (`None` when breaks by time are off).
    pub fn break_due_in_ms(&self, now: Timestamp) -> Option<u64> {
        let every = u64::from(self.settings.break_every_minutes) * 60_000;
        (every > 0).then(|| every.saturating_sub(self.mob_ms(now)))
    }

    /// The extra roles and who holds them: role k goes to the (k+1)-th present member after
    /// the navigator, passing over the driver; nobody when the mob is too small. Derived, so it
    /// rotates with the driver.
    pub fn role_holders(&self) -> Vec<(String, Option<MemberId>)> {
        let mut taken: Vec<MemberId> = self.driver.into_iter().chain(self.navigator).collect();
        let mut cursor = self.navigator.or(self.driver);
        self.settings
            .roles
            .iter()
            .map(|role| {
                let holder = cursor
                    .and_then(|c| {
                        let mut next = self.roster.next_present(c)?;
                        while Some(next) == self.driver && !taken.contains(&next) {
                            next = self.roster.next_present(next)?;
                        }
                        Some(next)
                    })
                    .filter(|n| !taken.contains(n));
                if let Some(h) = holder {
                    taken.push(h);
                    cursor = Some(h);
                }
                (role.clone(), holder)
            })
            .collect()
    }

    /// Brings the state up to `now`: a turn whose deadline passed ends at its deadline and the
    /// mob rotates into the hand-over (or a due break) — unless it waits for a green run
    /// ([`Mob::time_up`]); a break that is over ends; with auto-start, the hand-over starts the
    /// next turn after its grace period. Idempotent. While time away waits for a decision, or
    /// the screen is locked, nothing moves.
    pub fn advance(&mut self, now: Timestamp) -> Vec<Record> {
        let mut records = Vec::new();
        if self.away.is_some() || self.locked_since.is_some() {
            return records;
        }
        // Each step moves time forward, so this ends; the bound is a guard against a bug.
        for _ in 0..64 {
            match self.phase {
                Phase::Running { deadline, .. } if now >= deadline => {
                    if !self.time_up(deadline, now, &mut records) {
                        break;
                    }
                }
                Phase::Break { until, .. } if now >= until => {
                    self.end_break(until, BreakEnd::Over, &mut records);
                }
                Phase::Handover { since }
                    if self.settings.auto_start
                        && !self.retro_prompt
                        && now >= since + self.settings.grace() =>
                {
                    let at = since + self.settings.grace();
                    if self.start_turn(at, &mut records).is_err() {
                        break;
                    }
                }
                _ => break,
            }
        }
        records
    }

    /// Applies a command at `now`. On error nothing changed; on success returns the events.
    pub fn apply(&mut self, command: &Command, now: Timestamp) -> Result<Vec<Record>, CoreError> {
        let mut next = self.clone();
        // A timer command means someone is at the machine: a screen lock whose end went
        // unnoticed is over (a long one then waits for the decision, and the command with it).
        let mut records = if command.changes_timer() {
            next.screen_unlocked(now)
        } else {
            next.advance(now)
        };
        next.execute(command, now, &mut records)?;
        *self = next;
        Ok(records)
    }

    /// Hands the command to the family of commands it belongs to.
    fn execute(
        &mut self,
        command: &Command,
        now: Timestamp,
        records: &mut Vec<Record>,
    ) -> Result<(), CoreError> {
        if command.changes_timer() && self.away.is_some() {
            return Err(CoreError::AwayPending);
        }
        let families: [fn(&mut Mob, &Command, Timestamp) -> Handled; 9] = [
            Mob::execute_roster,
            Mob::execute_settings,
            Mob::execute_turns,
            Mob::execute_notes,
            Mob::execute_breaks,
            Mob::execute_away,
            Mob::execute_tasks,
            Mob::execute_checklist,
            Mob::execute_tests,
        ];
        for execute in families {
            if let Some(mut made) = execute(self, command, now)? {
                records.append(&mut made);
                return Ok(());
            }
        }
        // Every command belongs to a family; one left out is a bug, refused rather than a panic.
        debug_assert!(false, "no family handles {}", command.name());
        Err(CoreError::WrongState {
            action: command.name(),
            state: "no part of the mob handles it",
        })
    }

    /// `event` at `at`, as the records a family made.
    fn made(&self, at: Timestamp, event: Event) -> Vec<Record> {
        let mut records = Vec::new();
        self.push(at, event, &mut records);
        records
    }

    pub(crate) fn push(&self, at: Timestamp, event: Event, records: &mut Vec<Record>) {
        records.push(Record {
            at,
            session: self.session,
            event,
        });
    }

    fn wrong_state(&self, action: &'static str) -> CoreError {
        CoreError::WrongState {
            action,
            state: self.phase.describe(),
        }
    }
}
