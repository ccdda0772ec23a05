//! Helpers: a temp data folder, the real CLI, the real app process.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The app (`mobflow-app`): what `launch` and the window tests start.
pub const BIN: &str = env!("CARGO_BIN_EXE_mobflow-app");
/// The command line (`mobflow`): what `cli` runs.
pub const CLI: &str = env!("CARGO_BIN_EXE_mobflow");

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
        self.command_of(CLI)
    }

    /// A command for `program` (the CLI or the app) with a cleared environment.
    pub fn command_of(&self, program: &str) -> Command {
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
            .command_of(BIN)
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
