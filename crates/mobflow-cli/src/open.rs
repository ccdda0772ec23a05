//! `mobflow` with no command: bring the running app's window forward, or start the app
//! (`mobflow-app`, installed beside `mobflow`) detached from the terminal and return at once.

use std::io;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use mobflow_api::protocol::{Request, Response};
use mobflow_api::{client, paths, ApiError, ErrorCode};

/// The app's binary: the window, the tray, the timer. Installed beside `mobflow`.
pub const APP_BIN: &str = "mobflow-app";

/// Focuses the app answering on this data folder's socket, or starts one.
pub fn open() -> Result<(), ApiError> {
    let data_dir = paths::data_dir()
        .map_err(|e| ApiError::new(ErrorCode::Storage, format!("no data folder: {e}")))?;
    let socket = paths::find_socket(&data_dir)?;
    match client::call(&socket, &Request::Focus) {
        Ok(Response::Ok { .. }) => Ok(()),
        Ok(Response::Error { error }) => Err(error),
        Err(error) if error.code == ErrorCode::NotRunning => start_app(),
        Err(error) => Err(error),
    }
}

fn start_app() -> Result<(), ApiError> {
    let exe = std::env::current_exe().ok();
    let app = exe
        .as_deref()
        .and_then(app_beside)
        .unwrap_or_else(|| PathBuf::from(APP_BIN));
    spawn_detached(&app).map_err(|e| {
        let beside = exe.as_deref().and_then(Path::parent).map_or_else(
            || "beside this program".to_owned(),
            |dir| format!("in {}", dir.display()),
        );
        ApiError::new(
            ErrorCode::NotRunning,
            format!("Could not start the app ({APP_BIN}, looked {beside} and on PATH): {e}"),
        )
    })
}

/// `mobflow-app` in the folder of `exe`, if it is there.
fn app_beside(exe: &Path) -> Option<PathBuf> {
    Some(exe.parent()?.join(APP_BIN)).filter(|app| app.is_file())
}

/// Starts `program` in a session of its own with its standard streams on /dev/null, so it
/// outlives the terminal and never writes to it; does not wait for it.
fn spawn_detached(program: &Path) -> io::Result<()> {
    let mut command = Command::new(program);
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // SAFETY: between fork and exec the closure calls only setsid(2), which is
    // async-signal-safe, allocates nothing and touches no state of the parent.
    unsafe {
        command.pre_exec(|| {
            if libc::setsid() == -1 {
                return Err(io::Error::last_os_error());
            }
            Ok(())
        });
    }
    command.spawn().map(drop)
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::os::fd::{FromRawFd, OwnedFd};
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    /// A pipe whose write end a child inherits (no close-on-exec): (read, write).
    fn inheritable_pipe() -> (std::fs::File, OwnedFd) {
        let mut fds = [0; 2];
        // SAFETY: pipe(2) writes two new descriptors into the array, which we then own.
        let rc = unsafe { libc::pipe(fds.as_mut_ptr()) };
        assert_eq!(rc, 0, "pipe(2) failed: {}", io::Error::last_os_error());
        // SAFETY: both descriptors were just opened and nothing else owns them.
        unsafe {
            (
                std::fs::File::from_raw_fd(fds[0]),
                OwnedFd::from_raw_fd(fds[1]),
            )
        }
    }

    fn own_session() -> String {
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
        let after_name = &stat[stat.rfind(')').unwrap() + 2..];
        after_name.split(' ').nth(3).unwrap().to_owned()
    }

    #[test]
    fn the_app_starts_in_a_session_of_its_own_with_no_terminal_streams() {
        let dir = tempfile::tempdir().unwrap();
        let (mut report, write_end) = inheritable_pipe();
        // A stand-in for the app: reports its session and where its streams go, then exits.
        let fake = dir.path().join(APP_BIN);
        std::fs::write(
            &fake,
            format!(
                "#!/bin/sh\nsid=$(cut -d' ' -f6 /proc/$$/stat)\n\
                 fds=$(readlink /proc/$$/fd/0 /proc/$$/fd/1 /proc/$$/fd/2)\n\
                 printf '%s\\n%s\\n' \"$sid\" \"$fds\" >&{}\n",
                std::os::fd::AsRawFd::as_raw_fd(&write_end)
            ),
        )
        .unwrap();
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        let found = app_beside(&dir.path().join("mobflow")).expect("the app beside mobflow");
        assert_eq!(found, fake, "the app is looked for beside the CLI first");

        spawn_detached(&found).unwrap();
        drop(write_end); // the read below ends when the child's copy closes
        let mut said = String::new();
        report.read_to_string(&mut said).unwrap();
        let lines: Vec<&str> = said.lines().collect();
        assert_eq!(lines.len(), 4, "the stand-in reported: {said:?}");
        assert_ne!(
            lines[0],
            own_session(),
            "the app must not share the terminal's session (closing it would end the app)"
        );
        assert_eq!(
            &lines[1..],
            ["/dev/null"; 3],
            "the app's stdin, stdout and stderr must not be the terminal's"
        );
    }

    #[test]
    fn no_app_beside_the_cli_means_looking_on_path() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            app_beside(&dir.path().join("mobflow")),
            None,
            "an empty folder has no app; the caller falls back to PATH"
        );
    }
}
