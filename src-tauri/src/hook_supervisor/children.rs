//! What a hook leaves behind: its supervisor, a subreaper, reaps every child that ends and, at
//! the limit, sweeps: kills and reaps each child and the group it leads until none is left.

/// A bound on sweep rounds (each ends at least one process; a tree is never this deep).
const SWEEP_ROUNDS: usize = 10_000;

#[derive(Debug, Default)]
pub(super) struct Reaped {
    /// The shell's wait status, if it was reaped now.
    pub(super) shell: Option<libc::c_int>,
    /// No child is left at all: as a subreaper, no descendant either.
    pub(super) none_left: bool,
}

/// Reaps every child that has ended, without blocking.
pub(super) fn reap(shell: libc::pid_t) -> Reaped {
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

pub(super) fn exit_code(status: libc::c_int) -> Option<i32> {
    libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status))
}

/// Ends every process left: each child (orphans come to this subreaper) and the group it
/// leads, killed and reaped, round after round, until no child is left.
pub(super) fn sweep(shell: libc::pid_t) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
