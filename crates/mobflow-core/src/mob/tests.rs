//! Test commands on the mob: a run asked for (started now, or queued behind the run going on)
//! and a run's outcome (red or green, ticks it proves on the checklist, the hand-over at the
//! next green); and what a turn does when its time is up while the tests are red.

use super::Handled;
use crate::test_runs::{output_tail, GreenWait, RunningTest, TestResult, TestTrigger};
use crate::{millis_between, Command, CoreError, EndReason, Event, Mob, Phase, Record, Timestamp};

impl Mob {
    /// Runs a test command: `None` when it is not one, else the records it made.
    pub(super) fn execute_tests(&mut self, command: &Command, now: Timestamp) -> Handled {
        let mut records = Vec::new();
        match command {
            Command::RunTests { trigger } => self.run_tests(*trigger, now, &mut records)?,
            Command::FinishTestRun {
                run,
                exit_code,
                timed_out,
                output_tail,
            } => {
                let outcome = Outcome {
                    exit_code: *exit_code,
                    timed_out: *timed_out,
                    output: output_tail,
                };
                self.finish_test_run(*run, outcome, now, &mut records)?;
            }
            _ => return Ok(None),
        }
        Ok(Some(records))
    }

    /// Starts a run now, or, when one is going on, queues one to start when it finishes (a
    /// request by someone outranks one by the watcher). Never two at once.
    fn run_tests(
        &mut self,
        trigger: TestTrigger,
        now: Timestamp,
        records: &mut Vec<Record>,
    ) -> Result<(), CoreError> {
        if !self.settings.tests.is_on() {
            return Err(CoreError::NoTestCommand);
        }
        if self.tests.running.is_some() {
            let queued = self.tests.queued.get_or_insert(trigger);
            if trigger == TestTrigger::Manual {
                *queued = trigger;
            }
            return Ok(());
        }
        self.start_test_run(trigger, now, records);
        Ok(())
    }

    fn start_test_run(&mut self, trigger: TestTrigger, now: Timestamp, records: &mut Vec<Record>) {
        let run = self.tests.last_run + 1;
        self.tests.last_run = run;
        let command = self.settings.tests.command.clone();
        self.tests.running = Some(RunningTest {
            run,
            started_at: now,
            command: command.clone(),
        });
        let event = Event::TestRunStarted {
            run,
            command,
            trigger,
        };
        self.push(now, event, records);
    }

    /// Records how run `run` ended: green when it exited 0 within its limit, else red. With
    /// evidence on, ticks what it proves; a green run hands over a turn waiting for green; a
    /// run queued meanwhile starts.
    fn finish_test_run(
        &mut self,
        run: u64,
        outcome: Outcome<'_>,
        now: Timestamp,
        records: &mut Vec<Record>,
    ) -> Result<(), CoreError> {
        let Some(running) = self.tests.running.take_if(|r| r.run == run) else {
            return Err(CoreError::UnknownTestRun { run });
        };
        let passed = outcome.exit_code == Some(0) && !outcome.timed_out;
        let was_red = self.tests.last_red();
        let result = TestResult {
            run,
            command: running.command.clone(),
            passed,
            exit_code: outcome.exit_code,
            timed_out: outcome.timed_out,
            at: now,
            duration_ms: millis_between(running.started_at, now),
            output_tail: output_tail(outcome.output),
        };
        let focus = self.board.in_focus();
        let event = Event::TestRunFinished {
            run,
            command: running.command,
            exit_code: result.exit_code,
            timed_out: result.timed_out,
            passed,
            duration_ms: result.duration_ms,
            output_tail: result.output_tail.clone(),
            task: focus.map(|t| t.id),
            task_title: focus.map(|t| t.title.clone()),
        };
        self.push(now, event, records);
        self.tests.result = Some(result);
        if self.settings.tests.evidence {
            self.tick_proven(run, passed, was_red, now, records);
        }
        let waiting = self.tests.green_wait.is_some() && self.away.is_none();
        if passed && waiting && matches!(self.phase, Phase::Running { .. }) {
            self.finish_turn(now, EndReason::Green, records);
        }
        if let Some(trigger) = self.tests.queued.take() {
            self.start_test_run(trigger, now, records);
        }
        Ok(())
    }

    /// Ticks the checklist step run `run` proves on the task in focus, recording the run.
    fn tick_proven(
        &mut self,
        run: u64,
        passed: bool,
        was_red: bool,
        now: Timestamp,
        records: &mut Vec<Record>,
    ) {
        let driver = self.at_keyboard();
        let Some((task, step)) = self.board.tick_proven(run, passed, was_red, now) else {
            return;
        };
        let Some(ticked) = self.board.get(task).and_then(|t| t.steps.get(step)) else {
            return;
        };
        let event = Event::StepChecked {
            task,
            step: step as u32,
            title: ticked.title.clone(),
            step_kind: ticked.kind,
            violation: false,
            driver,
            run: Some(run),
        };
        self.push(now, event, records);
    }

    /// The turn's time is up at `deadline` (seen at `now`). With rotate-at-green on and the
    /// tests red, it waits for a green run, at most the grace, and ends when the grace runs
    /// out (or at once, when the setting is turned off meanwhile); else it ends at its
    /// deadline. Returns whether the turn ended.
    pub(super) fn time_up(
        &mut self,
        deadline: Timestamp,
        now: Timestamp,
        records: &mut Vec<Record>,
    ) -> bool {
        let tests = &self.settings.tests;
        let wait_on = tests.is_on() && tests.rotate_at_green;
        if self.tests.green_wait.is_none() && wait_on && self.tests.last_red() {
            let until = deadline + tests.green_grace();
            self.tests.green_wait = Some(GreenWait {
                since: deadline,
                until,
            });
            let turn = self.turn;
            self.push(deadline, Event::WaitingForGreen { turn, until }, records);
        }
        match self.tests.green_wait {
            Some(_) if !wait_on => self.finish_turn(now, EndReason::TimeUp, records),
            Some(wait) if now < wait.until => return false,
            Some(wait) => self.finish_turn(wait.until, EndReason::StillRed, records),
            None => self.finish_turn(deadline, EndReason::TimeUp, records),
        }
        true
    }

    /// With the test command turned off, the last result and any run going on are forgotten.
    pub(super) fn forget_tests_when_off(&mut self) {
        if !self.settings.tests.is_on() {
            self.tests.result = None;
            self.tests.running = None;
            self.tests.queued = None;
        }
    }

    /// How long the turn still waits for green at `now` (`None` when it does not wait).
    pub fn green_wait_left_ms(&self, now: Timestamp) -> Option<u64> {
        let wait = self.tests.green_wait?;
        Some(millis_between(self.shown_at(now), wait.until))
    }
}

/// What the shell says about a finished run.
struct Outcome<'a> {
    exit_code: Option<i32>,
    timed_out: bool,
    output: &'a str,
}
