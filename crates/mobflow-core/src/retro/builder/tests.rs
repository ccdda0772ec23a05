//! The tests family: runs of the mob's test command. It counts runs (per turn, per task),
//! measures how long the tests stood red and green, and counts red→green cycles and the
//! hand-overs on green and on red (definitions in the module docs, "Tests").

use super::Builder;
use crate::board::TaskId;
use crate::retro::{PointKind, TaskTests, TestStats, TurnTests};
use crate::{millis_between, EndReason, Event, Record, Timestamp};

/// The tests' state as the records go by.
#[derive(Default)]
pub(super) struct TestAcc {
    pub(super) stats: TestStats,
    /// How the tests stand in this session (green: `true`) and since when.
    standing: Option<(bool, Timestamp)>,
    /// Where the red stretch going on began.
    red_since: Option<Timestamp>,
}

impl TestAcc {
    /// The tests stop standing at `at` (a session begins or ends, or the retro closes).
    pub(super) fn close(&mut self, at: Timestamp) {
        self.stand_until(at);
        self.end_red(at);
        self.standing = None;
    }

    /// Adds the time the tests stood as they did up to `at`.
    fn stand_until(&mut self, at: Timestamp) {
        if let Some((green, since)) = self.standing {
            let ms = millis_between(since, at);
            if green {
                self.stats.green_ms += ms;
            } else {
                self.stats.red_ms += ms;
            }
        }
    }

    fn end_red(&mut self, at: Timestamp) {
        if let Some(since) = self.red_since.take() {
            let ms = millis_between(since, at);
            self.stats.longest_red_ms = self.stats.longest_red_ms.max(ms);
        }
    }

    /// A run finished at `at`: whether it was a cycle (green right after red).
    fn finish(&mut self, at: Timestamp, passed: bool) -> bool {
        self.stand_until(at);
        let was_red = matches!(self.standing, Some((false, _)));
        if passed {
            self.end_red(at);
        } else {
            self.red_since.get_or_insert(at);
        }
        self.standing = Some((passed, at));
        let stats = &mut self.stats;
        stats.runs += 1;
        if passed {
            stats.green += 1;
        } else {
            stats.red += 1;
        }
        let cycle = passed && was_red;
        if cycle {
            stats.cycles += 1;
        }
        cycle
    }
}

impl Builder {
    /// Watches the events the tests' figures need from other families: sessions (the tests
    /// stand within one) and turn ends (hand-overs). Every record passes here first.
    pub(super) fn watch_for_tests(&mut self, at: Timestamp, record: &Record) {
        match &record.event {
            Event::SessionStarted { .. } | Event::SessionEnded { .. } => self.tests.close(at),
            Event::TurnEnded { reason, .. } if *reason != EndReason::SessionEnded => {
                let stats = &mut self.tests.stats;
                match self.tests.standing {
                    Some((true, _)) => stats.handovers_on_green += 1,
                    Some((false, _)) => stats.handovers_on_red += 1,
                    None => {}
                }
                let said = match reason {
                    EndReason::Green => {
                        stats.waited_for_green += 1;
                        "handed over at the green run"
                    }
                    EndReason::StillRed => {
                        stats.grace_ran_out += 1;
                        "still red when the wait ran out: handed over"
                    }
                    _ => return,
                };
                let who = self.turn.as_ref().map(|t| t.driver.name.clone());
                self.point(PointKind::TestRun, at, record.session, said.to_owned(), who);
            }
            _ => {}
        }
    }

    /// Handles `record` (which counts at `at`) if its event is a test run; says whether it was.
    pub(super) fn test_event(&mut self, at: Timestamp, record: &Record) -> bool {
        match &record.event {
            Event::TestRunStarted { .. } => {}
            Event::WaitingForGreen { until, .. } => {
                let text = format!(
                    "time up while red: hand-over at the next green, or at {} UTC",
                    until.format("%H:%M")
                );
                let who = self.turn.as_ref().map(|t| t.driver.name.clone());
                self.point(PointKind::TestRun, at, record.session, text, who);
            }
            Event::TestRunFinished {
                run,
                exit_code,
                timed_out,
                passed,
                duration_ms,
                task,
                task_title,
                ..
            } => {
                let cycle = self.tests.finish(at, *passed);
                if *timed_out {
                    self.tests.stats.timed_out += 1;
                }
                self.count_in_turn(*passed);
                if let Some(task) = task {
                    let title = task_title.clone().unwrap_or_default();
                    count_for_task(&mut self.tests.stats.tasks, *task, title, *passed, cycle);
                }
                let outcome = match (passed, timed_out, exit_code) {
                    (true, _, _) => "green".to_owned(),
                    (false, true, _) => "red: timed out".to_owned(),
                    (false, false, Some(code)) => format!("red: exit {code}"),
                    (false, false, None) => "red: killed".to_owned(),
                };
                let secs = duration_ms / 1000;
                let text = format!("run {run} {outcome} ({secs}s)");
                let who = self.turn.as_ref().map(|t| t.driver.name.clone());
                self.point(PointKind::TestRun, at, record.session, text, who);
            }
            _ => return false,
        }
        true
    }

    /// Counts a run for the turn open now, if one is.
    fn count_in_turn(&mut self, passed: bool) {
        let Some(open) = &self.turn else { return };
        let turns = &mut self.tests.stats.turns;
        let same = |t: &TurnTests| t.session == open.session && t.turn == open.turn;
        if !turns.last().is_some_and(same) {
            turns.push(TurnTests {
                session: open.session,
                turn: open.turn,
                driver: open.driver.name.clone(),
                runs: 0,
                green: 0,
                red: 0,
            });
        }
        if let Some(turn) = turns.last_mut() {
            turn.runs += 1;
            if passed {
                turn.green += 1;
            } else {
                turn.red += 1;
            }
        }
    }
}

/// Counts a run for `task` (named `title` now) in `tasks`.
fn count_for_task(
    tasks: &mut Vec<TaskTests>,
    task: TaskId,
    title: String,
    passed: bool,
    cycle: bool,
) {
    let at = match tasks.iter().position(|t| t.task == task) {
        Some(at) => at,
        None => {
            tasks.push(TaskTests {
                task,
                title: String::new(),
                runs: 0,
                green: 0,
                red: 0,
                cycles: 0,
            });
            tasks.len() - 1
        }
    };
    let entry = &mut tasks[at];
    entry.title = title;
    entry.runs += 1;
    if passed {
        entry.green += 1;
    } else {
        entry.red += 1;
    }
    if cycle {
        entry.cycles += 1;
    }
}
