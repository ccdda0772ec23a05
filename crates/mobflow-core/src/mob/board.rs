//! Board commands on the mob: the board changes, and the event records who was driving.

use crate::board::{Board, TaskId};
use crate::{Command, CoreError, Event, Mob, Person, Phase, Record, Timestamp};

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

    /// Runs a board command; `Ok(false)` when the command is not about the board.
    pub(super) fn execute_board(
        &mut self,
        command: &Command,
        now: Timestamp,
        records: &mut Vec<Record>,
    ) -> Result<bool, CoreError> {
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
            _ => return Ok(false),
        };
        self.push(now, event, records);
        Ok(true)
    }
}
