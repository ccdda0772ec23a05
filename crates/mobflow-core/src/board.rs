//! The single-task focus board and its test-first checklist.
//!
//! The mob works on one task at a time: at most one task is ever in [`Column::Focus`]. Every
//! task carries a checklist copied from the board's template when the task is created; in
//! strict mode the checklist is ticked in order and no code step is ticked before the tests
//! are, in lenient mode anything goes but a code step ticked ahead of the tests is flagged.
//!
//! Like the rest of the core, the board does no IO and never reads a clock: operations that
//! record a time take `now`. Every refused operation leaves the board exactly as it was.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::Timestamp;

/// The longest task or step title, in characters.
pub const MAX_TITLE_CHARS: usize = 120;
/// The longest notes, in characters.
pub const MAX_NOTES_CHARS: usize = 4000;
/// The most acceptance lines a task can have.
pub const MAX_ACCEPTANCE_LINES: usize = 50;
/// The longest acceptance line, in characters.
pub const MAX_ACCEPTANCE_LINE_CHARS: usize = 300;
/// The longest reason for finishing a task with unticked steps, in characters.
pub const MAX_REASON_CHARS: usize = 300;
/// The most steps a checklist template can have.
pub const MAX_TEMPLATE_STEPS: usize = 20;

/// How much of a long text an error message quotes.
const PREVIEW_CHARS: usize = 40;

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
}

impl Step {
    fn from_template(template: &StepTemplate) -> Self {
        Step {
            title: template.title.clone(),
            kind: template.kind,
            done_at: None,
            violation: false,
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
    fn first_open_test(&self) -> Option<usize> {
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

/// Why the board refused an operation. Every refusal leaves the board untouched.
///
/// The messages are shown to users as they are.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BoardError {
    #[error("There is no task {0}.")]
    UnknownTask(TaskId),
    #[error("A task title cannot be empty.")]
    EmptyTitle,
    #[error("A task title can have at most {max} characters (this one has {len}).")]
    TitleTooLong { len: usize, max: usize },
    #[error("A task title cannot contain control characters such as line breaks or tabs.")]
    TitleHasControlChars,
    #[error("Notes can have at most {max} characters (these have {len}).")]
    NotesTooLong { len: usize, max: usize },
    #[error("A task can have at most {max} acceptance lines (this one has {count}).")]
    TooManyAcceptanceLines { count: usize, max: usize },
    #[error("An acceptance line can have at most {max} characters (\"{line}\" has {len}).")]
    AcceptanceLineTooLong {
        /// The beginning of the offending line.
        line: String,
        len: usize,
        max: usize,
    },
    #[error("The board has run out of task numbers.")]
    NoMoreIds,
    #[error("\"{title}\" is not in the backlog; only backlog tasks can be reordered.")]
    NotInBacklog { title: String },
    #[error("Position {to} is outside the backlog (0 to {last}).")]
    BadBacklogPosition { to: usize, last: usize },
    #[error("\"{title}\" is in focus. Park it or finish it first.")]
    FocusTaken { id: TaskId, title: String },
    #[error("\"{title}\" is done. Reopen it to {action}.")]
    TaskDone {
        title: String,
        /// What the user tried, phrased to follow "Reopen it to".
        action: &'static str,
    },
    #[error("\"{title}\" is already done.")]
    AlreadyDone { title: String },
    #[error("\"{title}\" is not done, so there is nothing to reopen.")]
    NotDone { title: String },
    #[error(
        "\"{title}\" still has {left} unticked {}. Tick them, or give a reason to finish it anyway.",
        steps_word(*.left)
    )]
    UnfinishedSteps { title: String, left: usize },
    #[error("A reason can have at most {max} characters (this one has {len}).")]
    ReasonTooLong { len: usize, max: usize },
    #[error("\"{title}\" is not in focus. Focus it first to work on its checklist.")]
    NotInFocus { title: String },
    #[error("{}", step_out_of_range(.title, *.step, *.count))]
    StepOutOfRange {
        title: String,
        step: usize,
        count: usize,
    },
    #[error("\"{step}\" is already ticked.")]
    AlreadyTicked { step: String },
    #[error("\"{step}\" is not ticked.")]
    NotTicked { step: String },
    #[error("Strict mode keeps the checklist in order: tick \"{first_open}\" before \"{step}\".")]
    OutOfOrder { step: String, first_open: String },
    #[error("Tests come first: tick \"{test}\" before \"{step}\".")]
    TestsFirst { step: String, test: String },
    #[error("The checklist template needs at least one step.")]
    EmptyTemplate,
    #[error("The checklist template can have at most {max} steps (this one has {count}).")]
    TemplateTooLong { count: usize, max: usize },
    #[error("Every checklist step needs a title.")]
    EmptyStepTitle,
    #[error("A step title can have at most {max} characters (\"{title}\" has {len}).")]
    StepTitleTooLong {
        /// The beginning of the offending title.
        title: String,
        len: usize,
        max: usize,
    },
    #[error("A step title cannot contain control characters such as line breaks or tabs.")]
    StepTitleHasControlChars,
}

fn steps_word(n: usize) -> &'static str {
    if n == 1 {
        "step"
    } else {
        "steps"
    }
}

fn step_out_of_range(title: &str, step: usize, count: usize) -> String {
    match count.checked_sub(1) {
        None => format!("\"{title}\" has no checklist steps."),
        // People count steps from 1.
        Some(_) => format!(
            "\"{title}\" has no step {}; its steps are 1 to {count}.",
            step.saturating_add(1)
        ),
    }
}

/// The first [`PREVIEW_CHARS`] characters of `text`, with an ellipsis if it was cut.
fn preview(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(PREVIEW_CHARS).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// A trimmed title's problem, shared by task titles and step titles.
enum TitleProblem {
    Empty,
    TooLong(usize),
    ControlChars,
}

fn check_title(raw: &str) -> Result<String, (TitleProblem, String)> {
    let title = raw.trim();
    let len = title.chars().count();
    if len == 0 {
        return Err((TitleProblem::Empty, String::new()));
    }
    if len > MAX_TITLE_CHARS {
        return Err((TitleProblem::TooLong(len), preview(title)));
    }
    if title.chars().any(char::is_control) {
        return Err((TitleProblem::ControlChars, preview(title)));
    }
    Ok(title.to_owned())
}

/// Trims a task title and checks it: 1 to [`MAX_TITLE_CHARS`] characters, no control
/// characters.
pub fn clean_title(raw: &str) -> Result<String, BoardError> {
    check_title(raw).map_err(|(problem, _)| match problem {
        TitleProblem::Empty => BoardError::EmptyTitle,
        TitleProblem::TooLong(len) => BoardError::TitleTooLong {
            len,
            max: MAX_TITLE_CHARS,
        },
        TitleProblem::ControlChars => BoardError::TitleHasControlChars,
    })
}

/// Checks notes: at most [`MAX_NOTES_CHARS`] characters. Notes are kept as typed.
pub fn clean_notes(raw: &str) -> Result<String, BoardError> {
    let len = raw.chars().count();
    if len > MAX_NOTES_CHARS {
        return Err(BoardError::NotesTooLong {
            len,
            max: MAX_NOTES_CHARS,
        });
    }
    Ok(raw.to_owned())
}

/// Cleans acceptance criteria: an entry holding line breaks counts as several lines, each
/// line is trimmed, empty lines are dropped; then at most [`MAX_ACCEPTANCE_LINES`] lines of
/// at most [`MAX_ACCEPTANCE_LINE_CHARS`] characters remain.
pub fn clean_acceptance(raw: &[String]) -> Result<Vec<String>, BoardError> {
    let lines: Vec<String> = raw
        .iter()
        .flat_map(|entry| entry.lines())
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect();
    if lines.len() > MAX_ACCEPTANCE_LINES {
        return Err(BoardError::TooManyAcceptanceLines {
            count: lines.len(),
            max: MAX_ACCEPTANCE_LINES,
        });
    }
    for line in &lines {
        let len = line.chars().count();
        if len > MAX_ACCEPTANCE_LINE_CHARS {
            return Err(BoardError::AcceptanceLineTooLong {
                line: preview(line),
                len,
                max: MAX_ACCEPTANCE_LINE_CHARS,
            });
        }
    }
    Ok(lines)
}

/// Checks a checklist template: 1 to [`MAX_TEMPLATE_STEPS`] steps whose titles, trimmed, have
/// 1 to [`MAX_TITLE_CHARS`] characters and no control characters.
pub fn clean_template(steps: Vec<StepTemplate>) -> Result<Vec<StepTemplate>, BoardError> {
    if steps.is_empty() {
        return Err(BoardError::EmptyTemplate);
    }
    if steps.len() > MAX_TEMPLATE_STEPS {
        return Err(BoardError::TemplateTooLong {
            count: steps.len(),
            max: MAX_TEMPLATE_STEPS,
        });
    }
    steps
        .into_iter()
        .map(|step| {
            let title = check_title(&step.title).map_err(|(problem, title)| match problem {
                TitleProblem::Empty => BoardError::EmptyStepTitle,
                TitleProblem::TooLong(len) => BoardError::StepTitleTooLong {
                    title,
                    len,
                    max: MAX_TITLE_CHARS,
                },
                TitleProblem::ControlChars => BoardError::StepTitleHasControlChars,
            })?;
            Ok(StepTemplate {
                title,
                kind: step.kind,
            })
        })
        .collect()
}

/// Trims a reason for finishing with unticked steps; `None` if nothing is left.
fn clean_reason(raw: Option<&str>) -> Result<Option<String>, BoardError> {
    let Some(reason) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    let len = reason.chars().count();
    if len > MAX_REASON_CHARS {
        return Err(BoardError::ReasonTooLong {
            len,
            max: MAX_REASON_CHARS,
        });
    }
    Ok(Some(reason.to_owned()))
}

/// The focus board: every task, the checklist template and the checking mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Board {
    /// All tasks in display order. The backlog's priority order is the order of its tasks
    /// here.
    pub tasks: Vec<Task>,
    /// The highest task id handed out so far.
    pub next_id: u32,
    /// The checklist that tasks created from now on get.
    pub template: Vec<StepTemplate>,
    /// Strict: steps are ticked in order, code only after tests. Lenient: anything goes, but
    /// code ticked ahead of the tests is flagged.
    pub strict: bool,
}

impl Default for Board {
    fn default() -> Self {
        Board {
            tasks: Vec::new(),
            next_id: 0,
            template: default_template(),
            strict: true,
        }
    }
}

impl Board {
    /// The task with this id.
    pub fn get(&self, id: TaskId) -> Option<&Task> {
        self.tasks.iter().find(|t| t.id == id)
    }

    /// The task in focus, if any.
    pub fn in_focus(&self) -> Option<&Task> {
        self.tasks.iter().find(|t| t.column == Column::Focus)
    }

    /// The tasks in a column, in display order (for the backlog: priority order).
    pub fn in_column(&self, column: Column) -> impl Iterator<Item = &Task> {
        self.tasks.iter().filter(move |t| t.column == column)
    }

    fn position(&self, id: TaskId) -> Result<usize, BoardError> {
        self.tasks
            .iter()
            .position(|t| t.id == id)
            .ok_or(BoardError::UnknownTask(id))
    }

    fn task_mut(&mut self, id: TaskId) -> Result<&mut Task, BoardError> {
        self.tasks
            .iter_mut()
            .find(|t| t.id == id)
            .ok_or(BoardError::UnknownTask(id))
    }

    /// The next free id. Ids already on the board are never reused, even when `next_id` was
    /// lost from old saved state.
    fn fresh_id(&self) -> Result<TaskId, BoardError> {
        let highest = self.tasks.iter().map(|t| t.id.0).max().unwrap_or(0);
        highest
            .max(self.next_id)
            .checked_add(1)
            .map(TaskId)
            .ok_or(BoardError::NoMoreIds)
    }

    fn push_new(&mut self, id: TaskId, task: Task) -> TaskId {
        self.next_id = id.0;
        self.tasks.push(task);
        id
    }

    fn new_task(&self, id: TaskId, title: String, column: Column, now: Timestamp) -> Task {
        Task {
            id,
            title,
            notes: String::new(),
            acceptance: Vec::new(),
            column,
            steps: self.template.iter().map(Step::from_template).collect(),
            created_at: now,
            first_focused_at: None,
            done_at: None,
            override_reason: None,
        }
    }

    /// Adds a task at the end of the backlog, with the checklist from the template.
    pub fn add_task(
        &mut self,
        title: &str,
        notes: &str,
        acceptance: &[String],
        now: Timestamp,
    ) -> Result<TaskId, BoardError> {
        let title = clean_title(title)?;
        let notes = clean_notes(notes)?;
        let acceptance = clean_acceptance(acceptance)?;
        let id = self.fresh_id()?;
        let task = Task {
            notes,
            acceptance,
            ..self.new_task(id, title, Column::Backlog, now)
        };
        Ok(self.push_new(id, task))
    }

    /// Captures a thought without losing focus: a new task goes straight into Parked, with
    /// `text` as its title. The task in focus, if any, is not touched.
    pub fn park_thought(&mut self, text: &str, now: Timestamp) -> Result<TaskId, BoardError> {
        let title = clean_title(text)?;
        let id = self.fresh_id()?;
        let task = self.new_task(id, title, Column::Parked, now);
        Ok(self.push_new(id, task))
    }

    /// Changes what is given of a task's title, notes and acceptance criteria, in any column.
    pub fn edit_task(
        &mut self,
        id: TaskId,
        title: Option<String>,
        notes: Option<String>,
        acceptance: Option<Vec<String>>,
    ) -> Result<(), BoardError> {
        self.position(id)?;
        let title = title.as_deref().map(clean_title).transpose()?;
        let notes = notes.as_deref().map(clean_notes).transpose()?;
        let acceptance = acceptance.as_deref().map(clean_acceptance).transpose()?;
        let task = self.task_mut(id)?;
        if let Some(title) = title {
            task.title = title;
        }
        if let Some(notes) = notes {
            task.notes = notes;
        }
        if let Some(acceptance) = acceptance {
            task.acceptance = acceptance;
        }
        Ok(())
    }

    /// Moves a backlog task to position `to` (0-based) among the backlog tasks. Tasks in
    /// other columns keep their places.
    pub fn move_in_backlog(&mut self, id: TaskId, to: usize) -> Result<(), BoardError> {
        let at = self.position(id)?;
        let slots: Vec<usize> = self
            .tasks
            .iter()
            .enumerate()
            .filter(|(_, t)| t.column == Column::Backlog)
            .map(|(i, _)| i)
            .collect();
        let Some(from) = slots.iter().position(|&i| i == at) else {
            return Err(BoardError::NotInBacklog {
                title: self.tasks[at].title.clone(),
            });
        };
        if to >= slots.len() {
            return Err(BoardError::BadBacklogPosition {
                to,
                last: slots.len() - 1,
            });
        }
        // Bubble the task through the backlog slots, one neighbour at a time.
        if from < to {
            for pair in slots[from..=to].windows(2) {
                self.tasks.swap(pair[0], pair[1]);
            }
        } else {
            for pair in slots[to..=from].windows(2).rev() {
                self.tasks.swap(pair[0], pair[1]);
            }
        }
        Ok(())
    }

    /// Puts a task in focus. Only one task can be in focus: another one must be parked or
    /// finished first. Focusing the task already in focus does nothing; a done task must be
    /// reopened first. The first focus is remembered.
    pub fn focus(&mut self, id: TaskId, now: Timestamp) -> Result<(), BoardError> {
        let at = self.position(id)?;
        let task = &self.tasks[at];
        match task.column {
            Column::Focus => return Ok(()),
            Column::Done => {
                return Err(BoardError::TaskDone {
                    title: task.title.clone(),
                    action: "focus it",
                })
            }
            Column::Backlog | Column::Parked => {}
        }
        if let Some(other) = self.in_focus() {
            return Err(BoardError::FocusTaken {
                id: other.id,
                title: other.title.clone(),
            });
        }
        let task = &mut self.tasks[at];
        task.column = Column::Focus;
        task.first_focused_at.get_or_insert(now);
        Ok(())
    }

    /// Parks a task that is not done. Parking a parked task does nothing.
    pub fn park(&mut self, id: TaskId) -> Result<(), BoardError> {
        let task = self.task_mut(id)?;
        if task.column == Column::Done {
            return Err(BoardError::TaskDone {
                title: task.title.clone(),
                action: "park it",
            });
        }
        task.column = Column::Parked;
        Ok(())
    }

    /// Sends a parked or focused task to the end of the backlog. A task already in the
    /// backlog keeps its place; a done task must be reopened instead.
    pub fn to_backlog(&mut self, id: TaskId) -> Result<(), BoardError> {
        let at = self.position(id)?;
        let task = &self.tasks[at];
        match task.column {
            Column::Backlog => Ok(()),
            Column::Done => Err(BoardError::TaskDone {
                title: task.title.clone(),
                action: "put it back in the backlog",
            }),
            Column::Focus | Column::Parked => {
                self.send_to_backlog_end(at);
                Ok(())
            }
        }
    }

    /// Reopens a done task: it goes to the end of the backlog and forgets when and why it
    /// was finished. Its ticked steps stay ticked.
    pub fn reopen(&mut self, id: TaskId) -> Result<(), BoardError> {
        let at = self.position(id)?;
        let task = &mut self.tasks[at];
        if task.column != Column::Done {
            return Err(BoardError::NotDone {
                title: task.title.clone(),
            });
        }
        task.done_at = None;
        task.override_reason = None;
        self.send_to_backlog_end(at);
        Ok(())
    }

    /// Moves the task at `at` to the end of the board, in the backlog (so, last in it).
    fn send_to_backlog_end(&mut self, at: usize) {
        if at < self.tasks.len() {
            let mut task = self.tasks.remove(at);
            task.column = Column::Backlog;
            self.tasks.push(task);
        }
    }

    /// Finishes a task that is not done yet, from any column. With steps still unticked, a
    /// reason (trimmed, 1 to [`MAX_REASON_CHARS`] characters) is required and kept; with all
    /// steps ticked, any reason is ignored.
    pub fn finish(
        &mut self,
        id: TaskId,
        override_reason: Option<String>,
        now: Timestamp,
    ) -> Result<(), BoardError> {
        let task = self.task_mut(id)?;
        if task.column == Column::Done {
            return Err(BoardError::AlreadyDone {
                title: task.title.clone(),
            });
        }
        let left = task.steps_left();
        let reason = if left == 0 {
            None
        } else {
            match clean_reason(override_reason.as_deref())? {
                Some(reason) => Some(reason),
                None => {
                    return Err(BoardError::UnfinishedSteps {
                        title: task.title.clone(),
                        left,
                    })
                }
            }
        };
        task.column = Column::Done;
        task.done_at = Some(now);
        task.override_reason = reason;
        Ok(())
    }

    /// The task in focus with this id, for changes to its checklist.
    fn focused_mut(&mut self, id: TaskId) -> Result<&mut Task, BoardError> {
        let task = self.task_mut(id)?;
        if task.column != Column::Focus {
            return Err(BoardError::NotInFocus {
                title: task.title.clone(),
            });
        }
        Ok(task)
    }

    fn step_of(task: &Task, step: usize) -> Result<&Step, BoardError> {
        task.steps
            .get(step)
            .ok_or_else(|| BoardError::StepOutOfRange {
                title: task.title.clone(),
                step,
                count: task.steps.len(),
            })
    }

    /// Ticks step `step` (0-based) of the task in focus.
    ///
    /// Strict mode refuses a code step while a test step is open, then any step while an
    /// earlier one is open. Lenient mode accepts every tick but flags a code step ticked while
    /// a test step is open; the outcome says whether it was flagged.
    pub fn check(
        &mut self,
        id: TaskId,
        step: usize,
        now: Timestamp,
    ) -> Result<StepOutcome, BoardError> {
        let strict = self.strict;
        let task = self.focused_mut(id)?;
        let target = Self::step_of(task, step)?;
        if target.is_done() {
            return Err(BoardError::AlreadyTicked {
                step: target.title.clone(),
            });
        }
        let open_test = match target.kind {
            StepKind::Code => task.first_open_test(),
            StepKind::Test | StepKind::Delivery => None,
        };
        if strict {
            if let Some(test) = open_test.and_then(|i| task.steps.get(i)) {
                return Err(BoardError::TestsFirst {
                    step: target.title.clone(),
                    test: test.title.clone(),
                });
            }
            if let Some((_, first_open)) = task.next_step().filter(|(i, _)| *i < step) {
                return Err(BoardError::OutOfOrder {
                    step: target.title.clone(),
                    first_open: first_open.title.clone(),
                });
            }
        }
        let violation = open_test.is_some();
        if let Some(target) = task.steps.get_mut(step) {
            target.done_at = Some(now);
            target.violation = violation;
        }
        Ok(StepOutcome { violation })
    }

    /// Unticks step `step` (0-based) of the task in focus, clearing its flag too.
    pub fn uncheck(&mut self, id: TaskId, step: usize) -> Result<(), BoardError> {
        let task = self.focused_mut(id)?;
        let target = Self::step_of(task, step)?;
        if !target.is_done() {
            return Err(BoardError::NotTicked {
                step: target.title.clone(),
            });
        }
        if let Some(target) = task.steps.get_mut(step) {
            target.done_at = None;
            target.violation = false;
        }
        Ok(())
    }

    /// Replaces the checklist template (1 to [`MAX_TEMPLATE_STEPS`] steps, titles trimmed).
    /// Only tasks created afterwards get it.
    pub fn set_template(&mut self, steps: Vec<StepTemplate>) -> Result<(), BoardError> {
        self.template = clean_template(steps)?;
        Ok(())
    }

    /// Switches between strict and lenient checking. Flags set while lenient stay. Never
    /// refused; it returns a `Result` like every other operation.
    pub fn set_strict(&mut self, strict: bool) -> Result<(), BoardError> {
        self.strict = strict;
        Ok(())
    }
}
