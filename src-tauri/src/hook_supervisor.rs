//! The hook supervisor: a small process between the app and a hook's shell, so that a hook can
//! leak neither a process nor, in the app, a thread or a descriptor.
//!
//! The app starts its own binary again (`/proc/self/exe`, the very file it runs from) with
//! [`ARG`] first, and `main` hands over to [`run_if_requested`] before anything else starts.
//! The supervisor:
//! - makes itself a child subreaper, so the orphans a hook leaves (a `setsid` child, a double
//!   fork) are reparented to it, not to init;
//! - runs `sh -c COMMAND` in a process group of its own, stdin from /dev/null, stdout and stderr
//!   into one pipe of which it keeps the last [`OUTPUT_TAIL`] bytes;
//! - writes one line, a JSON [`HookRun`], on its stdout as soon as the shell exits or the time
//!   limit passes, whatever the shell's children do;
//! - lets what the shell left running go on until the limit (reading and dropping its output so
//!   it never blocks on a full pipe), and exits as soon as nothing is left;
//! - at the limit kills the shell's group, then sweeps: kills every child it has (and the group
//!   each one leads), reaps them, and repeats until none is left, so escapees end too.
//!
//! The app side, [`run`] (`app.rs`), reads that one line on the hook's thread with a deadline,
//! then waits for the supervisor to exit: the thread and the pipe last as long as the hook, no
//! longer.
//! The arguments and the line are private to one binary: both ends are always the same build.
//!
//! The supervisor's side is `supervisor.rs` (the process: start, report, drain, limit) and
//! `children.rs` (reaping and sweeping what the hook left behind).

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

mod app;
mod children;
mod supervisor;

pub use app::run;
pub use supervisor::run_if_requested;

/// The first argument that makes the binary a hook supervisor: `ARG LIMIT_MS CWD COMMAND`
/// (an empty CWD keeps the current folder).
pub const ARG: &str = "--mobflow-hook-supervisor";
/// How much of a hook's output history keeps (its end).
pub const OUTPUT_TAIL: usize = 2000;

/// The outcome of one run: the supervisor's report line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HookRun {
    pub exit_code: Option<i32>,
    pub timed_out: bool,
    pub output_tail: String,
}

impl HookRun {
    fn failed(why: String) -> HookRun {
        HookRun {
            exit_code: None,
            timed_out: false,
            output_tail: why,
        }
    }
}

/// One hook to run: what `sh -c` gets, where, with what, for how long.
#[derive(Debug, Clone)]
pub struct Job {
    pub command: String,
    pub cwd: Option<PathBuf>,
    pub env: Vec<(&'static str, String)>,
    pub limit: Duration,
}

/// A poll() timeout: whole milliseconds, rounded up so a wait never ends early.
fn poll_millis(wait: Duration) -> libc::c_int {
    let ms = wait.as_nanos().div_ceil(1_000_000);
    libc::c_int::try_from(ms).unwrap_or(libc::c_int::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_poll_wait_is_never_rounded_down() {
        assert_eq!(
            poll_millis(Duration::from_micros(1)),
            1,
            "up to a millisecond"
        );
        assert_eq!(poll_millis(Duration::from_millis(1500)), 1500);
        assert_eq!(
            poll_millis(Duration::from_secs(u64::MAX)),
            libc::c_int::MAX,
            "a huge wait is clamped"
        );
    }
}
