//! The mob's own tests: the test command as settings (what runs, where, which files start it,
//! the time limit, the evidence and rotate-at-green choices), a run's result, and the red/green
//! state the mob keeps. The shell runs the command (off the timer path, with a time limit);
//! the core decides what a run means (`mob/tests.rs`).

use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::settings::LIMITS;
use crate::{CoreError, Timestamp};

/// The longest test command, in bytes.
pub const MAX_TEST_COMMAND: usize = 2000;
/// The most watch globs.
pub const MAX_WATCH_GLOBS: usize = 20;
/// The longest watch glob, in characters.
pub const MAX_GLOB_CHARS: usize = 200;
/// How much of a run's output is kept (its end), in bytes.
pub const MAX_TEST_OUTPUT: usize = 4000;

/// The mob's test command and how Mobflow uses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct TestSettings {
    /// Run with `sh -c`; empty means no test command (nothing is watched or run).
    pub command: String,
    /// The absolute folder it runs in and whose files are watched (needed with a command).
    pub cwd: String,
    /// Globs (relative to the folder) of the files whose changes start a run; none: every
    /// file the folder's `.gitignore` does not ignore.
    pub watch: Vec<String>,
    /// Changes within this many milliseconds start one run (limits: `settings::LIMITS`, as for
    /// every number here).
    pub debounce_ms: u32,
    /// A run still going after this many seconds is ended (and counts as red).
    pub timeout_secs: u32,
    /// Runs tick the checklist of the task in focus: red after the acceptance test ticks the
    /// failing unit test, the green that follows ticks "green".
    pub evidence: bool,
    /// When a turn's time is up while the tests are red, hand over at the first green run (or
    /// when the grace runs out).
    pub rotate_at_green: bool,
    /// How long a turn waits for green at most, in minutes.
    pub green_grace_minutes: u32,
}

impl Default for TestSettings {
    fn default() -> Self {
        TestSettings {
            command: String::new(),
            cwd: String::new(),
            watch: Vec::new(),
            debounce_ms: 500,
            timeout_secs: 300,
            evidence: false,
            rotate_at_green: false,
            green_grace_minutes: 5,
        }
    }
}

/// A change to some test settings: the fields given are checked and set, the others kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct TestSettingsPatch {
    /// An empty command turns the tests off.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub command: Option<String>,
    #[cfg_attr(feature = "ts", ts(optional))]
    pub cwd: Option<String>,
    #[cfg_attr(feature = "ts", ts(optional))]
    pub watch: Option<Vec<String>>,
    #[cfg_attr(feature = "ts", ts(optional))]
    pub debounce_ms: Option<u32>,
    #[cfg_attr(feature = "ts", ts(optional))]
    pub timeout_secs: Option<u32>,
    #[cfg_attr(feature = "ts", ts(optional))]
    pub evidence: Option<bool>,
    #[cfg_attr(feature = "ts", ts(optional))]
    pub rotate_at_green: Option<bool>,
    #[cfg_attr(feature = "ts", ts(optional))]
    pub green_grace_minutes: Option<u32>,
}

fn bad(message: impl Into<String>) -> CoreError {
    CoreError::BadTests(message.into())
}

impl TestSettings {
    /// Whether a test command is set.
    pub fn is_on(&self) -> bool {
        !self.command.is_empty()
    }

    pub fn green_grace(&self) -> Duration {
        Duration::minutes(i64::from(self.green_grace_minutes))
    }

    /// The settings with `patch` applied and checked as a whole, or why not.
    pub fn patched(&self, patch: &TestSettingsPatch) -> Result<TestSettings, CoreError> {
        let mut s = self.clone();
        if let Some(command) = &patch.command {
            s.command = clean_command(command)?;
        }
        if let Some(cwd) = &patch.cwd {
            s.cwd = clean_folder(cwd)?;
        }
        if let Some(watch) = &patch.watch {
            s.watch = clean_globs(watch)?;
        }
        LIMITS
            .test_debounce_ms
            .set(&mut s.debounce_ms, patch.debounce_ms)?;
        LIMITS
            .test_timeout_secs
            .set(&mut s.timeout_secs, patch.timeout_secs)?;
        LIMITS
            .test_green_grace_minutes
            .set(&mut s.green_grace_minutes, patch.green_grace_minutes)?;
        if let Some(v) = patch.evidence {
            s.evidence = v;
        }
        if let Some(v) = patch.rotate_at_green {
            s.rotate_at_green = v;
        }
        if s.is_on() && s.cwd.is_empty() {
            return Err(bad("a test command needs the folder it runs in"));
        }
        Ok(s)
    }
}

/// A command on one line, without NUL bytes, of at most [`MAX_TEST_COMMAND`] bytes.
fn clean_command(command: &str) -> Result<String, CoreError> {
    let command = command.trim();
    if command.len() > MAX_TEST_COMMAND {
        return Err(bad(format!(
            "a command has at most {MAX_TEST_COMMAND} bytes"
        )));
    }
    if command.contains(['\0', '\n', '\r']) {
        return Err(bad("a command is one line (join steps with && or ;)"));
    }
    Ok(command.to_owned())
}

/// An absolute folder without NUL bytes (or none).
fn clean_folder(cwd: &str) -> Result<String, CoreError> {
    let cwd = cwd.trim();
    if cwd.contains(['\0', '\n', '\r']) {
        return Err(bad("the folder has a NUL byte or a line break"));
    }
    if !cwd.is_empty() && !cwd.starts_with('/') {
        return Err(bad(format!(
            "the folder must be an absolute path (got \"{cwd}\")"
        )));
    }
    let trimmed = cwd.trim_end_matches('/');
    Ok(if trimmed.is_empty() && !cwd.is_empty() {
        "/".to_owned()
    } else {
        trimmed.to_owned()
    })
}

/// Globs relative to the folder: at most [`MAX_WATCH_GLOBS`], each 1 to [`MAX_GLOB_CHARS`]
/// characters, no control characters, not absolute, no `..`, brackets and braces closed.
/// Blank lines are dropped, duplicates kept once.
pub fn clean_globs(raw: &[String]) -> Result<Vec<String>, CoreError> {
    let mut globs: Vec<String> = Vec::new();
    for glob in raw.iter().map(|g| g.trim()).filter(|g| !g.is_empty()) {
        if glob.chars().count() > MAX_GLOB_CHARS || glob.chars().any(char::is_control) {
            return Err(bad(format!(
                "a watch glob has at most {MAX_GLOB_CHARS} characters and no control characters"
            )));
        }
        if glob.starts_with('/') || glob.split('/').any(|part| part == "..") {
            return Err(bad(format!(
                "\"{glob}\" must stay inside the folder (relative, without \"..\")"
            )));
        }
        if !balanced(glob) {
            return Err(bad(format!("\"{glob}\" has an unclosed [ or {{")));
        }
        if !globs.iter().any(|g| g == glob) {
            globs.push(glob.to_owned());
        }
    }
    if globs.len() > MAX_WATCH_GLOBS {
        return Err(bad(format!(
            "at most {MAX_WATCH_GLOBS} watch globs (got {})",
            globs.len()
        )));
    }
    Ok(globs)
}

/// Whether every `[` and `{` is closed, in order (a `\` escapes the next character).
fn balanced(glob: &str) -> bool {
    let mut open: Vec<char> = Vec::new();
    let mut chars = glob.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' if open.last() != Some(&'[') => open.push('['),
            ']' if open.last() == Some(&'[') => {
                open.pop();
            }
            '{' if open.last() != Some(&'[') => open.push('{'),
            '}' if open.last() == Some(&'{') => {
                open.pop();
            }
            _ => {}
        }
    }
    open.is_empty()
}

/// The end of `text`, at most [`MAX_TEST_OUTPUT`] bytes, cut at a character boundary, without
/// trailing blank space.
pub fn output_tail(text: &str) -> String {
    let text = text.trim_end();
    let start = text
        .char_indices()
        .map(|(i, _)| i)
        .find(|i| text.len() - i <= MAX_TEST_OUTPUT)
        .unwrap_or(text.len());
    text[start..].to_owned()
}

/// What started a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TestTrigger {
    /// Watched files changed.
    Watch,
    /// Someone asked (a button, a shortcut, `mobflow test run`).
    Manual,
}

/// Where the tests stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TestState {
    /// Never run (or no test command).
    None,
    Running,
    Green,
    Red,
}

/// A finished run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestResult {
    pub run: u64,
    /// The command that ran.
    #[serde(default)]
    pub command: String,
    /// Exit code 0 within the time limit.
    pub passed: bool,
    /// `None` when it was ended by a signal (or never started).
    pub exit_code: Option<i32>,
    pub timed_out: bool,
    /// When it finished.
    pub at: Timestamp,
    pub duration_ms: u64,
    /// The end of its output ([`MAX_TEST_OUTPUT`] bytes at most).
    pub output_tail: String,
}

/// A run going on now. It lives as long as the app that runs it: not saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunningTest {
    pub run: u64,
    pub started_at: Timestamp,
    pub command: String,
}

/// A turn whose time is up while the tests are red, waiting for a green run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GreenWait {
    /// When the turn's time was up.
    pub since: Timestamp,
    /// When the grace runs out: the hand-over happens then, green or not.
    pub until: Timestamp,
}

/// The mob's tests: the last result, the run going on and the one asked for meanwhile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TestStatus {
    /// The highest run id handed out so far.
    pub last_run: u64,
    /// The last finished run.
    pub result: Option<TestResult>,
    /// A turn waiting for green.
    pub green_wait: Option<GreenWait>,
    /// The run going on (not saved: its process ends with the app).
    #[serde(skip)]
    pub running: Option<RunningTest>,
    /// A run was asked for while one was going on: it starts when that one finishes.
    #[serde(skip)]
    pub queued: Option<TestTrigger>,
}

impl TestStatus {
    /// Red, green, running or none.
    pub fn state(&self) -> TestState {
        match (&self.running, &self.result) {
            (Some(_), _) => TestState::Running,
            (None, Some(r)) if r.passed => TestState::Green,
            (None, Some(_)) => TestState::Red,
            (None, None) => TestState::None,
        }
    }

    /// Whether the last finished run was red.
    pub fn last_red(&self) -> bool {
        self.result.as_ref().is_some_and(|r| !r.passed)
    }
}
