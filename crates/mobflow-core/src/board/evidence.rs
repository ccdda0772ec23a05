//! Ticks a test run proves, on the task in focus: a red run after the acceptance test proves
//! the failing unit test, and the green run that follows a red one proves "green".
//!
//! Only the first open step is ever proven, and a code step only once every test step is
//! ticked, so a tick by a run keeps strict mode's order and is never flagged in lenient mode.

use super::{Board, StepKind, TaskId};
use crate::Timestamp;

impl Board {
    /// The step of the task in focus that a run proves, if any: for a red run, the first open
    /// step when it is a test step with a ticked test step before it (the acceptance test is
    /// written, so the red is the new unit test failing); for a green run after a red one, the
    /// first open step when it is the checklist's first code step and no test step is open.
    pub fn proven_step(&self, passed: bool, was_red: bool) -> Option<(TaskId, usize)> {
        let task = self.in_focus()?;
        let (next, step) = task.next_step()?;
        let before = &task.steps[..next];
        let proven = match step.kind {
            StepKind::Test if !passed => before
                .iter()
                .any(|s| s.kind == StepKind::Test && s.is_done()),
            StepKind::Code if passed && was_red => {
                task.first_open_test().is_none() && before.iter().all(|s| s.kind != StepKind::Code)
            }
            _ => false,
        };
        proven.then_some((task.id, next))
    }

    /// Ticks the step run `run` proves (see [`Board::proven_step`]) and records the run on it.
    /// Returns the task and the step ticked.
    pub fn tick_proven(
        &mut self,
        run: u64,
        passed: bool,
        was_red: bool,
        now: Timestamp,
    ) -> Option<(TaskId, usize)> {
        let (task, step) = self.proven_step(passed, was_red)?;
        let outcome = self.check(task, step, now).ok()?;
        debug_assert!(!outcome.violation, "a proven step is never out of order");
        self.task_mut(task).ok()?.steps.get_mut(step)?.run = Some(run);
        Some((task, step))
    }
}
