//! What is on the board: tasks, their columns and checklist steps, and the template new
//! tasks copy.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// A task's stable id: it survives edits, moves and reorders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(transparent)]
pub struct TaskId(pub u32);

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Where a task is on the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// Waiting, in priority order.
    Backlog,
    /// Being worked on now. At most one task is here.
    Focus,
    /// Put aside: interrupted work, or a thought captured for later.
    Parked,
    /// Finished.
    Done,
}

/// What a checklist step is about; the test-first rule is about `Test` before `Code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// Writing a test that fails.
    Test,
    /// Making the tests pass, and cleaning up.
    Code,
    /// Getting the change to the users.
    Delivery,
}

/// One step of the checklist template that new tasks copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepTemplate {
    pub title: String,
    pub kind: StepKind,
}

impl StepTemplate {
    /// A template step; the title is checked when the template is set.
    pub fn new(title: impl Into<String>, kind: StepKind) -> Self {
        StepTemplate {
            title: title.into(),
            kind,
        }
    }
}

/// The checklist every board starts with: tests first, then code, then delivery.
pub fn default_template() -> Vec<StepTemplate> {
    use StepKind::{Code, Delivery, Test};
    [
        ("Acceptance test written and failing", Test),
        ("Unit test written and failing (red)", Test),
        ("Code makes the tests pass (green)", Code),
        ("Refactored", Code),
        ("Pushed and CI green", Delivery),
        ("Verified on the canary (metrics checked)", Delivery),
        ("Released to everyone", Delivery),
    ]
    .into_iter()
    .map(|(title, kind)| StepTemplate::new(title, kind))
    .collect()
}

/// One step of a task's checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub title: String,
    pub kind: StepKind,
    /// When the step was ticked; `None` while it is open.
    #[serde(default)]
    pub done_at: Option<Timestamp>,
    /// The step is a code step that was ticked while a test step was still open (only
    /// possible in lenient mode). Cleared when the step is unticked.
    #[serde(default)]
    pub violation: bool,
    /// The test run that ticked the step, as its evidence (`None` when ticked by hand).
    /// Cleared when the step is unticked.
    #[serde(default)]
    pub run: Option<u64>,
}

impl Step {
    pub(super) fn from_template(template: &StepTemplate) -> Self {
        Step {
            title: template.title.clone(),
            kind: template.kind,
            done_at: None,
            violation: false,
            run: None,
        }
    }

    /// Whether the step is ticked.
    pub fn is_done(&self) -> bool {
        self.done_at.is_some()
    }
}

/// A unit of work on the board, with its checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: TaskId,
    /// Trimmed, 1 to [`MAX_TITLE_CHARS`] characters, no control characters.
    pub title: String,
    /// Free text, kept as typed, at most [`MAX_NOTES_CHARS`] characters.
    #[serde(default)]
    pub notes: String,
    /// Acceptance criteria, one per line: trimmed, never empty.
    #[serde(default)]
    pub acceptance: Vec<String>,
    pub column: Column,
    /// The checklist, copied from the template when the task was created.
    #[serde(default)]
    pub steps: Vec<Step>,
    pub created_at: Timestamp,
    /// When the task first went into focus; later focusing does not change it.
    #[serde(default)]
    pub first_focused_at: Option<Timestamp>,
    /// When the task was finished; `None` unless it is done.
    #[serde(default)]
    pub done_at: Option<Timestamp>,
    /// Why the task was finished with unticked steps; `None` otherwise.
    #[serde(default)]
    pub override_reason: Option<String>,
}

impl Task {
    /// The first unticked step and its 0-based position, or `None` when all are ticked.
    pub fn next_step(&self) -> Option<(usize, &Step)> {
        self.steps.iter().enumerate().find(|(_, s)| !s.is_done())
    }

    /// How many steps are still unticked.
    pub fn steps_left(&self) -> usize {
        self.steps.iter().filter(|s| !s.is_done()).count()
    }

    /// Whether the checklist was worked test-first: no step is flagged, and every ticked
    /// code step was ticked at or after the moment the last test step was ticked. A ticked
    /// code step while a test step is open (say, a test step unticked later) is not
    /// test-first. Open code steps do not count either way.
    pub fn test_first_ok(&self) -> bool {
        if self.steps.iter().any(|s| s.violation) {
            return false;
        }
        let tests = || self.steps.iter().filter(|s| s.kind == StepKind::Test);
        let tests_open = tests().any(|s| !s.is_done());
        let last_test = tests().filter_map(|s| s.done_at).max();
        self.steps
            .iter()
            .filter(|s| s.kind == StepKind::Code)
            .filter_map(|s| s.done_at)
            .all(|code_at| !tests_open && last_test.is_none_or(|test_at| code_at >= test_at))
    }

    /// The 0-based position of the first unticked test step, if any.
    pub(super) fn first_open_test(&self) -> Option<usize> {
        self.steps
            .iter()
            .position(|s| s.kind == StepKind::Test && !s.is_done())
    }
}

/// What ticking a step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepOutcome {
    /// The step was ticked against the test-first rule (lenient mode only).
    pub violation: bool,
}
