//! What goes wrong with storage, injected and cleared from outside the app: another program's
//! write lock, a read-only folder, a full disk.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::{wait_until, App, Env};

pub fn is_root() -> bool {
    // SAFETY: geteuid(2) reads the process's effective uid; no memory is involved.
    unsafe { libc::geteuid() == 0 }
}

pub fn db(env: &Env) -> rusqlite::Connection {
    rusqlite::Connection::open(env.data.path().join(mobflow_store::DB_FILE)).unwrap()
}

/// A fault, injected and cleared from outside the app.
pub trait Fault {
    fn name(&self) -> &'static str;
    /// Words the app's `storage.reason` must contain.
    fn reason(&self) -> &'static str;
    fn inject(&mut self, env: &Env, app: &App);
    fn clear(&mut self);
}

/// Another connection holds the write lock (`BEGIN IMMEDIATE`), as an `sqlite3` shell or a
/// backup tool would.
pub struct WriteLock(pub Option<rusqlite::Connection>);

impl Fault for WriteLock {
    fn name(&self) -> &'static str {
        "the database locked by another connection"
    }
    fn reason(&self) -> &'static str {
        "database is locked"
    }
    fn inject(&mut self, env: &Env, _app: &App) {
        let conn = db(env);
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        self.0 = Some(conn);
    }
    fn clear(&mut self) {
        if let Some(conn) = self.0.take() {
            conn.execute_batch("COMMIT").unwrap();
        }
    }
}

/// The data folder turns read-only: a read-only bind mount over it (chmod does not stop root).
pub struct ReadOnly {
    dir: PathBuf,
    mounted: bool,
}

impl ReadOnly {
    pub fn new(dir: &Path) -> ReadOnly {
        ReadOnly {
            dir: dir.to_path_buf(),
            mounted: false,
        }
    }
}

impl Fault for ReadOnly {
    fn name(&self) -> &'static str {
        "a read-only data folder"
    }
    fn reason(&self) -> &'static str {
        "the data folder is read-only"
    }
    fn inject(&mut self, _env: &Env, app: &App) {
        wait_for_idle_writer(app, &self.dir);
        let dir = self.dir.to_str().unwrap();
        run("mount", &["--bind", dir, dir]);
        self.mounted = true;
        run("mount", &["-o", "remount,bind,ro", dir]);
    }
    fn clear(&mut self) {
        if std::mem::take(&mut self.mounted) {
            run("umount", &[self.dir.to_str().unwrap()]);
        }
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        if self.mounted {
            lazy_unmount(&self.dir);
        }
    }
}

/// The data folder is a small tmpfs, filled to the last byte by another file.
pub struct FullDisk {
    dir: PathBuf,
    filler: Option<PathBuf>,
}

impl FullDisk {
    /// Mounts a 4 MiB tmpfs on `dir` (before anything is written there).
    pub fn mount(dir: &Path) -> FullDisk {
        let path = dir.to_str().unwrap();
        run(
            "mount",
            &["-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", path],
        );
        FullDisk {
            dir: dir.to_path_buf(),
            filler: None,
        }
    }
}

impl Fault for FullDisk {
    fn name(&self) -> &'static str {
        "a full disk"
    }
    fn reason(&self) -> &'static str {
        "the disk is full"
    }
    fn inject(&mut self, _env: &Env, app: &App) {
        // A connection that stays open could write into the space its log already has.
        wait_for_idle_writer(app, &self.dir);
        let path = self.dir.join("filler");
        let mut file = std::fs::File::create(&path).unwrap();
        let chunk = vec![0xa5u8; 64 * 1024];
        loop {
            match file.write(&chunk) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.raw_os_error() == Some(libc::ENOSPC) => break,
                Err(e) => panic!("filling the disk: {e}"),
            }
        }
        let _ = file.sync_all();
        self.filler = Some(path);
    }
    fn clear(&mut self) {
        if let Some(path) = self.filler.take() {
            std::fs::remove_file(path).unwrap();
        }
    }
}

impl Drop for FullDisk {
    fn drop(&mut self) {
        lazy_unmount(&self.dir);
    }
}

/// The files of the app's database it holds open (the writer's connection).
fn open_db_files(app: &App, dir: &Path) -> Vec<PathBuf> {
    let fds = format!("/proc/{}/fd", app.child.id());
    let Ok(entries) = std::fs::read_dir(fds) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|fd| std::fs::read_link(fd.path()).ok())
        .filter(|target| {
            target.starts_with(dir)
                && target
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("mobflow.db"))
        })
        .collect()
}

/// Waits until the app's writer has closed its idle connection, so its next write opens the
/// file afresh (through whatever is mounted there by then).
fn wait_for_idle_writer(app: &App, dir: &Path) {
    wait_until(
        Duration::from_secs(20),
        "the writer to close its idle connection",
        || open_db_files(app, dir).is_empty(),
    );
}

fn run(program: &str, args: &[&str]) {
    let out = std::process::Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} must be installed: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn lazy_unmount(dir: &Path) {
    let _ = std::process::Command::new("umount")
        .arg("-l")
        .arg(dir)
        .status();
}
