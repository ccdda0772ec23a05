use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::board::{Board, TaskId};
use crate::{
    millis_between, Command, CoreError, EndReason, Event, MemberId, Person, Record, Roster,
    Timestamp,
};

pub const MIN_TURN_MINUTES: u32 = 1;
pub const MAX_TURN_MINUTES: u32 = 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub turn_minutes: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { turn_minutes: 10 }
    }
}

impl Settings {
    pub fn turn(&self) -> Duration {
        Duration::minutes(i64::from(self.turn_minutes))
    }
}

/// Where the turn timer is. The deadline is a wall-clock instant: remaining time is always
/// `deadline - now`, never a counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Phase {
    Idle,
    Running {
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
}

impl Phase {
    pub fn name(&self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::Running { .. } => "running",
            Phase::Paused { .. } => "paused",
            Phase::Handover { .. } => "handover",
        }
    }

    fn describe(&self) -> &'static str {
        match self {
            Phase::Idle => "no turn is on",
            Phase::Running { .. } => "a turn is running",
            Phase::Paused { .. } => "the turn is paused",
            Phase::Handover { .. } => "handing over",
        }
    }
}

/// The whole state of a mob: roster, settings, rotation and timer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mob {
    pub roster: Roster,
    #[serde(default)]
    pub settings: Settings,
    pub phase: Phase,
    /// Who drives (during a turn), or drives next (when idle).
    pub driver: Option<MemberId>,
    /// Who navigates; always the member after the driver unless skipped.
    pub navigator: Option<MemberId>,
    /// The session in progress, if any.
    pub session: Option<u64>,
    /// The highest session id handed out so far.
    pub last_session: u64,
    /// Turns started in the current session.
    pub turn: u32,
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

    /// Time left in the turn at `now` (zero unless running or paused).
    pub fn remaining_ms(&self, now: Timestamp) -> u64 {
        match &self.phase {
            Phase::Running { deadline, .. } => millis_between(now, *deadline),
            Phase::Paused { remaining_ms } => *remaining_ms,
            Phase::Idle | Phase::Handover { .. } => 0,
        }
    }

    /// How long the hand-over has been waiting for the next turn.
    pub fn handover_ms(&self, now: Timestamp) -> u64 {
        match &self.phase {
            Phase::Handover { since } => millis_between(*since, now),
            _ => 0,
        }
    }

    /// Brings the state up to `now`: a running turn whose deadline has passed ends, at its
    /// deadline, and the mob rotates into the hand-over. Idempotent.
    pub fn advance(&mut self, now: Timestamp) -> Vec<Record> {
        let mut records = Vec::new();
        if let Phase::Running { deadline, .. } = self.phase {
            if now >= deadline {
                self.end_turn(deadline, EndReason::TimeUp, &mut records);
                self.rotate(deadline, &mut records);
                self.phase = Phase::Handover { since: deadline };
            }
        }
        records
    }

    /// Applies a command at `now`. On error nothing changed; on success returns the events.
    pub fn apply(&mut self, command: &Command, now: Timestamp) -> Result<Vec<Record>, CoreError> {
        let mut next = self.clone();
        let mut records = next.advance(now);
        next.execute(command, now, &mut records)?;
        *self = next;
        Ok(records)
    }

    fn push(&self, at: Timestamp, event: Event, records: &mut Vec<Record>) {
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
                if self.driver.is_none() {
                    self.driver = Some(person.id);
                }
                self.push(now, Event::MemberAdded { member: person }, records);
                self.reset_navigator();
            }
            Command::RenameMember { member, name } => {
                let id = self.roster.resolve(member)?;
                let from = self.roster.rename(id, name)?;
                let to = self
                    .roster
                    .get(id)
                    .map(|m| m.name.clone())
                    .unwrap_or_default();
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
                let in_turn = !matches!(self.phase, Phase::Idle);
                if in_turn && self.roster.len() == 1 {
                    return Err(CoreError::LastMemberInTurn);
                }
                let person = self.person(Some(id)).expect("resolved above");
                if self.driver == Some(id) {
                    // The navigator takes the keyboard; failing that, whoever is next.
                    self.driver = self
                        .navigator
                        .filter(|n| *n != id)
                        .or_else(|| self.roster.after(id).filter(|n| *n != id));
                }
                self.roster.remove(id)?;
                self.push(now, Event::MemberRemoved { member: person }, records);
                self.reset_navigator();
            }
            Command::MoveMember { member, to } => {
                let id = self.roster.resolve(member)?;
                let to = *to as usize;
                let from = self.roster.move_to(id, to)?;
                if from != to {
                    let person = self.person(Some(id)).expect("resolved above");
                    self.push(
                        now,
                        Event::MemberMoved {
                            member: person,
                            from: from as u32,
                            to: to as u32,
                        },
                        records,
                    );
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
            Command::Start => match self.phase {
                Phase::Idle | Phase::Handover { .. } => self.start_turn(now, records)?,
                _ => return Err(self.wrong_state("start a turn")),
            },
            Command::Pause => match self.phase {
                Phase::Running { deadline, .. } => {
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
                    self.end_turn(now, EndReason::RotatedEarly, records);
                    self.rotate(now, records);
                    self.phase = Phase::Handover { since: now };
                }
                Phase::Handover { .. } => self.start_turn(now, records)?,
                Phase::Idle => {
                    if self.roster.len() < 2 {
                        return Err(CoreError::NoOneToSkipTo("add a second member to rotate."));
                    }
                    self.rotate(now, records);
                }
            },
            Command::Skip => {
                let (Some(driver), Some(navigator)) = (self.driver, self.navigator) else {
                    return Err(CoreError::NoOneToSkipTo("add members to skip."));
                };
                // The member after the navigator, passing over the driver.
                let next = self
                    .roster
                    .after(navigator)
                    .and_then(|n| {
                        if n == driver {
                            self.roster.after(n)
                        } else {
                            Some(n)
                        }
                    })
                    .filter(|n| *n != navigator && *n != driver)
                    .ok_or(CoreError::NoOneToSkipTo(
                        "with two members the other one always navigates.",
                    ))?;
                let skipped = self.person(Some(navigator)).expect("navigator in roster");
                self.navigator = Some(next);
                let navigator = self.person(Some(next)).expect("after() is in roster");
                self.push(now, Event::NavigatorSkipped { skipped, navigator }, records);
            }
            Command::EndSession => {
                let Some(session) = self.session else {
                    return Err(CoreError::WrongState {
                        action: "end the session",
                        state: "no session is on",
                    });
                };
                if matches!(self.phase, Phase::Running { .. } | Phase::Paused { .. }) {
                    self.end_turn(now, EndReason::SessionEnded, records);
                }
                let turns = self.turn;
                self.push(now, Event::SessionEnded { session, turns }, records);
                self.phase = Phase::Idle;
                self.session = None;
                self.turn = 0;
            }
            _ => unreachable!("board commands are handled by execute_board"),
        }
        Ok(())
    }

    /// Who is at the keyboard: the driver while a session is on, else nobody.
    pub fn at_keyboard(&self) -> Option<Person> {
        match self.phase {
            Phase::Idle => None,
            _ => self.person(self.driver),
        }
    }

    /// Runs a board command; `None` when the command is not about the board.
    fn execute_board(
        &mut self,
        command: &Command,
        now: Timestamp,
    ) -> Result<Option<Event>, CoreError> {
        let driver = self.at_keyboard();
        let board = &mut self.board;
        let title = |board: &Board, task: TaskId| {
            board.get(task).map(|t| t.title.clone()).unwrap_or_default()
        };
        let event = match command {
            Command::AddTask {
                title: raw,
                notes,
                acceptance,
            } => {
                let task = board.add_task(raw, notes, acceptance, now)?;
                Event::TaskAdded {
                    task,
                    title: title(board, task),
                    parked: false,
                    driver,
                }
            }
            Command::ParkThought { text } => {
                let task = board.park_thought(text, now)?;
                Event::TaskAdded {
                    task,
                    title: title(board, task),
                    parked: true,
                    driver,
                }
            }
            Command::EditTask {
                task,
                title: new_title,
                notes,
                acceptance,
            } => {
                board.edit_task(*task, new_title.clone(), notes.clone(), acceptance.clone())?;
                Event::TaskEdited {
                    task: *task,
                    title: title(board, *task),
                    driver,
                }
            }
            Command::MoveTask { task, to } => {
                board.move_in_backlog(*task, *to as usize)?;
                Event::TaskMoved {
                    task: *task,
                    to: *to,
                    driver,
                }
            }
            Command::FocusTask { task } => {
                board.focus(*task, now)?;
                Event::TaskFocused {
                    task: *task,
                    title: title(board, *task),
                    driver,
                }
            }
            Command::ParkTask { task } => {
                board.park(*task)?;
                Event::TaskParked {
                    task: *task,
                    driver,
                }
            }
            Command::UnparkTask { task } => {
                board.to_backlog(*task)?;
                Event::TaskUnparked {
                    task: *task,
                    driver,
                }
            }
            Command::FinishTask {
                task,
                override_reason,
            } => {
                board.finish(*task, override_reason.clone(), now)?;
                let done = board.get(*task).expect("finished above");
                Event::TaskFinished {
                    task: *task,
                    title: done.title.clone(),
                    steps_left: done.steps_left() as u32,
                    override_reason: done.override_reason.clone(),
                    test_first: done.test_first_ok(),
                    created_at: done.created_at,
                    first_focused_at: done.first_focused_at,
                    driver,
                }
            }
            Command::ReopenTask { task } => {
                board.reopen(*task)?;
                Event::TaskReopened {
                    task: *task,
                    driver,
                }
            }
            Command::CheckStep { task, step } => {
                let outcome = board.check(*task, *step as usize, now)?;
                let ticked = board
                    .get(*task)
                    .and_then(|t| t.steps.get(*step as usize))
                    .expect("ticked above");
                Event::StepChecked {
                    task: *task,
                    step: *step,
                    title: ticked.title.clone(),
                    step_kind: ticked.kind,
                    violation: outcome.violation,
                    driver,
                }
            }
            Command::UncheckStep { task, step } => {
                board.uncheck(*task, *step as usize)?;
                Event::StepUnchecked {
                    task: *task,
                    step: *step,
                    driver,
                }
            }
            Command::SetChecklist { steps } => {
                board.set_template(steps.clone())?;
                Event::ChecklistSet {
                    steps: board.template.len() as u32,
                }
            }
            Command::SetStrict { strict } => {
                board.set_strict(*strict)?;
                Event::StrictSet { strict: *strict }
            }
            _ => return Ok(None),
        };
        Ok(Some(event))
    }

    fn start_turn(&mut self, now: Timestamp, records: &mut Vec<Record>) -> Result<(), CoreError> {
        if self.roster.is_empty() {
            return Err(CoreError::EmptyRoster);
        }
        if self.session.is_none() {
            self.last_session += 1;
            self.session = Some(self.last_session);
            self.turn = 0;
            let session = self.last_session;
            self.push(now, Event::SessionStarted { session }, records);
        }
        if self.person(self.driver).is_none() {
            self.driver = self.roster.first();
            self.reset_navigator();
        }
        self.turn += 1;
        let deadline = now + self.settings.turn();
        self.phase = Phase::Running {
            started_at: now,
            deadline,
        };
        let event = Event::TurnStarted {
            turn: self.turn,
            driver: self.person(self.driver).expect("roster not empty"),
            navigator: self.person(self.navigator),
            deadline,
        };
        self.push(now, event, records);
        Ok(())
    }

    fn end_turn(&mut self, at: Timestamp, reason: EndReason, records: &mut Vec<Record>) {
        let event = Event::TurnEnded {
            turn: self.turn,
            driver: self.person(self.driver),
            reason,
        };
        self.push(at, event, records);
    }

    /// The navigator takes the keyboard; the member after them navigates.
    fn rotate(&mut self, at: Timestamp, records: &mut Vec<Record>) {
        self.driver = match (self.navigator, self.driver) {
            (Some(navigator), _) => Some(navigator),
            (None, Some(driver)) => self.roster.after(driver),
            (None, None) => self.roster.first(),
        };
        self.reset_navigator();
        let event = Event::Rotated {
            driver: self.person(self.driver),
            navigator: self.person(self.navigator),
        };
        self.push(at, event, records);
    }

    /// The navigator is the member after the driver (nobody when the driver is alone).
    fn reset_navigator(&mut self) {
        if self.person(self.driver).is_none() {
            self.driver = self.roster.first();
        }
        self.navigator = self
            .driver
            .and_then(|d| self.roster.after(d).filter(|n| *n != d));
    }
}
