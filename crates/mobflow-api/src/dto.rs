//! Transport types: what the window, the CLI and the socket see. Kept apart from the domain
//! types; TypeScript bindings for them are generated (see `bindings.rs`).

use mobflow_core::board::{Board, BoardError, Column, StepKind, StepTemplate, Task, TaskId};
use mobflow_core::{CoreError, MemberId, Mob, Phase, Timestamp};
use serde::{Deserialize, Serialize};

/// The timer's state, as callers see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TimerState {
    Idle,
    Running,
    Paused,
    Handover,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Driver,
    Navigator,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct MemberView {
    pub id: MemberId,
    pub name: String,
    pub role: Option<Role>,
}

/// Everything the UI renders, pushed by the shell on every change and once a second while a
/// turn runs. Times are computed in Rust from the wall-clock deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct Snapshot {
    pub state: TimerState,
    pub driver: Option<String>,
    pub navigator: Option<String>,
    pub driver_id: Option<MemberId>,
    pub navigator_id: Option<MemberId>,
    /// Time left in the turn (running or paused), else 0.
    #[cfg_attr(any(test, feature = "ts"), ts(type = "number"))]
    pub remaining_ms: u64,
    /// The configured turn length.
    #[cfg_attr(any(test, feature = "ts"), ts(type = "number"))]
    pub turn_ms: u64,
    /// How long the hand-over has waited (the overrun), else 0.
    #[cfg_attr(any(test, feature = "ts"), ts(type = "number"))]
    pub handover_ms: u64,
    pub turn_minutes: u32,
    /// Turns started in this session.
    pub turn: u32,
    #[cfg_attr(any(test, feature = "ts"), ts(type = "number | null"))]
    pub session_id: Option<u64>,
    /// The running turn's deadline (UTC, RFC 3339).
    #[cfg_attr(any(test, feature = "ts"), ts(type = "string | null"))]
    pub deadline: Option<Timestamp>,
    pub members: Vec<MemberView>,
    /// The task in focus and its next step.
    pub task: Option<FocusView>,
}

/// The task in focus, as the timer views show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct FocusView {
    pub id: TaskId,
    pub title: String,
    /// The first unticked step's title; `None` when all are ticked.
    pub next_step: Option<String>,
    /// Its 0-based position.
    pub next_step_index: Option<u32>,
}

impl FocusView {
    pub fn of(task: &Task) -> FocusView {
        let next = task.next_step();
        FocusView {
            id: task.id,
            title: task.title.clone(),
            next_step: next.map(|(_, s)| s.title.clone()),
            next_step_index: next.map(|(i, _)| i as u32),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct StepView {
    pub title: String,
    pub kind: StepKind,
    pub done: bool,
    /// Ticked against the test-first rule (lenient mode).
    pub violation: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct TaskView {
    pub id: TaskId,
    pub title: String,
    pub notes: String,
    pub acceptance: Vec<String>,
    pub column: Column,
    pub steps: Vec<StepView>,
    pub steps_left: u32,
    pub test_first: bool,
    pub override_reason: Option<String>,
}

/// The whole board, pushed (event `board`) when it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct BoardView {
    /// Every task in display order (the backlog's order is its priority).
    pub tasks: Vec<TaskView>,
    pub strict: bool,
    pub checklist: Vec<StepTemplate>,
}

impl BoardView {
    pub fn of(board: &Board) -> BoardView {
        BoardView {
            tasks: board
                .tasks
                .iter()
                .map(|t| TaskView {
                    id: t.id,
                    title: t.title.clone(),
                    notes: t.notes.clone(),
                    acceptance: t.acceptance.clone(),
                    column: t.column,
                    steps: t
                        .steps
                        .iter()
                        .map(|s| StepView {
                            title: s.title.clone(),
                            kind: s.kind,
                            done: s.is_done(),
                            violation: s.violation,
                        })
                        .collect(),
                    steps_left: t.steps_left() as u32,
                    test_first: t.test_first_ok(),
                    override_reason: t.override_reason.clone(),
                })
                .collect(),
            strict: board.strict,
            checklist: board.template.clone(),
        }
    }
}

impl Snapshot {
    pub fn of(mob: &Mob, now: Timestamp) -> Snapshot {
        let driver = mob.person(mob.driver);
        let navigator = mob.person(mob.navigator);
        let members = mob
            .roster
            .members()
            .iter()
            .map(|m| MemberView {
                id: m.id,
                name: m.name.clone(),
                role: if Some(m.id) == mob.driver {
                    Some(Role::Driver)
                } else if Some(m.id) == mob.navigator {
                    Some(Role::Navigator)
                } else {
                    None
                },
            })
            .collect();
        let (state, deadline) = match &mob.phase {
            Phase::Idle => (TimerState::Idle, None),
            Phase::Running { deadline, .. } => (TimerState::Running, Some(*deadline)),
            Phase::Paused { .. } => (TimerState::Paused, None),
            Phase::Handover { .. } => (TimerState::Handover, None),
        };
        Snapshot {
            state,
            driver_id: driver.as_ref().map(|p| p.id),
            navigator_id: navigator.as_ref().map(|p| p.id),
            driver: driver.map(|p| p.name),
            navigator: navigator.map(|p| p.name),
            remaining_ms: mob.remaining_ms(now),
            turn_ms: mob.settings.turn().num_milliseconds() as u64,
            handover_ms: mob.handover_ms(now),
            turn_minutes: mob.settings.turn_minutes,
            turn: mob.turn,
            session_id: mob.session,
            deadline,
            members,
            task: mob.board.in_focus().map(FocusView::of),
        }
    }
}

/// What kind of error: callers branch on this, never on the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input was refused (bad name, duplicate, out of range).
    InvalidInput,
    /// The member (or session) does not exist.
    NotFound,
    /// The action does not fit the timer's state.
    WrongState,
    /// The request could not be read.
    BadRequest,
    /// The database failed; nothing was changed.
    Storage,
    /// No Mobflow app answered.
    NotRunning,
}

/// An error as every caller receives it: a code to branch on and a message for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
        }
    }
}

impl From<CoreError> for ApiError {
    fn from(err: CoreError) -> ApiError {
        let code = match err {
            CoreError::UnknownMember(_) => ErrorCode::NotFound,
            CoreError::WrongState { .. }
            | CoreError::EmptyRoster
            | CoreError::NoOneToSkipTo(_)
            | CoreError::LastMemberInTurn => ErrorCode::WrongState,
            CoreError::EmptyName
            | CoreError::NameTooLong { .. }
            | CoreError::NameHasControlChars
            | CoreError::DuplicateName(_)
            | CoreError::BadPosition { .. }
            | CoreError::BadTurnLength { .. } => ErrorCode::InvalidInput,
            CoreError::Board(ref board) => match board {
                BoardError::UnknownTask(_) => ErrorCode::NotFound,
                BoardError::FocusTaken { .. }
                | BoardError::TaskDone { .. }
                | BoardError::AlreadyDone { .. }
                | BoardError::NotDone { .. }
                | BoardError::NotInFocus { .. }
                | BoardError::NotInBacklog { .. }
                | BoardError::UnfinishedSteps { .. }
                | BoardError::AlreadyTicked { .. }
                | BoardError::NotTicked { .. }
                | BoardError::OutOfOrder { .. }
                | BoardError::TestsFirst { .. } => ErrorCode::WrongState,
                _ => ErrorCode::InvalidInput,
            },
        };
        ApiError::new(code, err.to_string())
    }
}

impl From<mobflow_store::StoreError> for ApiError {
    fn from(err: mobflow_store::StoreError) -> ApiError {
        ApiError::new(ErrorCode::Storage, err.to_string())
    }
}
