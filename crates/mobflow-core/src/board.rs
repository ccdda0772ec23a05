//! The single-task focus board and its test-first checklist.
//!
//! The mob works on one task at a time: at most one task is ever in [`Column::Focus`]. Every
//! task carries a checklist copied from the board's template when the task is created; in
//! strict mode the checklist is ticked in order and no code step is ticked before the tests
//! are, in lenient mode anything goes but a code step ticked ahead of the tests is flagged.
//!
//! Like the rest of the core, the board does no IO and never reads a clock: operations that
//! record a time take `now`. Every refused operation leaves the board exactly as it was.
//!
//! `task` holds what is on the board (tasks, columns, steps, the template), `clean` the
//! refusals and the checks of what people type, `limits` how much the board holds, `evidence`
//! the ticks test runs prove; this file the board and its operations.

mod clean;
mod evidence;
mod limits;
mod task;

use serde::{Deserialize, Serialize};

use crate::Timestamp;

pub use clean::{clean_acceptance, clean_notes, clean_template, clean_title, BoardError};
pub use limits::{MAX_DONE_KEPT, MAX_OPEN_TASKS, MAX_PARKED_TASKS};
pub use task::{default_template, Column, Step, StepKind, StepOutcome, StepTemplate, Task, TaskId};

use clean::clean_reason;

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

/// The focus board: the tasks not done yet, the recently done ones (the rest are archived to
/// history), the checklist template and the checking mode. Every list is bounded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Board {
    /// The tasks in display order: every open task, and at most [`MAX_DONE_KEPT`] done ones.
    /// The backlog's priority order is the order of its tasks here.
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

    /// Why `id` is not on the board: ids are handed out in order and a task leaves the board
    /// only when it is archived, so a known id that is missing was archived.
    fn missing(&self, id: TaskId) -> BoardError {
        if id.0 > 0 && id.0 <= self.next_id {
            BoardError::Archived(id)
        } else {
            BoardError::UnknownTask(id)
        }
    }

    fn position(&self, id: TaskId) -> Result<usize, BoardError> {
        self.tasks
            .iter()
            .position(|t| t.id == id)
            .ok_or_else(|| self.missing(id))
    }

    fn task_mut(&mut self, id: TaskId) -> Result<&mut Task, BoardError> {
        let at = self.position(id)?;
        Ok(&mut self.tasks[at])
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
        self.check_room(Column::Backlog)?;
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
        self.check_room(Column::Parked)?;
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

    /// Parks a task that is not done, while the parking lot has room. Parking a parked task
    /// does nothing.
    pub fn park(&mut self, id: TaskId) -> Result<(), BoardError> {
        let parked = self.in_column(Column::Parked).count();
        let task = self.task_mut(id)?;
        match task.column {
            Column::Done => {
                return Err(BoardError::TaskDone {
                    title: task.title.clone(),
                    action: "park it",
                })
            }
            Column::Parked => return Ok(()),
            Column::Backlog | Column::Focus if parked >= MAX_PARKED_TASKS => {
                return Err(BoardError::ParkingFull {
                    max: MAX_PARKED_TASKS,
                })
            }
            Column::Backlog | Column::Focus => {}
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
        let open = self.open_count();
        let task = &mut self.tasks[at];
        if task.column != Column::Done {
            return Err(BoardError::NotDone {
                title: task.title.clone(),
            });
        }
        if open >= MAX_OPEN_TASKS {
            return Err(BoardError::BoardFull {
                max: MAX_OPEN_TASKS,
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

    /// Unticks step `step` (0-based) of the task in focus, clearing its flag and its evidence
    /// too.
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
            target.run = None;
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
