//! The mob's tests as callers see them: where they stand (in every snapshot), and on demand the
//! last run's output and what the shell watches.

use mobflow_core::{Mob, TestState, Timestamp};
use serde::{Deserialize, Serialize};

/// Where the mob's tests stand, as every view shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct TestView {
    pub state: TestState,
    /// Running: when the run started; green or red: when the last run finished.
    #[cfg_attr(any(test, feature = "ts"), ts(type = "string | null"))]
    pub at: Option<Timestamp>,
    /// How long the last run took (`null` while running or before any run).
    #[cfg_attr(any(test, feature = "ts"), ts(type = "number | null"))]
    pub duration_ms: Option<u64>,
    /// The run going on, or the last one.
    #[cfg_attr(any(test, feature = "ts"), ts(type = "number | null"))]
    pub run: Option<u64>,
    /// While running: whether the last finished run was green (`null`: none yet).
    pub last_passed: Option<bool>,
    /// The last run's exit code (`null`: ended by a signal, or none yet).
    pub exit_code: Option<i32>,
    pub timed_out: bool,
    /// Another run was asked for and starts after this one.
    pub queued: bool,
    /// A test command is set.
    pub configured: bool,
    /// The turn's time is up while red: it hands over at the next green, or when this runs
    /// out.
    pub green_wait: Option<GreenWaitView>,
}

/// A turn waiting for a green run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct GreenWaitView {
    /// When the grace runs out.
    #[cfg_attr(any(test, feature = "ts"), ts(type = "string"))]
    pub until: Timestamp,
    #[cfg_attr(any(test, feature = "ts"), ts(type = "number"))]
    pub left_ms: u64,
}

impl TestView {
    pub fn of(mob: &Mob, now: Timestamp) -> TestView {
        let tests = &mob.tests;
        let result = tests.result.as_ref();
        let running = tests.running.as_ref();
        TestView {
            state: tests.state(),
            at: running.map(|r| r.started_at).or(result.map(|r| r.at)),
            duration_ms: running
                .is_none()
                .then(|| result.map(|r| r.duration_ms))
                .flatten(),
            run: running.map(|r| r.run).or(result.map(|r| r.run)),
            last_passed: result.map(|r| r.passed),
            exit_code: result.and_then(|r| r.exit_code),
            timed_out: result.is_some_and(|r| r.timed_out),
            queued: tests.queued.is_some(),
            configured: mob.settings.tests.is_on(),
            green_wait: tests.green_wait.map(|wait| GreenWaitView {
                until: wait.until,
                left_ms: mob.green_wait_left_ms(now).unwrap_or(0),
            }),
        }
    }
}

/// The test command's details, on demand: the last run's output and what is watched.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct TestReport {
    /// The last finished run's output (`null` before any run).
    pub output: Option<TestOutput>,
    pub watch: WatchView,
}

/// What the shell watches for changes that start a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct WatchView {
    /// The folder watched; empty when nothing is.
    pub folder: String,
    /// How many folders in it are watched (those its .gitignore files leave); 0 until ready.
    pub folders: u32,
    /// Why the folder is not watched, when it cannot be.
    pub error: Option<String>,
}

/// The last finished run's output, shown on demand (the end of it, bounded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct TestOutput {
    #[cfg_attr(any(test, feature = "ts"), ts(type = "number"))]
    pub run: u64,
    pub passed: bool,
    pub command: String,
    pub output_tail: String,
}
