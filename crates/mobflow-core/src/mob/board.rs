//! Board commands on the mob, in two families: tasks (added, edited, moved between the
//! backlog, the focus and the parking lot) and their checklists (steps ticked, tasks finished
//! and reopened, the template, strictness). The board changes, and the event records who was
//! driving.

use super::Handled;
use crate::board::{Board, TaskId, MAX_DONE_KEPT};
use crate::{Command, Event, Mob, Person, Phase, Record, Timestamp};

impl Mob {
    /// Who is at the keyboard: the driver while a session is on, else nobody.
    pub fn at_keyboard(&self) -> Option<Person> {
        match self.phase {
            Phase::Running { .. } | Phase::Paused { .. } | Phase::Handover { .. } => {
                self.person(self.driver)
            }
            Phase::Idle | Phase::Break { .. } => None,
        }
    }

    /// Runs a task command: `None` when it is not one, else the records it made.
    pub(super) fn execute_tasks(&mut self, command: &Command, now: Timestamp) -> Handled {
        let driver = self.at_keyboard();
        let board = &mut self.board;
        let event = match command {
            Command::AddTask {
                title,
                notes,
                acceptance,
            } => {
                let task = board.add_task(title, notes, acceptance, now)?;
                let title = title_of(board, task);
                Event::TaskAdded {
                    task,
                    title,
                    parked: false,
                    driver,
                }
            }
            Command::ParkThought { text } => {
                let task = board.park_thought(text, now)?;
                let title = title_of(board, task);
                Event::TaskAdded {
                    task,
                    title,
                    parked: true,
                    driver,
                }
            }
            &Command::EditTask {
                task,
                ref title,
                ref notes,
                ref acceptance,
            } => {
                board.edit_task(task, title.clone(), notes.clone(), acceptance.clone())?;
                let title = title_of(board, task);
                Event::TaskEdited {
                    task,
                    title,
                    driver,
                }
            }
            &Command::MoveTask { task, to } => {
                board.move_in_backlog(task, to as usize)?;
                Event::TaskMoved { task, to, driver }
            }
            &Command::FocusTask { task } => {
                board.focus(task, now)?;
                let title = title_of(board, task);
                Event::TaskFocused {
                    task,
                    title,
                    driver,
                }
            }
            &Command::ParkTask { task } => {
                board.park(task)?;
                Event::TaskParked { task, driver }
            }
            &Command::UnparkTask { task } => {
                board.to_backlog(task)?;
                Event::TaskUnparked { task, driver }
            }
            _ => return Ok(None),
        };
        Ok(Some(self.made(now, event)))
    }

    /// Archives done tasks beyond the `keep` most recent: each leaves the board and goes to
    /// history whole, as a `TaskArchived` record at `at`.
    pub(super) fn archive_done_tasks(
        &mut self,
        keep: usize,
        at: Timestamp,
        records: &mut Vec<Record>,
    ) {
        for task in self.board.archive_done(keep) {
            let task = Box::new(task);
            self.push(at, Event::TaskArchived { task }, records);
        }
    }

    /// Runs a checklist command: `None` when it is not one, else the records it made.
    pub(super) fn execute_checklist(&mut self, command: &Command, now: Timestamp) -> Handled {
        let driver = self.at_keyboard();
        let board = &mut self.board;
        let event = match command {
            &Command::FinishTask {
                task,
                ref override_reason,
            } => {
                board.finish(task, override_reason.clone(), now)?;
                let done = board.get(task).expect("finished above");
                Event::TaskFinished {
                    task,
                    title: done.title.clone(),
                    steps_left: done.steps_left() as u32,
                    override_reason: done.override_reason.clone(),
                    test_first: done.test_first_ok(),
                    created_at: done.created_at,
                    first_focused_at: done.first_focused_at,
                    driver,
                }
            }
            &Command::ReopenTask { task } => {
                board.reopen(task)?;
                Event::TaskReopened { task, driver }
            }
            &Command::CheckStep { task, step } => {
                let outcome = board.check(task, step as usize, now)?;
                let ticked = board
                    .get(task)
                    .and_then(|t| t.steps.get(step as usize))
                    .expect("ticked above");
                Event::StepChecked {
                    task,
                    step,
                    title: ticked.title.clone(),
                    step_kind: ticked.kind,
                    violation: outcome.violation,
                    driver,
                    run: None,
                }
            }
            &Command::UncheckStep { task, step } => {
                board.uncheck(task, step as usize)?;
                Event::StepUnchecked { task, step, driver }
            }
            Command::SetChecklist { steps } => {
                board.set_template(steps.clone())?;
                let steps = board.template.len() as u32;
                Event::ChecklistSet { steps }
            }
            &Command::SetStrict { strict } => {
                board.set_strict(strict)?;
                Event::StrictSet { strict }
            }
            _ => return Ok(None),
        };
        let mut records = self.made(now, event);
        if matches!(command, Command::FinishTask { .. }) {
            self.archive_done_tasks(MAX_DONE_KEPT, now, &mut records);
        }
        Ok(Some(records))
    }
}

/// The title of `task` (empty when there is none).
fn title_of(board: &Board, task: TaskId) -> String {
    board.get(task).map(|t| t.title.clone()).unwrap_or_default()
}
