//! One app per data folder: an exclusive `flock` on `mobflow.lock` beside the database, held
//! for the app's life, whatever `XDG_RUNTIME_DIR` says. The app holding it writes into the
//! file what others need to find it: its pid, its control socket once it listens, or the
//! start-up problem it is showing. The CLI and a second launch read that file, so they reach
//! the one app even from another runtime folder (a desktop, an ssh session, cron).

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read};
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use crate::paths;

/// The lock file's name inside the data folder.
pub const LOCK_FILE: &str = "mobflow.lock";

/// The largest lock file read (it holds three short lines).
const MAX_LOCK_FILE: u64 = 16 * 1024;

/// The lock file of `data_dir`.
pub fn lock_path(data_dir: &Path) -> PathBuf {
    data_dir.join(LOCK_FILE)
}

/// What the app holding the lock has said about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Published {
    pub pid: Option<u32>,
    /// Its control socket, once it listens.
    pub socket: Option<PathBuf>,
    /// The start-up problem its window shows (it has no socket then).
    pub problem: Option<String>,
}

impl Published {
    fn to_text(&self) -> String {
        let mut text = String::new();
        if let Some(pid) = self.pid {
            text.push_str(&format!("pid={pid}\n"));
        }
        if let Some(socket) = self.socket.as_ref().and_then(|s| s.to_str()) {
            text.push_str(&format!("socket={socket}\n"));
        }
        if let Some(problem) = &self.problem {
            text.push_str(&format!("problem={}\n", problem.replace(['\n', '\r'], " ")));
        }
        text
    }

    fn parse(text: &str) -> Published {
        let mut published = Published::default();
        for line in text.lines() {
            match line.split_once('=') {
                Some(("pid", pid)) => published.pid = pid.parse().ok(),
                Some(("socket", socket)) if socket.starts_with('/') => {
                    published.socket = Some(PathBuf::from(socket));
                }
                Some(("problem", problem)) => published.problem = Some(problem.to_owned()),
                _ => {}
            }
        }
        published
    }
}

/// The lock on a data folder, held until dropped (or the process ends, however it ends).
#[derive(Debug)]
pub struct InstanceLock {
    file: File,
    path: PathBuf,
}

/// What trying the lock found.
#[derive(Debug)]
pub enum Acquired {
    /// This process is the data folder's app now.
    Locked(InstanceLock),
    /// Another process holds it; what it published so far.
    Held(Published),
}

/// Tries to become the app of `data_dir`, creating the folder if needed. Never waits.
pub fn acquire(data_dir: &Path) -> io::Result<Acquired> {
    std::fs::create_dir_all(data_dir)?;
    let path = lock_path(data_dir);
    let file = open_lock_file(&path)?;
    match file.try_lock() {
        Ok(()) => {
            let lock = InstanceLock { file, path };
            lock.publish(&Published::default())?;
            Ok(Acquired::Locked(lock))
        }
        Err(TryLockError::WouldBlock) => Ok(Acquired::Held(read_lock_file(&path)?)),
        Err(TryLockError::Error(e)) => Err(e),
    }
}

/// Opens the lock file (created 0600), refusing a symbolic link or another user's file.
fn open_lock_file(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() || meta.uid() != paths::current_uid()? {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{} is not a file of this user", path.display()),
        ));
    }
    Ok(file)
}

fn read_lock_file(path: &Path) -> io::Result<Published> {
    let mut text = String::new();
    open_lock_file(path)?
        .take(MAX_LOCK_FILE)
        .read_to_string(&mut text)?;
    Ok(Published::parse(&text))
}

impl InstanceLock {
    /// Writes what others should know (this process's pid is always added), replacing what
    /// was there. A reader sees the old text, the new one, or briefly none: never a mix that
    /// parses wrong, as each line is checked.
    pub fn publish(&self, what: &Published) -> io::Result<()> {
        let published = Published {
            pid: Some(std::process::id()),
            ..what.clone()
        };
        let text = published.to_text();
        self.file.write_all_at(text.as_bytes(), 0)?;
        self.file.set_len(text.len() as u64)?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// What the app holding `data_dir`'s lock published, if the file is there and this user's.
/// Says nothing about whether that app still runs: the socket answers that.
pub fn published(data_dir: &Path) -> Option<Published> {
    read_lock_file(&lock_path(data_dir)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_lock_per_data_folder_and_the_holder_is_found_by_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let Acquired::Locked(lock) = acquire(dir.path()).unwrap() else {
            panic!("the first one gets the lock");
        };
        let socket = PathBuf::from("/run/user/1000/mobflow-0123/control.sock");
        lock.publish(&Published {
            socket: Some(socket.clone()),
            ..Published::default()
        })
        .unwrap();
        match acquire(dir.path()).unwrap() {
            Acquired::Held(found) => {
                assert_eq!(found.socket, Some(socket), "the socket is found");
                assert_eq!(found.pid, Some(std::process::id()), "and who holds it");
            }
            Acquired::Locked(_) => panic!("never two holders of one data folder"),
        }
        drop(lock);
        assert!(
            matches!(acquire(dir.path()).unwrap(), Acquired::Locked(_)),
            "the lock ends with its holder"
        );
    }

    #[test]
    fn a_shorter_text_replaces_a_longer_one_and_junk_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let Acquired::Locked(lock) = acquire(dir.path()).unwrap() else {
            panic!("locked");
        };
        lock.publish(&Published {
            problem: Some("a long\nproblem".into()),
            socket: Some("/a/very/long/path/to/a/socket".into()),
            ..Published::default()
        })
        .unwrap();
        lock.publish(&Published::default()).unwrap();
        let found = published(dir.path()).unwrap();
        assert_eq!(
            (found.socket, found.problem),
            (None, None),
            "nothing of the old text is left"
        );
        assert_eq!(
            Published::parse("socket=relative\npid=x\nnoise\n"),
            Published::default(),
            "a relative socket or a bad pid is no information"
        );
    }

    #[test]
    fn a_symbolic_link_as_lock_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/etc/passwd", lock_path(dir.path())).unwrap();
        let err = acquire(dir.path()).unwrap_err();
        assert!(
            err.raw_os_error() == Some(libc::ELOOP),
            "a link planted as the lock file is not followed: {err}"
        );
    }
}
