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
//! The app side, [`run`], reads that one line on the hook's thread with a deadline, then waits
//! for the supervisor to exit: the thread and the pipe last as long as the hook, no longer.
//! The arguments and the line are private to one binary: both ends are always the same build.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::clock;

/// The first argument that makes the binary a hook supervisor: `ARG LIMIT_MS CWD COMMAND`
/// (an empty CWD keeps the current folder).
pub const ARG: &str = "--mobflow-hook-supervisor";
/// How much of a hook's output history keeps (its end).
pub const OUTPUT_TAIL: usize = 2000;
/// How long past its limit the app waits for a supervisor's report before giving up on it.
const REPORT_GRACE: Duration = Duration::from_secs(10);
/// The longest report line the app accepts (the tail, JSON-escaped, fits many times).
const MAX_REPORT: usize = 64 * 1024;
/// At most this much output is read in one go, so a chatty child cannot hold the loop.
const DRAIN_BUDGET: usize = 1024 * 1024;
/// A bound on sweep rounds (each ends at least one process; a tree is never this deep).
const SWEEP_ROUNDS: usize = 10_000;

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

// ---------------------------------------------------------------------------------------------
// The app's side.

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
    cmd.arg0("mobflow-hook")
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

/// A poll() timeout: whole milliseconds, rounded up so a wait never ends early.
fn poll_millis(wait: Duration) -> libc::c_int {
    let ms = wait.as_nanos().div_ceil(1_000_000);
    libc::c_int::try_from(ms).unwrap_or(libc::c_int::MAX)
}

// ---------------------------------------------------------------------------------------------
// The supervisor's side.

/// When this process was started as a hook supervisor, supervises and gives the exit code;
/// otherwise `None` at once. Call it first thing in `main`.
pub fn run_if_requested() -> Option<ExitCode> {
    let mut args = std::env::args_os();
    if args.nth(1).as_deref() != Some(OsStr::new(ARG)) {
        return None;
    }
    let args: Vec<OsString> = args.collect();
    Some(supervise(&args))
}

fn supervise(args: &[OsString]) -> ExitCode {
    let [limit, cwd, command] = args else {
        say(&HookRun::failed(format!(
            "the hook supervisor takes {ARG} LIMIT_MS CWD COMMAND"
        )));
        return ExitCode::from(2);
    };
    let Some(limit) = limit.to_str().and_then(|s| s.parse::<u64>().ok()) else {
        say(&HookRun::failed(format!(
            "the hook supervisor's limit is not a number of milliseconds: {limit:?}"
        )));
        return ExitCode::from(2);
    };
    let deadline = clock::read().mono + Duration::from_millis(limit);
    become_supervisor();
    let (signals, output) = match child_signals().and_then(|s| Ok((s, output_pipe()?))) {
        Ok(fds) => fds,
        Err(error) => {
            say(&HookRun::failed(format!("could not start: {error}")));
            return ExitCode::FAILURE;
        }
    };
    let (output, shell_output) = output;
    let shell = match start_shell(command, cwd, shell_output) {
        Ok(pid) => pid,
        Err(error) => {
            say(&HookRun::failed(format!("could not start: {error}")));
            return ExitCode::SUCCESS;
        }
    };
    let mut output = Some(output);
    let mut tail = Tail::default();
    let mut shell_status = None;
    let mut reported = false;
    loop {
        let reaped = reap(shell);
        shell_status = shell_status.or(reaped.shell);
        if let (Some(status), false) = (shell_status, reported) {
            drain(&mut output, Some(&mut tail));
            say(&HookRun {
                exit_code: exit_code(status),
                timed_out: false,
                output_tail: tail.text(),
            });
            reported = true;
        }
        if reported && reaped.none_left {
            return ExitCode::SUCCESS;
        }
        let left = deadline.saturating_duration_since(clock::read().mono);
        if left.is_zero() {
            break;
        }
        wait_for(&signals, output.as_ref(), left);
        drain(&mut output, if reported { None } else { Some(&mut tail) });
        drain_signals(&signals);
    }
    // The limit passed: the shell's group goes first, then whatever escaped it.
    if shell_status.is_none() {
        // SAFETY: kill() with a negative pid signals the shell's own process group (made by
        // process_group(0)); the shell is unreaped, so its pid, and the group, are not reused.
        // Once it is reaped the group is left to the sweep, which kills every child by pid.
        unsafe { libc::kill(-shell, libc::SIGKILL) };
    }
    if !reported {
        drain(&mut output, Some(&mut tail));
        say(&HookRun {
            exit_code: None,
            timed_out: true,
            output_tail: tail.text(),
        });
    }
    drop(output);
    sweep(shell);
    ExitCode::SUCCESS
}

/// Names the process, closes what it inherited from the app, becomes a subreaper.
fn become_supervisor() {
    // SAFETY: prctl() with these options takes plain integers (PR_SET_NAME a NUL-terminated
    // string that lives for the whole program).
    unsafe {
        libc::prctl(
            libc::PR_SET_NAME,
            c"mobflow-hook".as_ptr() as libc::c_ulong,
            0 as libc::c_ulong,
            0 as libc::c_ulong,
            0 as libc::c_ulong,
        );
        if libc::prctl(
            libc::PR_SET_CHILD_SUBREAPER,
            1 as libc::c_ulong,
            0 as libc::c_ulong,
            0 as libc::c_ulong,
            0 as libc::c_ulong,
        ) != 0
        {
            // Not eprintln!, which panics when the app that held our stderr is gone.
            let _ = writeln!(
                std::io::stderr(),
                "mobflow: a hook's escaped processes cannot be ended: {}",
                std::io::Error::last_os_error()
            );
        }
    }
    close_inherited();
}

/// Closes every descriptor above stderr, so no hook (or what it leaves) holds the app's
/// database, socket or instance lock, whatever the app forgot to mark close-on-exec.
fn close_inherited() {
    // SAFETY: close_range() closes descriptors this process has not handed to anything: the
    // supervisor has opened nothing yet, and std keeps no descriptor of its own above 2.
    let closed = unsafe { libc::syscall(libc::SYS_close_range, 3u32, u32::MAX, 0u32) };
    if closed == 0 {
        return;
    }
    let fds: Vec<i32> = match std::fs::read_dir("/proc/self/fd") {
        Ok(dir) => dir
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().to_str()?.parse().ok())
            .filter(|&fd| fd > 2)
            .collect(),
        Err(_) => return,
    };
    for fd in fds {
        // SAFETY: as above; the directory's own descriptor is already closed (EBADF, harmless).
        unsafe { libc::close(fd) };
    }
}

/// Where the SIGCHLD handler writes (the self-pipe's write end).
static CHILD_WAKE: AtomicI32 = AtomicI32::new(-1);

extern "C" fn on_child(_: libc::c_int) {
    // SAFETY: only async-signal-safe calls: write() to a non-blocking pipe (a full pipe already
    // means "wake up"), with errno kept for the code this interrupted.
    unsafe {
        let errno = *libc::__errno_location();
        libc::write(CHILD_WAKE.load(Ordering::Relaxed), b"c".as_ptr().cast(), 1);
        *libc::__errno_location() = errno;
    }
}

/// SIGCHLD as something poll() can wait for: a handler that writes to a pipe whose read end
/// this returns. Not a signalfd: libraries the binary links start threads before `main` (WebKit's
/// allocator has a scavenger), and a signal blocked here could be taken and dropped there;
/// a handler runs whichever thread takes it.
fn child_signals() -> std::io::Result<OwnedFd> {
    let mut fds = [0; 2];
    // SAFETY: pipe2() writes two descriptors we then own; sigaction() installs a handler that
    // only writes to the pipe's write end, which stays open for the life of the process.
    unsafe {
        if libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC | libc::O_NONBLOCK) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        CHILD_WAKE.store(fds[1], Ordering::Relaxed);
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_child as *const () as libc::sighandler_t;
        action.sa_flags = libc::SA_RESTART | libc::SA_NOCLDSTOP;
        libc::sigemptyset(&mut action.sa_mask);
        if libc::sigaction(libc::SIGCHLD, &action, std::ptr::null_mut()) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(OwnedFd::from_raw_fd(fds[0]))
    }
}

/// One pipe for the shell's stdout and stderr: (the supervisor's end, non-blocking; the
/// shell's end).
fn output_pipe() -> std::io::Result<(File, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: pipe2() writes two descriptors into the array, which we then own.
    unsafe {
        if libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        let (read, write) = (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1]));
        let flags = libc::fcntl(read.as_raw_fd(), libc::F_GETFL);
        libc::fcntl(read.as_raw_fd(), libc::F_SETFL, flags | libc::O_NONBLOCK);
        Ok((File::from(read), write))
    }
}

fn start_shell(command: &OsStr, cwd: &OsStr, output: OwnedFd) -> std::io::Result<libc::pid_t> {
    let mut cmd = Command::new("/bin/sh");
    cmd.arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::from(output.try_clone()?))
        .stderr(Stdio::from(output))
        .process_group(0);
    if !cwd.is_empty() {
        cmd.current_dir(cwd);
    }
    let child = cmd.spawn().map_err(|error| {
        if cwd.is_empty() {
            error
        } else {
            std::io::Error::new(
                error.kind(),
                format!("{error} (in {})", Path::new(cwd).display()),
            )
        }
    })?;
    // Dropping the command closes this process's copies of the pipe's write end; the shell is
    // reaped by `reap`, never through `child`.
    drop(cmd);
    Ok(child.id() as libc::pid_t)
}

/// Waits until there is output, a child changed state, or `left` passed.
fn wait_for(signals: &OwnedFd, output: Option<&File>, left: Duration) {
    let mut fds = [
        libc::pollfd {
            fd: signals.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        },
        libc::pollfd {
            fd: output.map_or(-1, |f| f.as_raw_fd()),
            events: libc::POLLIN,
            revents: 0,
        },
    ];
    // SAFETY: poll() on two pollfds on this stack frame (a negative fd is skipped); an error
    // (EINTR) only means the caller loops once more.
    unsafe { libc::poll(fds.as_mut_ptr(), 2, poll_millis(left)) };
}

fn drain_signals(signals: &OwnedFd) {
    let mut buf = [0u8; 64];
    // SAFETY: read() into a buffer of that size; the pipe is non-blocking, so this ends when
    // it is empty.
    while unsafe { libc::read(signals.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) } > 0 {}
}

/// Reads what the pipe holds now (within a budget); into `tail` if given, else dropped.
/// At end of file the pipe is closed.
fn drain(output: &mut Option<File>, mut tail: Option<&mut Tail>) {
    let Some(pipe) = output else { return };
    let mut buf = [0u8; 8192];
    let mut budget = DRAIN_BUDGET;
    loop {
        match pipe.read(&mut buf) {
            Ok(0) => {
                *output = None;
                return;
            }
            Ok(n) => {
                if let Some(tail) = tail.as_deref_mut() {
                    tail.push(&buf[..n]);
                }
                budget = budget.saturating_sub(n);
                if budget == 0 {
                    return;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return,
            Err(_) => {
                *output = None;
                return;
            }
        }
    }
}

#[derive(Debug, Default)]
struct Reaped {
    /// The shell's wait status, if it was reaped now.
    shell: Option<libc::c_int>,
    /// No child is left at all: as a subreaper, no descendant either.
    none_left: bool,
}

/// Reaps every child that has ended, without blocking.
fn reap(shell: libc::pid_t) -> Reaped {
    let mut reaped = Reaped::default();
    loop {
        let mut status = 0;
        // SAFETY: waitpid() writes one int on this stack frame.
        let pid = unsafe { libc::waitpid(-1, &mut status, libc::WNOHANG) };
        if pid > 0 {
            if pid == shell {
                reaped.shell = Some(status);
            }
            continue;
        }
        if pid < 0 {
            match std::io::Error::last_os_error().raw_os_error() {
                Some(libc::EINTR) => continue,
                Some(libc::ECHILD) => reaped.none_left = true,
                _ => {}
            }
        }
        return reaped;
    }
}

fn exit_code(status: libc::c_int) -> Option<i32> {
    libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status))
}

/// Ends every process left: each child (orphans come to this subreaper) and the group it
/// leads, killed and reaped, round after round, until no child is left.
fn sweep(shell: libc::pid_t) {
    let me = std::process::id() as libc::pid_t;
    for _ in 0..SWEEP_ROUNDS {
        reap(shell);
        let mut killed = Vec::new();
        for (pid, group) in children_of(me) {
            // SAFETY: kill() sends a signal and touches no memory. `pid` is this process's
            // child, so it stays unreaped (its pid and the group it leads cannot be reused)
            // until the waitpid() below.
            unsafe {
                if group == pid {
                    libc::kill(-group, libc::SIGKILL);
                }
                if libc::kill(pid, libc::SIGKILL) == 0 {
                    killed.push(pid);
                }
            }
        }
        if killed.is_empty() {
            return;
        }
        for pid in killed {
            let mut status = 0;
            // SAFETY: waitpid() writes one int on this stack frame; the child was just killed.
            while unsafe { libc::waitpid(pid, &mut status, 0) } < 0
                && std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR)
            {}
        }
    }
}

/// The children of `parent` with their process group, from /proc/*/stat.
fn children_of(parent: libc::pid_t) -> Vec<(libc::pid_t, libc::pid_t)> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str()?.parse::<libc::pid_t>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read(format!("/proc/{pid}/stat")).ok()?;
            let (ppid, group) = parent_and_group(&stat)?;
            (ppid == parent).then_some((pid, group))
        })
        .collect()
}

/// The parent and process group in a /proc/PID/stat line: `pid (comm) state ppid pgrp ...`,
/// where comm may hold spaces and parentheses.
fn parent_and_group(stat: &[u8]) -> Option<(libc::pid_t, libc::pid_t)> {
    let close = stat.iter().rposition(|&b| b == b')')?;
    let rest = std::str::from_utf8(&stat[close + 1..]).ok()?;
    let mut fields = rest.split_ascii_whitespace().skip(1);
    let ppid = fields.next()?.parse().ok()?;
    let group = fields.next()?.parse().ok()?;
    Some((ppid, group))
}

/// Writes the report line to the app.
fn say(run: &HookRun) {
    let mut line = serde_json::to_vec(run).unwrap_or_default();
    line.push(b'\n');
    let mut out = std::io::stdout().lock();
    // The app may be gone (it quit): then nobody is told, and the sweep goes on all the same.
    let _ = out.write_all(&line).and_then(|()| out.flush());
}

/// The end of a hook's output, bounded while it is read.
#[derive(Debug, Default)]
struct Tail(Vec<u8>);

impl Tail {
    fn push(&mut self, data: &[u8]) {
        self.0.extend_from_slice(data);
        if self.0.len() > OUTPUT_TAIL * 2 {
            self.0.drain(..self.0.len() - OUTPUT_TAIL);
        }
    }

    /// The last [`OUTPUT_TAIL`] bytes at most, on a character boundary, trailing space trimmed.
    fn text(&self) -> String {
        let text = String::from_utf8_lossy(&self.0);
        let text = text.trim_end();
        let start = text
            .char_indices()
            .map(|(i, _)| i)
            .find(|i| text.len() - i <= OUTPUT_TAIL)
            .unwrap_or(text.len());
        text[start..].to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_output_keeps_its_end_on_a_character_boundary() {
        let mut tail = Tail::default();
        for i in 1..=5000 {
            tail.push(format!("{i}\n").as_bytes());
        }
        assert!(tail.0.len() <= OUTPUT_TAIL * 2, "bounded while it is read");
        let text = tail.text();
        assert!(text.len() <= OUTPUT_TAIL, "at most the tail is kept");
        assert!(text.ends_with("4999\n5000"), "the end is kept: {text:?}");
        let mut tail = Tail::default();
        tail.push("é".repeat(OUTPUT_TAIL).as_bytes());
        let text = tail.text();
        assert_eq!(
            text,
            "é".repeat(OUTPUT_TAIL / 2),
            "cut between characters, never inside one"
        );
    }

    #[test]
    fn a_stat_line_gives_parent_and_group_whatever_the_name() {
        assert_eq!(
            parent_and_group(b"4242 (sleep) S 17 4242 17 0 -1 4194560"),
            Some((17, 4242)),
            "an ordinary line"
        );
        assert_eq!(
            parent_and_group(b"4242 (a) (b c) R 1 99 1 0"),
            Some((1, 99)),
            "a name with spaces and parentheses"
        );
        assert_eq!(
            parent_and_group(b"4242 (x"),
            None,
            "a cut line is no answer"
        );
    }

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
