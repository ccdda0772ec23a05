//! The app's side: starts a supervisor, reads its one report line with a deadline, then waits
//! for it to exit, on the hook's own thread.

use std::io::Read;
use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use super::{poll_millis, HookRun, Job, ARG};
use crate::clock;

/// How long past its limit the app waits for a supervisor's report before giving up on it.
const REPORT_GRACE: Duration = Duration::from_secs(10);
/// The longest report line the app accepts (the tail, JSON-escaped, fits many times).
const MAX_REPORT: usize = 64 * 1024;

/// Runs `job` under a supervisor. `report` gets the outcome as soon as the shell exits or the
/// limit passes; then this waits for the supervisor, which exits once nothing the hook started
/// is left (at the limit at the latest). Blocking: call it on the hook's own thread.
pub fn run(job: &Job, report: impl FnOnce(HookRun)) {
    let mut supervisor = match spawn(job) {
        Ok(child) => child,
        Err(error) => return report(HookRun::failed(format!("could not start: {error}"))),
    };
    let line = match supervisor.stdout.take() {
        Some(stdout) => read_report(stdout, job.limit + REPORT_GRACE),
        None => Err("no pipe to the hook's supervisor".to_owned()),
    };
    let run = match line.and_then(|line| {
        serde_json::from_slice::<HookRun>(&line)
            .map_err(|e| format!("the hook's supervisor said something else: {e}"))
    }) {
        Ok(run) => run,
        Err(why) => {
            // Its hook's processes are no longer watched; at least the supervisor goes.
            let _ = supervisor.kill();
            HookRun::failed(why)
        }
    };
    report(run);
    if let Err(error) = supervisor.wait() {
        eprintln!("mobflow: could not wait for a hook's supervisor: {error}");
    }
}

fn spawn(job: &Job) -> std::io::Result<Child> {
    // /proc/self/exe is the file this app runs from even after an upgrade replaced it on disk,
    // so both ends always speak the same protocol; current_exe() is the fallback without /proc.
    match supervisor_command(Path::new("/proc/self/exe"), job).spawn() {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            supervisor_command(&std::env::current_exe()?, job).spawn()
        }
        spawned => spawned,
    }
}

fn supervisor_command(exe: &Path, job: &Job) -> Command {
    let mut cmd = Command::new(exe);
    // The hooks it runs get the environment the app was started with.
    crate::webkit::as_launched(&mut cmd)
        .arg0("mobflow-hook")
        .arg(ARG)
        .arg(job.limit.as_millis().to_string())
        .arg(job.cwd.as_deref().unwrap_or(Path::new("")))
        .arg(&job.command)
        .envs(job.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        // Its own group: a Ctrl+C meant for the app's terminal does not stop the sweep.
        .process_group(0);
    cmd
}

/// Reads the supervisor's one line, giving up after `within`.
fn read_report(mut pipe: ChildStdout, within: Duration) -> Result<Vec<u8>, String> {
    let deadline = clock::read().mono + within;
    let mut line = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(clock::read().mono);
        if left.is_zero() {
            return Err(format!(
                "the hook's supervisor gave no report within {} s of its limit",
                REPORT_GRACE.as_secs()
            ));
        }
        if !readable_within(&pipe, left)? {
            continue;
        }
        match pipe.read(&mut buf) {
            Ok(0) => return Err("the hook's supervisor ended without a report".to_owned()),
            Ok(n) => {
                line.extend_from_slice(&buf[..n]);
                if let Some(end) = line.iter().position(|&b| b == b'\n') {
                    line.truncate(end);
                    return Ok(line);
                }
                if line.len() > MAX_REPORT {
                    return Err("the hook's supervisor sent an overlong report".to_owned());
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("could not read the hook's report: {e}")),
        }
    }
}

/// Waits until `fd` can be read (data or end of file) or `wait` passes.
fn readable_within(fd: &impl AsRawFd, wait: Duration) -> Result<bool, String> {
    let mut pfd = libc::pollfd {
        fd: fd.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: poll() reads and writes one pollfd that lives on this stack frame.
    let ready = unsafe { libc::poll(&mut pfd, 1, poll_millis(wait)) };
    if ready < 0 {
        let error = std::io::Error::last_os_error();
        if error.kind() == std::io::ErrorKind::Interrupted {
            return Ok(false);
        }
        return Err(format!("could not wait for the hook's report: {error}"));
    }
    Ok(ready > 0)
}
