//! Helpers: a temp data folder, the real CLI, the real app process, helper daemons, and (in
//! `support/window.rs`) the real window driven through WebDriver.

mod bus;
mod window;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use mobflow_core::Mob;
use mobflow_store::Store;
use serde_json::Value;

pub use bus::{FakeLogind, FakeScreenSaver, FakeTrayWatcher, PrivateBus};
pub use window::{Window, HANDOVER_PANEL};

/// The app (`mobflow-app`): what `launch` and the window tests start.
pub const BIN: &str = env!("CARGO_BIN_EXE_mobflow-app");
/// The command line (`mobflow`): what `cli` runs.
pub const CLI: &str = env!("CARGO_BIN_EXE_mobflow");
/// The title of the window the app opens when it cannot start.
pub const STARTUP_TITLE: &str = "Mobflow cannot start";

/// The binary that opens the window: every app launch (here and through WebDriver) uses it.
pub fn app_binary() -> &'static str {
    BIN
}

/// Where screenshots go (under target/, to look at after a run).
pub fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A private data folder and runtime folder for one test.
pub struct Env {
    pub data: tempfile::TempDir,
    pub runtime: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            data: tempfile::tempdir().unwrap(),
            runtime: tempfile::tempdir().unwrap(),
        }
    }

    /// A command for the real CLI with a cleared environment: only what it needs.
    pub fn command(&self) -> Command {
        self.command_for(CLI)
    }

    /// A command for `program` (the CLI or the app) with a cleared environment pointing at this
    /// test's folders.
    pub fn command_for(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.env_clear()
            .env("MOBFLOW_DATA_DIR", self.data.path())
            .env("XDG_RUNTIME_DIR", self.runtime.path())
            .env("HOME", self.data.path())
            .env("TZ", "UTC")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::null());
        for var in [
            "PATH",
            "DISPLAY",
            "XAUTHORITY",
            "DBUS_SESSION_BUS_ADDRESS",
            "NO_AT_BRIDGE",
        ] {
            if let Some(value) = std::env::var_os(var) {
                cmd.env(var, value);
            }
        }
        cmd
    }

    /// Runs `mobflow ARGS` to completion.
    pub fn cli(&self, args: &[&str]) -> Run {
        let started = Instant::now();
        let output = self.command().args(args).output().unwrap();
        Run {
            output,
            took: started.elapsed(),
        }
    }

    /// Runs `mobflow ARGS`, which must succeed; returns what it printed.
    pub fn ok(&self, args: &[&str]) -> String {
        let run = self.cli(args);
        assert_eq!(run.code(), 0, "{args:?} failed: {}", run.stderr());
        run.stdout()
    }

    /// Runs each `mobflow ARGS` in turn; each must succeed.
    pub fn ok_all(&self, runs: &[&[&str]]) {
        for args in runs {
            self.ok(args);
        }
    }

    /// Adds the members to the running app's roster, in order.
    pub fn add_members(&self, names: &[&str]) {
        for name in names {
            self.ok(&["roster", "add", name]);
        }
    }

    /// `mobflow status --json`, parsed.
    pub fn status(&self) -> Value {
        let run = self.cli(&["status", "--json"]);
        assert_eq!(run.code(), 0, "status failed: {}", run.stderr());
        serde_json::from_str(&run.stdout()).unwrap()
    }

    /// Starts the app (no WebDriver) and waits until its socket answers.
    pub fn launch(&self) -> App {
        self.launch_with(&[])
    }

    /// Starts the app with extra environment variables.
    pub fn launch_with(&self, vars: &[(&str, &str)]) -> App {
        let child = self
            .command_for(app_binary())
            .envs(vars.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let app = App { child };
        self.wait_for_app();
        app
    }

    /// Waits (bounded) until `mobflow status` gets an answer.
    pub fn wait_for_app(&self) {
        wait_until(
            Duration::from_secs(30),
            "the app's socket to answer",
            || self.cli(&["status"]).code() == 0,
        );
    }

    /// Waits (bounded) until the app's writer has stored every change it made: a change the app
    /// made by itself (a hand-over at the deadline, a lock heard) is seen in `status` a moment
    /// before its events are in the database.
    pub fn wait_written(&self) {
        wait_until(
            Duration::from_secs(10),
            "every change to be written",
            || self.status()["storage"]["pending"] == 0,
        );
    }

    /// Waits (bounded) until no app answers on this data folder any more.
    pub fn wait_for_exit(&self) {
        wait_until(Duration::from_secs(10), "the app to exit", || {
            self.cli(&["status"]).code() == 3
        });
    }

    /// The payloads of the stored events of this kind, oldest first.
    pub fn events(&self, kind: &str) -> Vec<Value> {
        let db = rusqlite::Connection::open(self.data.path().join(mobflow_store::DB_FILE)).unwrap();
        let mut stmt = db
            .prepare("SELECT payload FROM events WHERE kind = ?1 ORDER BY seq")
            .unwrap();
        stmt.query_map([kind], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|p| serde_json::from_str(&p.unwrap()).unwrap())
            .collect()
    }

    pub fn socket(&self) -> PathBuf {
        // Same derivation as the app: XDG_RUNTIME_DIR/mobflow-<hash>/control.sock.
        let dir = std::fs::read_dir(self.runtime.path())
            .unwrap()
            .filter_map(Result::ok)
            .find(|e| e.file_name().to_string_lossy().starts_with("mobflow-"))
            .expect("the app made its runtime folder");
        dir.path().join("control.sock")
    }
}

/// Polls `ready` until it holds, failing the test after `limit`. Used only to wait for a
/// process to come up: a bounded poll, not a sleep standing in for a timing assertion.
pub fn wait_until(limit: Duration, what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub struct Run {
    pub output: Output,
    pub took: Duration,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
}

/// The app process; killed when dropped.
pub struct App {
    pub child: Child,
}

impl App {
    /// How many of this app's X windows with this title are on screen (the extra windows are
    /// real X windows; the hand-over is kept, unmapped, between hand-overs).
    pub fn x_windows(&self, title: &str) -> usize {
        x_windows_of(&self.child.id().to_string(), title, true).len()
    }

    /// SIGKILL: nothing gets to clean up, as in a crash.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The pid of the app running on the data folder `data`, from its lock file.
pub fn app_pid(data: &Path) -> Option<String> {
    let lock = std::fs::read_to_string(data.join("mobflow.lock")).ok()?;
    lock.lines()
        .find_map(|line| line.strip_prefix("pid="))
        .map(str::to_owned)
}

/// The X windows of process `pid` titled exactly `title` (xdotool's own search ignores case,
/// and GTK's hidden leader window is titled after the program), by id; with `on_screen`, only
/// the mapped ones.
pub fn x_windows_of(pid: &str, title: &str, on_screen: bool) -> Vec<String> {
    let mut args = vec!["search", "--all"];
    if on_screen {
        args.push("--onlyvisible");
    }
    args.extend(["--pid", pid, "--name", title]);
    let found = xdotool(&args);
    String::from_utf8_lossy(&found.stdout)
        .lines()
        .filter(|id| {
            let name = xdotool(&["getwindowname", id]);
            String::from_utf8_lossy(&name.stdout).trim_end() == title
        })
        .map(str::to_owned)
        .collect()
}

/// Runs xdotool on the test's display: what a person does with the mouse and the keys.
pub fn xdotool(args: &[&str]) -> Output {
    Command::new("xdotool")
        .args(args)
        .output()
        .expect("xdotool is installed by scripts/dev.sh test")
}

/// A helper process (a driver, a bus, an X server, a tray host); killed when dropped.
pub struct Daemon(Child);

impl Daemon {
    /// Starts `cmd` with its output discarded and waits (bounded) until `ready` holds.
    pub fn start(cmd: Command, what: &str, ready: impl FnMut() -> bool) -> Daemon {
        let daemon = Daemon(spawn(cmd, Stdio::null(), what));
        wait_until(
            Duration::from_secs(20),
            &format!("{what} to be ready"),
            ready,
        );
        daemon
    }

    /// Starts `cmd` and waits (bounded) for the first line it writes to stdout, which tells
    /// what it picked (`Xvfb -displayfd 1` writes its display number there once it listens).
    pub fn start_announcing(cmd: Command, what: &str) -> (Daemon, String) {
        use std::io::BufRead;
        let mut child = spawn(cmd, Stdio::piped(), what);
        let stdout = child.stdout.take().expect("stdout is piped");
        let daemon = Daemon(child);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let read = std::io::BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(read.map(|_| line));
        });
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(Ok(line)) if !line.trim().is_empty() => (daemon, line),
            Ok(Ok(_)) => panic!("{what} ended without saying what it picked"),
            Ok(Err(e)) => panic!("reading what {what} picked: {e}"),
            Err(_) => panic!("{what} said nothing within 20 s"),
        }
    }
}

/// Starts a helper with its stderr discarded; a missing program is said as such.
fn spawn(mut cmd: Command, stdout: Stdio, what: &str) -> Child {
    cmd.stdout(stdout)
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("{what} must be installed (scripts/dev.sh test installs it): {e}")
        })
}

impl Drop for Daemon {
    /// Asks it to end (an X server then removes its lock file and socket, which a killed one
    /// leaves behind for every later run to step around); kills it if it has not within 5 s.
    fn drop(&mut self) {
        if let Ok(pid) = i32::try_from(self.0.id()) {
            // SAFETY: kill(2) on our own child, which has not been reaped yet.
            unsafe { libc::kill(pid, libc::SIGTERM) };
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                match self.0.try_wait() {
                    Ok(Some(_)) | Err(_) => return,
                    Ok(None) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A fixed moment: 2026-11-23 09:00 UTC plus `minutes`.
pub fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
        + chrono::Duration::minutes(minutes)
}

/// History written through the real store, as an app that ran then would have left it.
pub struct Seed {
    store: Store,
    mob: Mob,
}

impl Seed {
    pub fn open(env: &Env) -> Seed {
        Seed {
            store: Store::open_dir(env.data.path()).unwrap(),
            mob: Mob::default(),
        }
    }

    /// Runs `command` at [`at`]`(minutes)` and stores what it recorded.
    pub fn run(&mut self, command: mobflow_core::Command, minutes: i64) {
        self.run_at(command, at(minutes));
    }

    /// The screen was locked at `when` (the timer stands still from then), as stored.
    pub fn lock(&mut self, when: DateTime<Utc>) {
        let records = self.mob.screen_locked(when);
        self.store.commit(&self.mob, &records, when).unwrap();
    }

    /// The app was last alive at `when` (so starting it later is no time away).
    pub fn alive(&self, when: DateTime<Utc>) {
        self.store.heartbeat(when).unwrap();
    }

    /// Runs `command` at `when` and stores what it recorded.
    pub fn run_at(&mut self, command: mobflow_core::Command, when: DateTime<Utc>) {
        let records = self
            .mob
            .apply(&command, when)
            .unwrap_or_else(|e| panic!("{command:?} at {when}: {e}"));
        self.store.commit(&self.mob, &records, when).unwrap();
    }
}
