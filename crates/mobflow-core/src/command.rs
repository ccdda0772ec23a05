use serde::{Deserialize, Serialize};

use crate::board::{StepTemplate, TaskId};
use crate::settings::SettingsPatch;
use crate::test_runs::TestTrigger;
use crate::AwayChoice;
use crate::MemberId;

/// A member, named by id (the UI) or by name, ignoring case (the CLI).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(untagged)]
pub enum MemberRef {
    Id(MemberId),
    Name(String),
}

impl std::fmt::Display for MemberRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MemberRef::Id(id) => write!(f, "#{}", id.0),
            MemberRef::Name(name) => f.write_str(name),
        }
    }
}

/// Everything a user can ask of the mob, from any caller (window, CLI, socket).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    AddMember {
        name: String,
    },
    RenameMember {
        member: MemberRef,
        name: String,
    },
    RemoveMember {
        member: MemberRef,
    },
    /// Move a member to a 0-based position in the roster.
    MoveMember {
        member: MemberRef,
        to: u32,
    },
    /// Put the roster in a random order, between turns (refused while a turn is on); the
    /// next turn starts with the first present member of the new order. The caller draws
    /// `seed`: the same seed gives the same order.
    ShuffleRoster {
        seed: u32,
    },
    SetTurnLength {
        minutes: u32,
    },
    /// Change settings (only the fields given).
    UpdateSettings {
        patch: SettingsPatch,
    },
    /// Mark a member away (skipped by every role) or back.
    SetAway {
        member: MemberRef,
        away: bool,
    },
    /// Add time to the running (or paused) turn; the settings' amount when not given.
    Extend {
        #[serde(default)]
        minutes: Option<u32>,
    },
    /// Start a break now (a running turn ends first).
    StartBreak,
    /// End the break early.
    EndBreak,
    /// Skip the due break that just started.
    SkipBreak,
    /// The one-line next step for the new driver (on the hand-over, or near the end of a turn).
    SetHandoverNote {
        text: String,
    },
    /// Save a mini-retro line, or dismiss the prompt with none.
    MiniRetro {
        #[serde(default)]
        text: Option<String>,
    },
    /// Decide about time the app was away (suspend, or not running).
    ResolveAway {
        choice: AwayChoice,
    },
    /// Start the first turn, or the next turn from the hand-over.
    Start,
    Pause,
    Resume,
    /// Rotate now: end the turn and hand over; on the hand-over, start the next turn.
    Next,
    /// Skip the navigator: the member after them navigates (and drives next).
    Skip,
    EndSession,
    /// Add a task at the end of the backlog.
    AddTask {
        title: String,
        #[serde(default)]
        notes: String,
        #[serde(default)]
        acceptance: Vec<String>,
    },
    /// Change a task's title, notes or acceptance criteria (those given).
    EditTask {
        task: TaskId,
        #[serde(default)]
        title: Option<String>,
        #[serde(default)]
        notes: Option<String>,
        #[serde(default)]
        acceptance: Option<Vec<String>>,
    },
    /// Move a backlog task to a 0-based position among the backlog.
    MoveTask {
        task: TaskId,
        to: u32,
    },
    /// Put a task in focus (at most one task is in focus).
    FocusTask {
        task: TaskId,
    },
    ParkTask {
        task: TaskId,
    },
    /// Send a focused or parked task back to the end of the backlog.
    UnparkTask {
        task: TaskId,
    },
    /// Finish a task; unticked steps need an override reason.
    FinishTask {
        task: TaskId,
        #[serde(default)]
        override_reason: Option<String>,
    },
    ReopenTask {
        task: TaskId,
    },
    /// Tick a checklist step (0-based) of the task in focus.
    CheckStep {
        task: TaskId,
        step: u32,
    },
    UncheckStep {
        task: TaskId,
        step: u32,
    },
    /// Quick capture: a parked note that does not touch the focus.
    ParkThought {
        text: String,
    },
    /// The checklist template for tasks created from now on.
    SetChecklist {
        steps: Vec<StepTemplate>,
    },
    /// Strict: steps in order, tests before code. Lenient: flag what was out of order.
    SetStrict {
        strict: bool,
    },
    /// Run the mob's test command (after the run going on, if there is one).
    RunTests {
        #[serde(default = "manual")]
        trigger: TestTrigger,
    },
    /// How a run of the test command ended (from the shell, which ran it).
    FinishTestRun {
        run: u64,
        /// `None` when it was ended by a signal or did not start.
        exit_code: Option<i32>,
        #[serde(default)]
        timed_out: bool,
        /// The end of its output (kept to `test_runs::MAX_TEST_OUTPUT` bytes).
        #[serde(default)]
        output_tail: String,
    },
}

fn manual() -> TestTrigger {
    TestTrigger::Manual
}

impl Command {
    /// Whether the command is about the focus board (and so changes what the board shows).
    pub fn touches_board(&self) -> bool {
        matches!(
            self,
            Command::AddTask { .. }
                | Command::EditTask { .. }
                | Command::MoveTask { .. }
                | Command::FocusTask { .. }
                | Command::ParkTask { .. }
                | Command::UnparkTask { .. }
                | Command::FinishTask { .. }
                | Command::ReopenTask { .. }
                | Command::CheckStep { .. }
                | Command::UncheckStep { .. }
                | Command::ParkThought { .. }
                | Command::SetChecklist { .. }
                | Command::SetStrict { .. }
                | Command::FinishTestRun { .. }
        )
    }

    /// Whether the command moves the timer, and so must wait while time away is undecided.
    pub fn changes_timer(&self) -> bool {
        matches!(
            self,
            Command::Start
                | Command::Pause
                | Command::Resume
                | Command::Next
                | Command::Extend { .. }
                | Command::StartBreak
                | Command::EndBreak
                | Command::SkipBreak
                | Command::EndSession
        )
    }

    /// A short verb for messages and logs.
    pub fn name(&self) -> &'static str {
        match self {
            Command::AddMember { .. } => "add_member",
            Command::RenameMember { .. } => "rename_member",
            Command::RemoveMember { .. } => "remove_member",
            Command::MoveMember { .. } => "move_member",
            Command::ShuffleRoster { .. } => "shuffle_roster",
            Command::SetTurnLength { .. } => "set_turn_length",
            Command::UpdateSettings { .. } => "update_settings",
            Command::SetAway { .. } => "set_away",
            Command::Extend { .. } => "extend",
            Command::StartBreak => "start_break",
            Command::EndBreak => "end_break",
            Command::SkipBreak => "skip_break",
            Command::SetHandoverNote { .. } => "set_handover_note",
            Command::MiniRetro { .. } => "mini_retro",
            Command::ResolveAway { .. } => "resolve_away",
            Command::Start => "start",
            Command::Pause => "pause",
            Command::Resume => "resume",
            Command::Next => "next",
            Command::Skip => "skip",
            Command::EndSession => "end_session",
            Command::AddTask { .. } => "add_task",
            Command::EditTask { .. } => "edit_task",
            Command::MoveTask { .. } => "move_task",
            Command::FocusTask { .. } => "focus_task",
            Command::ParkTask { .. } => "park_task",
            Command::UnparkTask { .. } => "unpark_task",
            Command::FinishTask { .. } => "finish_task",
            Command::ReopenTask { .. } => "reopen_task",
            Command::CheckStep { .. } => "check_step",
            Command::UncheckStep { .. } => "uncheck_step",
            Command::ParkThought { .. } => "park_thought",
            Command::SetChecklist { .. } => "set_checklist",
            Command::SetStrict { .. } => "set_strict",
            Command::RunTests { .. } => "run_tests",
            Command::FinishTestRun { .. } => "finish_test_run",
        }
    }
}
