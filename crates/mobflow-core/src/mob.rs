//! The rotation and timer state machine.

use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::board::Board;
use crate::settings::{Settings, MAX_TURN_MINUTES, MIN_TURN_MINUTES};
use crate::{
    millis_between, AwayChoice, Command, CoreError, EndReason, Event, MemberId, Person, Record,
    Roster, Timestamp,
};

/// Time away (suspend, or the app not running) shorter than this is just carried on.
pub const AWAY_THRESHOLD_MS: u64 = 2 * 60 * 1000;
/// The longest hand-over note, in characters.
pub const MAX_NOTE_CHARS: usize = 200;

/// Where the turn timer is. Deadlines are wall-clock instants: remaining time is always
/// `deadline - now`, never a counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Phase {
    Idle,
    Running {
        /// When this stretch of running began (the turn's start, or its last resume).
        started_at: Timestamp,
        deadline: Timestamp,
    },
    Paused {
        remaining_ms: u64,
    },
    /// The turn is over; the mob swaps seats and someone starts the next turn.
    Handover {
        since: Timestamp,
    },
    /// A break; afterwards the hand-over waits for the next turn.
    Break {
        since: Timestamp,
        until: Timestamp,
        /// The break was due, not taken early.
        due: bool,
    },
}

impl Phase {
    pub fn name(&self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::Running { .. } => "running",
            Phase::Paused { .. } => "paused",
            Phase::Handover { .. } => "handover",
            Phase::Break { .. } => "break",
        }
    }

    fn describe(&self) -> &'static str {
        match self {
            Phase::Idle => "no turn is on",
            Phase::Running { .. } => "a turn is running",
            Phase::Paused { .. } => "the turn is paused",
            Phase::Handover { .. } => "handing over",
            Phase::Break { .. } => "on a break",
        }
    }

    fn in_turn(&self) -> bool {
        matches!(self, Phase::Running { .. } | Phase::Paused { .. })
    }
}

/// A stretch of time the app was away, waiting for the mob to decide what it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwayGap {
    pub from: Timestamp,
    pub to: Timestamp,
}

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
    /// The focus board and its checklists.
    #[serde(default)]
    pub board: Board,
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
            board: Board::default(),
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

    /// The instant the timer is shown at: `now`, or the start of a pending time away.
    fn shown_at(&self, now: Timestamp) -> Timestamp {
        self.away.map_or(now, |gap| gap.from.min(now))
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

    fn break_due(&self) -> bool {
        let by_time = self.settings.break_every_minutes > 0
            && self.mob_ms_since_break >= u64::from(self.settings.break_every_minutes) * 60_000;
        let by_turns = self.settings.break_every_turns > 0
            && self.turns_since_break >= self.settings.break_every_turns;
        by_time || by_turns
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
    /// mob rotates into the hand-over (or a due break); a break that is over ends; with
    /// auto-start, the hand-over starts the next turn after its grace period. Idempotent.
    /// While time away waits for a decision, nothing moves.
    pub fn advance(&mut self, now: Timestamp) -> Vec<Record> {
        let mut records = Vec::new();
        if self.away.is_some() {
            return records;
        }
        // Each step moves time forward, so this ends; the bound is a guard against a bug.
        for _ in 0..64 {
            match self.phase {
                Phase::Running { deadline, .. } if now >= deadline => {
                    self.finish_turn(deadline, EndReason::TimeUp, &mut records);
                }
                Phase::Break { until, .. } if now >= until => {
                    let taken_ms = self.break_taken_ms(until);
                    self.push(
                        until,
                        Event::BreakEnded {
                            taken_ms,
                            early: false,
                        },
                        &mut records,
                    );
                    self.phase = Phase::Handover { since: until };
                    self.last_break_end = Some(until);
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

    /// The app was away from `from` to `to` (suspend, or not running). Two minutes or more
    /// during a session wait for the mob's decision ([`Command::ResolveAway`]); the timer stands
    /// still at `from` meanwhile. Shorter gaps are ordinary time.
    pub fn notice_gap(&mut self, from: Timestamp, to: Timestamp) -> Vec<Record> {
        let mut records = self.advance(from);
        if self.away.is_none()
            && self.session.is_some()
            && !matches!(self.phase, Phase::Idle)
            && millis_between(from, to) >= AWAY_THRESHOLD_MS
        {
            self.away = Some(AwayGap { from, to });
        } else {
            records.extend(self.advance(to));
        }
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
        let moved = self.shift_live_times(by);
        if moved {
            self.push(
                now,
                Event::ClockJumped {
                    by_ms: by.num_milliseconds(),
                },
                &mut records,
            );
        }
        records
    }

    fn shift_live_times(&mut self, by: Duration) -> bool {
        match &mut self.phase {
            Phase::Running {
                started_at,
                deadline,
            } => {
                *started_at += by;
                *deadline += by;
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

    /// Applies a command at `now`. On error nothing changed; on success returns the events.
    pub fn apply(&mut self, command: &Command, now: Timestamp) -> Result<Vec<Record>, CoreError> {
        let mut next = self.clone();
        let mut records = next.advance(now);
        next.execute(command, now, &mut records)?;
        *self = next;
        Ok(records)
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

    fn execute(
        &mut self,
        command: &Command,
        now: Timestamp,
        records: &mut Vec<Record>,
    ) -> Result<(), CoreError> {
        if let Command::ResolveAway { choice } = command {
            return self.resolve_away(*choice, now, records);
        }
        let changes_timer = matches!(
            command,
            Command::Start
                | Command::Pause
                | Command::Resume
                | Command::Next
                | Command::Extend { .. }
                | Command::StartBreak
                | Command::EndBreak
                | Command::SkipBreak
                | Command::EndSession
        );
        if changes_timer && self.away.is_some() {
            return Err(CoreError::AwayPending);
        }
        if let Some(event) = self.execute_board(command, now)? {
            self.push(now, event, records);
            return Ok(());
        }
        match command {
            Command::AddMember { name } => {
                let member = self.roster.add(name)?;
                let person = Person {
                    id: member.id,
                    name: member.name.clone(),
                };
                self.push(now, Event::MemberAdded { member: person }, records);
                self.reset_roles();
            }
            Command::RenameMember { member, name } => {
                let id = self.roster.resolve(member)?;
                let from = self.roster.rename(id, name)?;
                let to = self.person(Some(id)).map(|p| p.name).unwrap_or_default();
                if from != to {
                    self.push(
                        now,
                        Event::MemberRenamed {
                            member: id,
                            from,
                            to,
                        },
                        records,
                    );
                }
            }
            Command::RemoveMember { member } => {
                let id = self.roster.resolve(member)?;
                if self.roster.is_present(id) {
                    self.check_can_lose_present(CoreError::LastMemberInTurn)?;
                }
                let person = self.person(Some(id)).expect("resolved above");
                self.hand_off_roles_of(id);
                self.roster.remove(id)?;
                self.push(now, Event::MemberRemoved { member: person }, records);
                self.reset_roles();
            }
            Command::SetAway { member, away } => {
                let id = self.roster.resolve(member)?;
                if *away && self.roster.is_present(id) {
                    self.check_can_lose_present(CoreError::LastPresentInTurn)?;
                    self.hand_off_roles_of(id);
                }
                if self.roster.set_away(id, *away)? {
                    let person = self.person(Some(id)).expect("resolved above");
                    let event = if *away {
                        Event::MemberAway { member: person }
                    } else {
                        Event::MemberBack { member: person }
                    };
                    self.push(now, event, records);
                    self.reset_roles();
                }
            }
            Command::MoveMember { member, to } => {
                let id = self.roster.resolve(member)?;
                let to = *to as usize;
                let from = self.roster.move_to(id, to)?;
                if from != to {
                    let person = self.person(Some(id)).expect("resolved above");
                    let event = Event::MemberMoved {
                        member: person,
                        from: from as u32,
                        to: to as u32,
                    };
                    self.push(now, event, records);
                    self.reset_navigator();
                }
            }
            Command::SetTurnLength { minutes } => {
                if !(MIN_TURN_MINUTES..=MAX_TURN_MINUTES).contains(minutes) {
                    return Err(CoreError::BadTurnLength {
                        got: *minutes,
                        min: MIN_TURN_MINUTES,
                        max: MAX_TURN_MINUTES,
                    });
                }
                if self.settings.turn_minutes != *minutes {
                    self.settings.turn_minutes = *minutes;
                    self.push(now, Event::TurnLengthSet { minutes: *minutes }, records);
                }
            }
            Command::UpdateSettings { patch } => {
                let settings = self.settings.patched(patch)?;
                if settings != self.settings {
                    self.settings = settings.clone();
                    self.push(now, Event::SettingsChanged { settings }, records);
                }
            }
            Command::Start => match self.phase {
                Phase::Idle | Phase::Handover { .. } => self.start_turn(now, records)?,
                _ => return Err(self.wrong_state("start a turn")),
            },
            Command::Pause => match self.phase {
                Phase::Running {
                    started_at,
                    deadline,
                } => {
                    self.turn_active_ms += millis_between(started_at, now);
                    let remaining_ms = millis_between(now, deadline);
                    self.phase = Phase::Paused { remaining_ms };
                    let turn = self.turn;
                    self.push(now, Event::TurnPaused { turn, remaining_ms }, records);
                }
                _ => return Err(self.wrong_state("pause")),
            },
            Command::Resume => match self.phase {
                Phase::Paused { remaining_ms } => {
                    let deadline = now + Duration::milliseconds(remaining_ms as i64);
                    self.phase = Phase::Running {
                        started_at: now,
                        deadline,
                    };
                    let turn = self.turn;
                    self.push(now, Event::TurnResumed { turn, deadline }, records);
                }
                _ => return Err(self.wrong_state("resume")),
            },
            Command::Next => match self.phase {
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
            },
            Command::Skip => self.skip(now, records)?,
            Command::Extend { minutes } => {
                let by = match minutes {
                    Some(m) if (1..=MAX_TURN_MINUTES).contains(m) => {
                        Duration::minutes(i64::from(*m))
                    }
                    Some(m) => {
                        return Err(CoreError::BadSetting {
                            what: "extension (minutes)",
                            got: *m,
                            min: 1,
                            max: MAX_TURN_MINUTES,
                            zero_ok: false,
                        })
                    }
                    None => self.settings.extend(),
                };
                match &mut self.phase {
                    Phase::Running { deadline, .. } => *deadline += by,
                    Phase::Paused { remaining_ms } => {
                        *remaining_ms += by.num_milliseconds() as u64;
                    }
                    _ => return Err(self.wrong_state("extend the turn")),
                }
                let event = Event::TurnExtended {
                    turn: self.turn,
                    by_ms: by.num_milliseconds() as u64,
                };
                self.push(now, event, records);
            }
            Command::StartBreak => {
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
            }
            Command::EndBreak => match self.phase {
                Phase::Break { until, .. } => {
                    let taken_ms = self.break_taken_ms(now);
                    let early = now < until;
                    self.push(now, Event::BreakEnded { taken_ms, early }, records);
                    self.phase = Phase::Handover { since: now };
                    self.last_break_end = Some(now);
                }
                _ => return Err(self.wrong_state("end a break")),
            },
            Command::SkipBreak => match self.phase {
                Phase::Break { due: true, .. } => {
                    self.push(now, Event::BreakSkipped, records);
                    self.phase = Phase::Handover { since: now };
                    self.last_break_end = Some(now);
                }
                Phase::Break { due: false, .. } => {
                    return Err(CoreError::WrongState {
                        action: "skip this break",
                        state: "it was not due (end it instead)",
                    })
                }
                _ => return Err(self.wrong_state("skip a break")),
            },
            Command::SetHandoverNote { text } => {
                if !matches!(self.phase, Phase::Handover { .. } | Phase::Running { .. }) {
                    return Err(self.wrong_state("leave a note for the next driver"));
                }
                let text = text.trim();
                let len = text.chars().count();
                if len > MAX_NOTE_CHARS {
                    return Err(CoreError::NoteTooLong {
                        len,
                        max: MAX_NOTE_CHARS,
                    });
                }
                if text.chars().any(char::is_control) {
                    return Err(CoreError::NameHasControlChars);
                }
                let note = (!text.is_empty()).then(|| text.to_owned());
                if note != self.handover_note {
                    self.handover_note = note;
                    if !text.is_empty() {
                        let event = Event::HandoverNote {
                            text: text.to_owned(),
                            from: self.person(self.last_navigator),
                            to: self.person(self.driver),
                        };
                        self.push(now, event, records);
                    }
                }
            }
            Command::MiniRetro { text } => {
                if !self.retro_prompt {
                    return Err(CoreError::WrongState {
                        action: "save a mini-retro",
                        state: "no cycle has just ended",
                    });
                }
                let text = text.as_deref().map(str::trim).unwrap_or_default();
                if text.chars().count() > MAX_NOTE_CHARS {
                    return Err(CoreError::NoteTooLong {
                        len: text.chars().count(),
                        max: MAX_NOTE_CHARS,
                    });
                }
                self.retro_prompt = false;
                if !text.is_empty() {
                    let text = text.to_owned();
                    self.push(now, Event::MiniRetro { text }, records);
                }
            }
            Command::EndSession => {
                let Some(session) = self.session else {
                    return Err(CoreError::WrongState {
                        action: "end the session",
                        state: "no session is on",
                    });
                };
                self.end_session(session, now, records);
            }
            Command::ResolveAway { .. } => unreachable!("handled above"),
            _ => unreachable!("board commands are handled by execute_board"),
        }
        Ok(())
    }

    fn end_session(&mut self, session: u64, at: Timestamp, records: &mut Vec<Record>) {
        if self.phase.in_turn() {
            self.end_turn(at, EndReason::SessionEnded, records);
        }
        if let Phase::Break { .. } = self.phase {
            let taken_ms = self.break_taken_ms(at);
            self.push(
                at,
                Event::BreakEnded {
                    taken_ms,
                    early: true,
                },
                records,
            );
        }
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

    fn resolve_away(
        &mut self,
        choice: AwayChoice,
        now: Timestamp,
        records: &mut Vec<Record>,
    ) -> Result<(), CoreError> {
        let gap = self.away.take().ok_or(CoreError::NoAwayPending)?;
        let away_ms = millis_between(gap.from, now);
        let session = self.session;
        match choice {
            AwayChoice::Resume => {
                self.shift_live_times(now - gap.from);
            }
            AwayChoice::Break => {
                if self.phase.in_turn() {
                    self.end_turn(gap.from, EndReason::Away, records);
                    self.rotate(gap.from, records);
                }
                if !matches!(self.phase, Phase::Break { .. }) {
                    let due = self.break_due();
                    self.start_break(gap.from, due, records);
                }
                let taken_ms = self.break_taken_ms(now);
                self.push(
                    now,
                    Event::BreakEnded {
                        taken_ms,
                        early: false,
                    },
                    records,
                );
                self.phase = Phase::Handover { since: now };
                self.last_break_end = Some(now);
            }
            AwayChoice::EndSession => {
                if let Some(session) = self.session {
                    self.end_session(session, gap.from, records);
                }
            }
        }
        // Recorded last: the decision is taken now, about what came before.
        records.push(Record {
            at: now,
            session,
            event: Event::TimeAway {
                from: gap.from,
                away_ms,
                choice,
            },
        });
        Ok(())
    }

    fn break_taken_ms(&self, at: Timestamp) -> u64 {
        match self.phase {
            Phase::Break { since, .. } => millis_between(since, at),
            _ => 0,
        }
    }

    fn start_break(&mut self, at: Timestamp, due: bool, records: &mut Vec<Record>) {
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

    /// Refuses to lose the last present member while a turn (or break) is on.
    fn check_can_lose_present(&self, error: CoreError) -> Result<(), CoreError> {
        if !matches!(self.phase, Phase::Idle) && self.roster.present_count() <= 1 {
            return Err(error);
        }
        Ok(())
    }

    /// Before `id` leaves (removed or away): the navigator takes over a leaving driver.
    fn hand_off_roles_of(&mut self, id: MemberId) {
        if self.driver == Some(id) {
            self.driver = self
                .navigator
                .filter(|n| *n != id)
                .or_else(|| self.roster.next_present(id).filter(|n| *n != id));
        }
    }

    fn skip(&mut self, now: Timestamp, records: &mut Vec<Record>) -> Result<(), CoreError> {
        let (Some(driver), Some(navigator)) = (self.driver, self.navigator) else {
            return Err(CoreError::NoOneToSkipTo("add members to skip."));
        };
        // The present member after the navigator, passing over the driver.
        let next = self
            .roster
            .next_present(navigator)
            .and_then(|n| {
                if n == driver {
                    self.roster.next_present(n)
                } else {
                    Some(n)
                }
            })
            .filter(|n| *n != navigator && *n != driver)
            .ok_or(CoreError::NoOneToSkipTo(
                "with two present members the other one always navigates.",
            ))?;
        let skipped = self.person(Some(navigator)).expect("navigator in roster");
        self.navigator = Some(next);
        let navigator = self
            .person(Some(next))
            .expect("next_present() is in roster");
        self.push(now, Event::NavigatorSkipped { skipped, navigator }, records);
        Ok(())
    }

    fn start_turn(&mut self, now: Timestamp, records: &mut Vec<Record>) -> Result<(), CoreError> {
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
    fn finish_turn(&mut self, at: Timestamp, reason: EndReason, records: &mut Vec<Record>) {
        self.end_turn(at, reason, records);
        self.rotate(at, records);
        if self.break_due() {
            self.start_break(at, true, records);
        } else {
            self.phase = Phase::Handover { since: at };
        }
    }

    fn end_turn(&mut self, at: Timestamp, reason: EndReason, records: &mut Vec<Record>) {
        if let Phase::Running { started_at, .. } = self.phase {
            self.turn_active_ms += millis_between(started_at, at);
        }
        self.mob_ms_since_break += self.turn_active_ms;
        self.turn_active_ms = 0;
        self.turns_since_break += 1;
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

    /// The navigator takes the keyboard; the next present member navigates.
    fn rotate(&mut self, at: Timestamp, records: &mut Vec<Record>) {
        self.driver = match (self.navigator, self.driver) {
            (Some(navigator), _) if self.roster.is_present(navigator) => Some(navigator),
            (_, Some(driver)) => self.roster.next_present(driver),
            _ => self.roster.first_present(),
        };
        self.reset_navigator();
        let event = Event::Rotated {
            driver: self.person(self.driver),
            navigator: self.person(self.navigator),
        };
        self.push(at, event, records);
    }

    /// A present driver (the next present member when the driver left or is away), and a
    /// present navigator other than the driver (a skip made earlier stands).
    fn reset_roles(&mut self) {
        if !self.driver.is_some_and(|d| self.roster.is_present(d)) {
            self.driver = self
                .driver
                .and_then(|d| self.roster.next_present(d))
                .or_else(|| self.roster.first_present());
        }
        let navigator_ok = self
            .navigator
            .is_some_and(|n| Some(n) != self.driver && self.roster.is_present(n));
        if !navigator_ok {
            self.reset_navigator();
        }
    }

    /// The navigator is the next present member after the driver (nobody when alone).
    fn reset_navigator(&mut self) {
        if !self.driver.is_some_and(|d| self.roster.is_present(d)) {
            self.driver = self.roster.first_present();
        }
        self.navigator = self
            .driver
            .and_then(|d| self.roster.next_present(d).filter(|n| *n != d));
    }
}
