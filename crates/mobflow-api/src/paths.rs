//! Where Mobflow keeps its files: the data folder (database) and the private runtime folder
//! (control socket, instance lock) derived from it.

use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

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

/// The private runtime folder for the app using `data_dir`: under `$XDG_RUNTIME_DIR`, else
/// under the temp folder with the uid in its name. Two data folders never share one.
pub fn runtime_dir(data_dir: &Path) -> io::Result<PathBuf> {
    let canonical = std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    let key = format!(
        "mobflow-{:016x}",
        fnv1a(canonical.as_os_str().as_encoded_bytes())
    );
    let base = match std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from) {
        Some(dir) if dir.is_absolute() && dir.is_dir() => dir,
        _ => std::env::temp_dir().join(format!("mobflow-{}", current_uid()?)),
    };
    Ok(base.join(key))
}

/// Creates `dir` (and a fallback parent) as 0700, or checks an existing one is ours and private.
pub fn ensure_private_dir(dir: &Path) -> io::Result<()> {
    let uid = current_uid()?;
    for folder in dir
        .ancestors()
        .take(2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        if folder.as_os_str().is_empty() || folder == std::env::temp_dir() {
            continue;
        }
        match std::fs::DirBuilder::new().mode(0o700).create(folder) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    let meta = std::fs::symlink_metadata(dir)?;
    if !meta.is_dir() || meta.uid() != uid {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{} is not a folder owned by this user", dir.display()),
        ));
    }
    if meta.mode() & 0o077 != 0 {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// The control socket's path.
pub fn socket_path(data_dir: &Path) -> io::Result<PathBuf> {
    Ok(runtime_dir(data_dir)?.join("control.sock"))
}

/// The single-instance lock file's path.
pub fn lock_path(data_dir: &Path) -> io::Result<PathBuf> {
    Ok(runtime_dir(data_dir)?.join("instance.lock"))
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
    fn private_dir_is_0700() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("rt").join("mobflow-x");
        ensure_private_dir(&dir).unwrap();
        let mode = std::fs::metadata(&dir).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o700, "only the owner may reach the socket");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        ensure_private_dir(&dir).unwrap();
        let mode = std::fs::metadata(&dir).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o700, "a loosened folder is tightened again");
    }
}
