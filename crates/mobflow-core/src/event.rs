use serde::{Deserialize, Serialize};

use crate::board::{StepKind, Task, TaskId};
use crate::test_runs::TestTrigger;
use crate::{MemberId, Timestamp};

/// A member as recorded in history: the id, and the name they had at that moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: MemberId,
    pub name: String,
}

/// Why a turn ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// The deadline passed.
    TimeUp,
    /// Someone rotated before the deadline.
    RotatedEarly,
    /// The session was ended during the turn.
    SessionEnded,
    /// A break was started during the turn.
    Break,
    /// The machine slept or the app was closed past the deadline.
    Away,
    /// The time was up while the tests were red, and the first green run handed over.
    Green,
    /// The time was up while the tests were red, and they stayed red through the grace.
    StillRed,
}

/// What the mob decided about time the app was away (suspend, or not running).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AwayChoice {
    /// Count the time as a break taken.
    Break,
    /// Carry on with the turn as it was.
    Resume,
    /// End the session as of when the time away began.
    EndSession,
}

/// One thing that happened. Events are history: they are only ever appended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    MemberAdded {
        member: Person,
    },
    MemberRenamed {
        member: MemberId,
        from: String,
        to: String,
    },
    MemberRemoved {
        member: Person,
    },
    MemberMoved {
        member: Person,
        from: u32,
        to: u32,
    },
    /// The roster was shuffled: the new order, and the seed that drew it.
    RosterShuffled {
        seed: u32,
        order: Vec<Person>,
    },
    TurnLengthSet {
        minutes: u32,
    },
    SessionStarted {
        session: u64,
    },
    SessionEnded {
        session: u64,
        turns: u32,
    },
    TurnStarted {
        turn: u32,
        driver: Person,
        navigator: Option<Person>,
        deadline: Timestamp,
    },
    TurnPaused {
        turn: u32,
        remaining_ms: u64,
    },
    TurnResumed {
        turn: u32,
        deadline: Timestamp,
    },
    TurnEnded {
        turn: u32,
        driver: Option<Person>,
        reason: EndReason,
    },
    Rotated {
        driver: Option<Person>,
        navigator: Option<Person>,
    },
    NavigatorSkipped {
        skipped: Person,
        navigator: Person,
    },
    // Board events carry `driver`: who was at the keyboard (none outside a turn).
    TaskAdded {
        task: TaskId,
        title: String,
        parked: bool,
        driver: Option<Person>,
    },
    TaskEdited {
        task: TaskId,
        title: String,
        driver: Option<Person>,
    },
    TaskMoved {
        task: TaskId,
        to: u32,
        driver: Option<Person>,
    },
    TaskFocused {
        task: TaskId,
        title: String,
        driver: Option<Person>,
    },
    TaskParked {
        task: TaskId,
        driver: Option<Person>,
    },
    TaskUnparked {
        task: TaskId,
        driver: Option<Person>,
    },
    TaskFinished {
        task: TaskId,
        title: String,
        steps_left: u32,
        override_reason: Option<String>,
        test_first: bool,
        created_at: Timestamp,
        first_focused_at: Option<Timestamp>,
        driver: Option<Person>,
    },
    TaskReopened {
        task: TaskId,
        driver: Option<Person>,
    },
    /// A done task left the live board (its session ended, or too many were done): the whole
    /// task as it was, kept in history.
    TaskArchived {
        task: Box<Task>,
    },
    StepChecked {
        task: TaskId,
        step: u32,
        title: String,
        step_kind: StepKind,
        violation: bool,
        driver: Option<Person>,
        /// The test run that proves the step (ticked by the run itself).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        run: Option<u64>,
    },
    StepUnchecked {
        task: TaskId,
        step: u32,
        driver: Option<Person>,
    },
    ChecklistSet {
        steps: u32,
    },
    MemberAway {
        member: Person,
    },
    MemberBack {
        member: Person,
    },
    TurnExtended {
        turn: u32,
        by_ms: u64,
    },
    BreakStarted {
        /// The break was due (by mob time or turns), not taken early.
        due: bool,
        planned_ms: u64,
        ends_at: Timestamp,
    },
    BreakEnded {
        taken_ms: u64,
        /// Ended before its planned end.
        early: bool,
    },
    /// A due break was skipped.
    BreakSkipped,
    /// The outgoing navigator's one-line next step for the new driver.
    HandoverNote {
        text: String,
        from: Option<Person>,
        to: Option<Person>,
    },
    /// A mini-retro line after a full cycle.
    MiniRetro {
        text: String,
    },
    /// Time the app was away, and what the mob decided.
    TimeAway {
        from: Timestamp,
        away_ms: u64,
        choice: AwayChoice,
    },
    SettingsChanged {
        settings: crate::Settings,
    },
    /// The wall clock jumped (not a suspend); live deadlines moved with it.
    ClockJumped {
        by_ms: i64,
    },
    /// An event hook ran (which events trigger one: `hooks::triggered`; the shell runs them).
    HookRan {
        hook: String,
        command: String,
        exit_code: Option<i32>,
        timed_out: bool,
        output_tail: String,
    },
    StrictSet {
        strict: bool,
    },
    /// A run of the mob's test command started (the shell runs it).
    TestRunStarted {
        run: u64,
        command: String,
        trigger: TestTrigger,
    },
    /// A run finished: green (`passed`) when it exited 0 within its time limit.
    TestRunFinished {
        run: u64,
        command: String,
        exit_code: Option<i32>,
        timed_out: bool,
        passed: bool,
        duration_ms: u64,
        /// The end of its output, bounded (`test_runs::MAX_TEST_OUTPUT`).
        output_tail: String,
        /// The task in focus when it finished.
        task: Option<TaskId>,
        task_title: Option<String>,
    },
    /// The turn's time was up while the tests were red: it hands over at the first green run,
    /// or at `until`.
    WaitingForGreen {
        turn: u32,
        until: Timestamp,
    },
}

impl Event {
    /// The event's kind, as stored in the history's `kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::MemberAdded { .. } => "member_added",
            Event::MemberRenamed { .. } => "member_renamed",
            Event::MemberRemoved { .. } => "member_removed",
            Event::MemberMoved { .. } => "member_moved",
            Event::RosterShuffled { .. } => "roster_shuffled",
            Event::TurnLengthSet { .. } => "turn_length_set",
            Event::SessionStarted { .. } => "session_started",
            Event::SessionEnded { .. } => "session_ended",
            Event::TurnStarted { .. } => "turn_started",
            Event::TurnPaused { .. } => "turn_paused",
            Event::TurnResumed { .. } => "turn_resumed",
            Event::TurnEnded { .. } => "turn_ended",
            Event::Rotated { .. } => "rotated",
            Event::NavigatorSkipped { .. } => "navigator_skipped",
            Event::TaskAdded { .. } => "task_added",
            Event::TaskEdited { .. } => "task_edited",
            Event::TaskMoved { .. } => "task_moved",
            Event::TaskFocused { .. } => "task_focused",
            Event::TaskParked { .. } => "task_parked",
            Event::TaskUnparked { .. } => "task_unparked",
            Event::TaskFinished { .. } => "task_finished",
            Event::TaskReopened { .. } => "task_reopened",
            Event::TaskArchived { .. } => "task_archived",
            Event::StepChecked { .. } => "step_checked",
            Event::StepUnchecked { .. } => "step_unchecked",
            Event::ChecklistSet { .. } => "checklist_set",
            Event::MemberAway { .. } => "member_away",
            Event::MemberBack { .. } => "member_back",
            Event::TurnExtended { .. } => "turn_extended",
            Event::BreakStarted { .. } => "break_started",
            Event::BreakEnded { .. } => "break_ended",
            Event::BreakSkipped => "break_skipped",
            Event::HandoverNote { .. } => "handover_note",
            Event::MiniRetro { .. } => "mini_retro",
            Event::TimeAway { .. } => "time_away",
            Event::SettingsChanged { .. } => "settings_changed",
            Event::ClockJumped { .. } => "clock_jumped",
            Event::HookRan { .. } => "hook_ran",
            Event::StrictSet { .. } => "strict_set",
            Event::TestRunStarted { .. } => "test_run_started",
            Event::TestRunFinished { .. } => "test_run_finished",
            Event::WaitingForGreen { .. } => "waiting_for_green",
        }
    }
}

/// An event with the instant it happened and the session it belongs to (if any).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub at: Timestamp,
    pub session: Option<u64>,
    pub event: Event,
}
