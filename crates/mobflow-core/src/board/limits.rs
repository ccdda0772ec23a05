//! How much the board holds: open tasks, parked ones, and done ones (the rest are archived to
//! history by the mob).

use super::{Board, BoardError, Column, Task, TaskId};
use crate::Timestamp;

/// The most tasks not done yet (backlog, focus and parked together) the board holds.
pub const MAX_OPEN_TASKS: usize = 200;
/// The most tasks the parking lot holds (they count as open tasks too).
pub const MAX_PARKED_TASKS: usize = 50;
/// The most done tasks the board keeps; older ones are archived to history. Every done task
/// is archived when its session ends.
pub const MAX_DONE_KEPT: usize = 50;

impl Board {
    /// How many tasks are not done (backlog, focus, parked).
    pub fn open_count(&self) -> usize {
        self.tasks
            .iter()
            .filter(|t| t.column != Column::Done)
            .count()
    }

    /// Refuses a new task when the board (or, for a parked one, the parking lot) is full.
    pub(super) fn check_room(&self, column: Column) -> Result<(), BoardError> {
        if self.open_count() >= MAX_OPEN_TASKS {
            return Err(BoardError::BoardFull {
                max: MAX_OPEN_TASKS,
            });
        }
        if column == Column::Parked && self.in_column(Column::Parked).count() >= MAX_PARKED_TASKS {
            return Err(BoardError::ParkingFull {
                max: MAX_PARKED_TASKS,
            });
        }
        Ok(())
    }

    /// Takes done tasks off the board, oldest first, until at most `keep` remain; returns
    /// them (the caller archives them to history).
    pub fn archive_done(&mut self, keep: usize) -> Vec<Task> {
        let mut done: Vec<(Option<Timestamp>, TaskId)> = self
            .in_column(Column::Done)
            .map(|t| (t.done_at, t.id))
            .collect();
        if done.len() <= keep {
            return Vec::new();
        }
        done.sort();
        let leaving: Vec<TaskId> = done[..done.len() - keep].iter().map(|d| d.1).collect();
        let (gone, stay): (Vec<Task>, Vec<Task>) = std::mem::take(&mut self.tasks)
            .into_iter()
            .partition(|t| leaving.contains(&t.id));
        self.tasks = stay;
        gone
    }
}
