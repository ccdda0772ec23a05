//! Running the test command once: `sh -c` in the folder, in a process group of its own, output
//! (stdout and stderr, interleaved) read into a bounded tail, ended at the time limit. When the
//! shell exits, whatever it left running in its group is ended too, so a run leaves nothing.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use mobflow_core::test_runs::MAX_TEST_OUTPUT;

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// `None` when it was ended by a signal or could not start.
    pub exit_code: Option<i32>,
    pub timed_out: bool,
    pub output_tail: String,
}

/// Runs `command` in `cwd` until it exits or `limit` passes, then ends its whole process group.
/// `started` gets the group's id as soon as it runs (to end it early). Blocking: call it on a
/// worker thread.
pub fn run_blocking(
    command: &str,
    cwd: &Path,
    run: u64,
    limit: Duration,
    started: impl FnOnce(i32),
) -> Outcome {
    let (mut reader, writer) = match std::io::pipe() {
        Ok(pipe) => pipe,
        Err(error) => return failed(format!("could not make a pipe: {error}")),
    };
    let mut cmd = Command::new("/bin/sh");
    crate::webkit::as_launched(&mut cmd)
        .arg("-c")
        .arg(command)
        .current_dir(cwd)
        .env("MOBFLOW_TEST_RUN", run.to_string())
        .stdin(Stdio::null())
        .process_group(0);
    match writer.try_clone() {
        Ok(copy) => cmd.stdout(copy).stderr(writer),
        Err(error) => return failed(format!("could not make a pipe: {error}")),
    };
    let mut child = match cmd.spawn() {
        Ok(child) => child,
        Err(error) => {
            return failed(format!(
                "could not start `sh -c` in {}: {error}",
                cwd.display()
            ))
        }
    };
    // The pipe's write ends now live in the child only: the reader ends when the group does.
    drop(cmd);
    let group = child.id() as i32;
    started(group);
    let tail = std::thread::spawn(move || {
        let mut tail: Vec<u8> = Vec::new();
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            tail.extend_from_slice(&buf[..n]);
            if tail.len() > MAX_TEST_OUTPUT * 2 {
                tail.drain(..tail.len() - MAX_TEST_OUTPUT);
            }
        }
        tail
    });
    let (tx, rx) = mpsc::channel::<std::io::Result<ExitStatus>>();
    let waiter = std::thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    let (status, timed_out) = match rx.recv_timeout(limit) {
        Ok(status) => (status.ok(), false),
        Err(_) => {
            end_group(group);
            (rx.recv().ok().and_then(Result::ok), true)
        }
    };
    // The shell is gone; anything it left in its group goes too (and closes the pipe).
    end_group(group);
    let _ = waiter.join();
    let output = tail.join().unwrap_or_default();
    Outcome {
        exit_code: status.and_then(|s| s.code()),
        timed_out,
        output_tail: mobflow_core::test_runs::output_tail(&String::from_utf8_lossy(&output)),
    }
}

/// Ends process group `group` (a run's), if anything is left in it.
pub fn end_group(group: i32) {
    // SAFETY: kill() with a negative pid signals the process group of a run (made by
    // process_group(0)); it touches no memory. A group with no process left gives ESRCH.
    unsafe { libc::kill(-group, libc::SIGKILL) };
}

fn failed(why: String) -> Outcome {
    Outcome {
        exit_code: None,
        timed_out: false,
        output_tail: why,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(command: &str, limit: Duration) -> Outcome {
        run_blocking(command, Path::new("/tmp"), 7, limit, |_| {})
    }

    #[test]
    fn a_run_sees_its_folder_and_id_and_both_outputs_are_kept_in_order() {
        let outcome = run(
            "echo \"run $MOBFLOW_TEST_RUN in $(pwd)\"; echo oops >&2; exit 3",
            Duration::from_secs(20),
        );
        assert_eq!(
            outcome,
            Outcome {
                exit_code: Some(3),
                timed_out: false,
                output_tail: "run 7 in /tmp\noops".into()
            },
            "stdout then stderr, as they were written"
        );
    }

    /// Whether a live process (not a zombie waiting to be reaped) is left in group `group`.
    fn group_alive(group: i32) -> bool {
        let procs = std::fs::read_dir("/proc").expect("/proc is there");
        procs.flatten().any(|entry| {
            let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
            // After the name in parentheses: state, parent, group.
            let rest = stat.rsplit_once(") ").map_or("", |(_, rest)| rest);
            let fields: Vec<&str> = rest.split(' ').collect();
            fields.len() > 2 && fields[0] != "Z" && fields[2] == group.to_string()
        })
    }

    /// Whether group `group` is empty within 5 s (a killed process takes a moment to die): a
    /// bounded poll.
    fn gone(group: i32) -> bool {
        let deadline = crate::clock::read().mono + Duration::from_secs(5);
        while group_alive(group) {
            if crate::clock::read().mono > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        true
    }

    #[test]
    fn a_hanging_run_and_its_children_are_ended_at_the_limit() {
        let mut group = 0;
        let outcome = run_blocking(
            "echo started; (sleep 30; echo late) & sleep 30",
            Path::new("/tmp"),
            1,
            Duration::from_millis(300),
            |g| group = g,
        );
        assert!(outcome.timed_out, "the limit was hit");
        assert_eq!(outcome.exit_code, None, "ended by a signal: no exit code");
        assert_eq!(
            outcome.output_tail, "started",
            "what it said before is kept"
        );
        assert!(gone(group), "nothing of the run is left, children included");
    }

    #[test]
    fn what_a_run_leaves_running_is_ended_with_it() {
        let mut group = 0;
        let outcome = run_blocking(
            "sleep 30 & echo done",
            Path::new("/tmp"),
            1,
            Duration::from_secs(20),
            |g| group = g,
        );
        assert_eq!(outcome.exit_code, Some(0));
        assert!(!outcome.timed_out, "the shell exited at once");
        assert_eq!(outcome.output_tail, "done");
        assert!(gone(group), "the background sleep went with the run");
    }

    #[test]
    fn a_long_output_keeps_its_end_and_a_missing_folder_says_why() {
        let outcome = run("seq 1 20000", Duration::from_secs(20));
        assert!(outcome.output_tail.len() <= MAX_TEST_OUTPUT);
        assert!(outcome.output_tail.ends_with("19999\n20000"));
        let missing = run_blocking(
            "true",
            Path::new("/no/such/folder"),
            1,
            Duration::from_secs(5),
            |_| {},
        );
        assert_eq!(missing.exit_code, None);
        assert!(
            missing.output_tail.contains("/no/such/folder"),
            "{}",
            missing.output_tail
        );
    }
}
