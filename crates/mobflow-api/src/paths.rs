//! Where Mobflow keeps its files: the data folder (database, instance lock: see
//! [`crate::instance`]) and the private runtime folder (control socket) derived from it.
//!
//! Every folder of the runtime path is checked before use: ours, and nobody else's to write
//! (a fallback under the shared temp folder could otherwise be planted by another user). The
//! CLI checks the socket's owner before it talks to it.

use std::io;
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::{instance, ApiError, ErrorCode};

/// Overrides the data folder, for users and tests.
pub const DATA_DIR_ENV: &str = "MOBFLOW_DATA_DIR";

/// The data folder: `$MOBFLOW_DATA_DIR`, else `$XDG_DATA_HOME/mobflow` (`~/.local/share/mobflow`).
pub fn data_dir() -> io::Result<PathBuf> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        let dir = PathBuf::from(dir);
        return if dir.is_absolute() {
            Ok(dir)
        } else {
            Ok(std::env::current_dir()?.join(dir))
        };
    }
    dirs::data_dir()
        .map(|d| d.join("mobflow"))
        .ok_or_else(|| io::Error::other("no home folder: set MOBFLOW_DATA_DIR"))
}

/// The uid this process runs as.
pub fn current_uid() -> io::Result<u32> {
    Ok(std::fs::metadata("/proc/self")?.uid())
}

/// FNV-1a, 64 bit: a stable name for a folder path.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `$XDG_RUNTIME_DIR` when it is usable: an absolute path to a folder of this user's.
fn xdg_runtime_dir(uid: u32) -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("XDG_RUNTIME_DIR")?);
    let meta = std::fs::metadata(&dir).ok()?;
    (dir.is_absolute() && meta.is_dir() && meta.uid() == uid).then_some(dir)
}

/// The private runtime folder for the app using `data_dir`: under `$XDG_RUNTIME_DIR` (when it
/// is this user's), else under the temp folder in `mobflow-<uid>`. Two data folders never
/// share one.
pub fn runtime_dir(data_dir: &Path) -> io::Result<PathBuf> {
    let canonical = std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    let key = format!(
        "mobflow-{:016x}",
        fnv1a(canonical.as_os_str().as_encoded_bytes())
    );
    let uid = current_uid()?;
    let base =
        xdg_runtime_dir(uid).unwrap_or_else(|| std::env::temp_dir().join(format!("mobflow-{uid}")));
    Ok(base.join(key))
}

fn unsafe_folder(dir: &Path, why: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!("{} {why}; Mobflow will not use it", dir.display()),
    )
}

/// Checks a shared folder Mobflow creates things in (the temp folder): a real folder, owned by
/// root or this user, and sticky if others may write to it (so nobody can replace what we
/// put there).
fn check_shared_dir(dir: &Path, uid: u32) -> io::Result<()> {
    let meta = std::fs::symlink_metadata(dir)?;
    if !meta.is_dir() {
        return Err(unsafe_folder(dir, "is not a folder"));
    }
    if meta.uid() != 0 && meta.uid() != uid {
        return Err(unsafe_folder(
            dir,
            &format!("belongs to user {}", meta.uid()),
        ));
    }
    if meta.mode() & 0o022 != 0 && meta.mode() & 0o1000 == 0 {
        return Err(unsafe_folder(
            dir,
            "may be written by others and is not sticky",
        ));
    }
    Ok(())
}

/// Creates `dir` (and, for the fallback under the temp folder, its `mobflow-<uid>` parent) as
/// 0700, or checks an existing one: every folder must be a real folder (not a link) owned by
/// this user; one that others could open is closed to them (0700). The temp folder itself must
/// be owned by root or this user and sticky if shared.
pub fn ensure_private_dir(dir: &Path) -> io::Result<()> {
    let uid = current_uid()?;
    let temp = std::env::temp_dir();
    let mut folders: Vec<&Path> = vec![dir];
    if let Some(parent) = dir.parent().filter(|p| p.parent() == Some(temp.as_path())) {
        if Some(parent) != xdg_runtime_dir(uid).as_deref() {
            check_shared_dir(&temp, uid)?;
            folders.insert(0, parent);
        }
    }
    for folder in folders {
        match std::fs::DirBuilder::new().mode(0o700).create(folder) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
        let meta = std::fs::symlink_metadata(folder)?;
        if !meta.is_dir() {
            return Err(unsafe_folder(folder, "is not a folder"));
        }
        if meta.uid() != uid {
            return Err(unsafe_folder(
                folder,
                &format!("belongs to user {}, not to you", meta.uid()),
            ));
        }
        if meta.mode() & 0o077 != 0 {
            std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}

/// Where the app for `data_dir` binds its control socket (in its runtime folder).
pub fn socket_path(data_dir: &Path) -> io::Result<PathBuf> {
    Ok(runtime_dir(data_dir)?.join("control.sock"))
}

/// Checks the socket at `path` before talking to it: a socket of this user's, in a folder only
/// this user can write to. A path with nothing there passes (connecting then says "not
/// running").
pub fn check_socket(path: &Path) -> io::Result<()> {
    let uid = current_uid()?;
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    if !meta.file_type().is_socket() {
        return Err(unsafe_folder(path, "is not a socket"));
    }
    if meta.uid() != uid {
        return Err(unsafe_folder(
            path,
            &format!("belongs to user {}, not to you (user {uid})", meta.uid()),
        ));
    }
    let parent = path.parent().unwrap_or(Path::new("/"));
    let folder = std::fs::symlink_metadata(parent)?;
    if !folder.is_dir() || folder.uid() != uid || folder.mode() & 0o022 != 0 {
        return Err(unsafe_folder(
            parent,
            "is not a folder only you can write to",
        ));
    }
    Ok(())
}

/// The socket a client talks to for `data_dir`: the one the app holding the data folder's
/// lock published (whatever runtime folder it runs with), else where an app with this
/// process's environment would bind. Checked with [`check_socket`]: a socket that is not
/// safely this user's is refused (a `storage` error saying why), never talked to.
pub fn find_socket(data_dir: &Path) -> Result<PathBuf, ApiError> {
    let socket = match instance::published(data_dir).and_then(|p| p.socket) {
        Some(socket) => socket,
        None => socket_path(data_dir)
            .map_err(|e| ApiError::new(ErrorCode::NotRunning, e.to_string()))?,
    };
    check_socket(&socket).map_err(|e| {
        ApiError::new(
            ErrorCode::Storage,
            format!("Refusing to talk to Mobflow's socket: {e}."),
        )
    })?;
    Ok(socket)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn different_data_dirs_get_different_runtime_dirs() {
        let a = runtime_dir(Path::new("/tmp/a")).unwrap();
        let b = runtime_dir(Path::new("/tmp/b")).unwrap();
        assert_ne!(a, b, "two data folders must never share a socket");
        assert_eq!(a, runtime_dir(Path::new("/tmp/a")).unwrap(), "stable");
    }

    #[test]
    fn a_socket_of_another_kind_or_in_an_open_folder_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("control.sock");
        check_socket(&path).expect("nothing there: connecting will say not running");
        std::fs::write(&path, b"").unwrap();
        let err = check_socket(&path).unwrap_err();
        assert!(err.to_string().contains("not a socket"), "{err}");
        std::fs::remove_file(&path).unwrap();
        let _listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
        check_socket(&path).expect("our socket in our private folder");
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        let err = check_socket(&path).unwrap_err();
        assert!(
            err.to_string().contains("only you can write"),
            "anyone could swap it: {err}"
        );
    }

    #[test]
    fn a_fallback_folder_planted_as_a_link_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let link = tmp.path().join("mobflow-x");
        std::os::unix::fs::symlink(elsewhere.path(), &link).unwrap();
        let err = ensure_private_dir(&link).unwrap_err();
        assert!(
            err.to_string().contains("is not a folder"),
            "a link is not followed: {err}"
        );
        assert!(
            check_shared_dir(elsewhere.path(), current_uid().unwrap()).is_ok(),
            "a private folder of ours is fine to use"
        );
        std::fs::set_permissions(elsewhere.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        assert!(
            check_shared_dir(elsewhere.path(), current_uid().unwrap()).is_err(),
            "a world-writable folder without the sticky bit is refused"
        );
        std::fs::set_permissions(elsewhere.path(), std::fs::Permissions::from_mode(0o1777))
            .unwrap();
        assert!(
            check_shared_dir(elsewhere.path(), current_uid().unwrap()).is_ok(),
            "a sticky shared folder like /tmp is fine"
        );
    }

    #[test]
    fn private_dir_is_0700() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("mobflow-x");
        ensure_private_dir(&dir).unwrap();
        let mode = std::fs::metadata(&dir).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o700, "only the owner may reach the socket");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        ensure_private_dir(&dir).unwrap();
        let mode = std::fs::metadata(&dir).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o700, "a loosened folder is tightened again");
    }
}
