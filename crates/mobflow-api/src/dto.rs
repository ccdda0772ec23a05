//! Transport types: what the window, the CLI and the socket see. Kept apart from the domain
//! types; TypeScript bindings for them are generated (see `bindings.rs`).

use mobflow_core::board::{Board, BoardError, Column, StepKind, StepTemplate, Task, TaskId};
use mobflow_core::{AwayCause, Command, CoreError, MemberId, Mob, Phase, Settings, Timestamp};
use serde::{Deserialize, Serialize};

mod test_runs;
mod tick;

pub use test_runs::{GreenWaitView, TestOutput, TestReport, TestView, WatchView};
pub use tick::Tick;

/// The timer's state, as callers see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TimerState {
    Idle,
    Running,
    Paused,
    Handover,
    Break,
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
    /// An extra rotating role this member holds now.
    pub extra_role: Option<String>,
    /// Away: skipped by every role.
    pub away: bool,
}

/// An extra rotating role and who holds it (nobody when the mob is too small).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct RoleView {
    pub role: String,
    pub member: Option<String>,
}

/// Time the app was away, waiting for the mob to say what it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct AwayView {
    #[cfg_attr(any(test, feature = "ts"), ts(type = "string"))]
    pub from: Timestamp,
    #[cfg_attr(any(test, feature = "ts"), ts(type = "number"))]
    pub away_ms: u64,
    /// What it was, as far as the app can tell (asleep or closed, or the screen locked).
    pub cause: AwayCause,
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
    /// Extra rotating roles and their holders.
    pub roles: Vec<RoleView>,
    /// When the last break ended: thoughts parked since then are triaged at the next break.
    #[cfg_attr(any(test, feature = "ts"), ts(type = "string | null"))]
    pub last_break_end: Option<Timestamp>,
    /// The break came due by itself (so it can be skipped), rather than taken early.
    pub break_is_due: bool,
    /// Time left in the break, else 0.
    #[cfg_attr(any(test, feature = "ts"), ts(type = "number"))]
    pub break_left_ms: u64,
    /// Mob time until a break is due (`null` when breaks by time are off).
    #[cfg_attr(any(test, feature = "ts"), ts(type = "number | null"))]
    pub break_due_in_ms: Option<u64>,
    /// The next step noted for the new driver.
    pub handover_note: Option<String>,
    /// A full cycle just ended: offer a mini-retro line.
    pub retro_prompt: bool,
    /// Time away waiting for a decision.
    pub away: Option<AwayView>,
    /// The mob's tests: red, green, running or none.
    pub tests: TestView,
    /// The screen is locked: the timer stands still until it is unlocked.
    pub screen_locked: bool,
    pub settings: Settings,
    /// Whether changes reach the database.
    pub storage: StorageView,
}

/// Whether changes reach the database. While writes fail the app goes on in memory and the
/// writer retries; the window shows a banner and `mobflow status` says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct StorageView {
    /// The last write worked (or none was tried yet).
    pub ok: bool,
    /// Why the last write failed, in SQLite's words ("database is locked"); null when `ok`.
    pub reason: Option<String>,
    /// Changes applied but not yet in the database (kept in memory, written in order).
    pub pending: u32,
    /// When the oldest of them was made (UTC, RFC 3339); null when nothing is pending.
    #[cfg_attr(any(test, feature = "ts"), ts(type = "string | null"))]
    pub since: Option<Timestamp>,
}

impl Default for StorageView {
    fn default() -> StorageView {
        StorageView {
            ok: true,
            reason: None,
            pending: 0,
            since: None,
        }
    }
}

impl From<mobflow_store::writer::Status> for StorageView {
    fn from(status: mobflow_store::writer::Status) -> StorageView {
        StorageView {
            ok: status.failure.is_none(),
            reason: status.failure,
            pending: u32::try_from(status.pending).unwrap_or(u32::MAX),
            since: status.since,
        }
    }
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
    /// The test run that ticked it (its evidence); `null` when ticked by hand.
    #[cfg_attr(any(test, feature = "ts"), ts(type = "number | null"))]
    pub run: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct TaskView {
    pub id: TaskId,
    pub title: String,
    pub notes: String,
    pub acceptance: Vec<String>,
    pub column: Column,
    /// When the task (or parked thought) was created (RFC 3339).
    #[cfg_attr(any(test, feature = "ts"), ts(type = "string"))]
    pub created_at: Timestamp,
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
                    created_at: t.created_at,
                    steps: t
                        .steps
                        .iter()
                        .map(|s| StepView {
                            title: s.title.clone(),
                            kind: s.kind,
                            done: s.is_done(),
                            violation: s.violation,
                            run: s.run,
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
        let holders = mob.role_holders();
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
                extra_role: holders
                    .iter()
                    .find(|(_, h)| *h == Some(m.id))
                    .map(|(role, _)| role.clone()),
                away: m.away,
            })
            .collect();
        let roles = holders
            .iter()
            .map(|(role, h)| RoleView {
                role: role.clone(),
                member: mob.person(*h).map(|p| p.name),
            })
            .collect();
        let (state, deadline) = match &mob.phase {
            Phase::Idle => (TimerState::Idle, None),
            Phase::Running { deadline, .. } => (TimerState::Running, Some(*deadline)),
            Phase::Paused { .. } => (TimerState::Paused, None),
            Phase::Handover { .. } => (TimerState::Handover, None),
            Phase::Break { .. } => (TimerState::Break, None),
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
            roles,
            last_break_end: mob.last_break_end,
            break_is_due: matches!(mob.phase, Phase::Break { due: true, .. }),
            break_left_ms: mob.break_left_ms(now),
            break_due_in_ms: mob.break_due_in_ms(now),
            handover_note: mob.handover_note.clone(),
            retro_prompt: mob.retro_prompt,
            away: mob.away.map(|gap| AwayView {
                from: gap.from,
                away_ms: mobflow_core::millis_between(gap.from, now),
                cause: gap.cause,
            }),
            tests: TestView::of(mob, now),
            screen_locked: mob.locked_since.is_some(),
            settings: mob.settings.clone(),
            storage: StorageView::default(),
        }
    }

    /// The command "toggle" means in this state (the Space key, the tray, `mobflow toggle`):
    /// start, pause or resume, start the next turn from the hand-over, or end a break.
    pub fn toggle_command(&self) -> Command {
        match self.state {
            TimerState::Idle | TimerState::Handover => Command::Start,
            TimerState::Running => Command::Pause,
            TimerState::Paused => Command::Resume,
            TimerState::Break => Command::EndBreak,
        }
    }

    /// The command the "break" action means in this state (the tray): start a break, or end
    /// the one that is on.
    pub fn break_command(&self) -> Command {
        match self.state {
            TimerState::Break => Command::EndBreak,
            _ => Command::StartBreak,
        }
    }
}

/// How one global shortcut fared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct HotkeyStatus {
    pub action: mobflow_core::Action,
    pub shortcut: String,
    pub registered: bool,
    /// Why it is not registered.
    pub error: Option<String>,
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
    /// The app is running but serving as many requests as it can: nothing was done; try again.
    Busy,
    /// The app took the request but sent no answer in time: it may or may not have been
    /// carried out.
    NoAnswer,
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
            | CoreError::ShuffleInTurn
            | CoreError::TooFewToShuffle
            | CoreError::NoOneToSkipTo(_)
            | CoreError::LastMemberInTurn
            | CoreError::LastPresentInTurn
            | CoreError::NobodyPresent
            | CoreError::NoAwayPending
            | CoreError::AwayPending
            | CoreError::NoTestCommand => ErrorCode::WrongState,
            CoreError::UnknownTestRun { .. } => ErrorCode::NotFound,
            CoreError::EmptyName
            | CoreError::NameTooLong { .. }
            | CoreError::NameHasControlChars
            | CoreError::DuplicateName(_)
            | CoreError::BadPosition { .. }
            | CoreError::BadTurnLength { .. }
            | CoreError::BadSetting { .. }
            | CoreError::BadRole(_)
            | CoreError::NoteTooLong { .. }
            | CoreError::TextHasControlChars { .. }
            | CoreError::ExtendTooFar { .. }
            | CoreError::RosterFull { .. }
            | CoreError::BadShortcut(_)
            | CoreError::BadHook(_)
            | CoreError::BadTests(_) => ErrorCode::InvalidInput,
            CoreError::Board(ref board) => match board {
                BoardError::UnknownTask(_) | BoardError::Archived(_) => ErrorCode::NotFound,
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
        use mobflow_store::StoreError;
        let code = match err {
            StoreError::NoSuchSession(_) => ErrorCode::NotFound,
            StoreError::SessionInProgress(_) => ErrorCode::WrongState,
            StoreError::BadSessionName(_) => ErrorCode::InvalidInput,
            _ => ErrorCode::Storage,
        };
        ApiError::new(code, err.to_string())
    }
}
