//! The supervisor's side: the process the app starts with [`ARG`], which runs the hook's shell,
//! reports once, drains its output and ends what is left at the limit.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

use super::children::{exit_code, reap, sweep};
use super::{poll_millis, HookRun, ARG, OUTPUT_TAIL};
use crate::clock;

/// At most this much output is read in one go, so a chatty child cannot hold the loop.
const DRAIN_BUDGET: usize = 1024 * 1024;

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
}
