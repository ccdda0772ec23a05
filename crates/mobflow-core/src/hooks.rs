//! Event hooks as settings and policy: which shell command runs on which event, how a hook is
//! checked, and which recorded events trigger which hook with what it is told. The shell runs
//! them (off the timer path, with a time limit).

use serde::{Deserialize, Serialize};

use crate::{CoreError, Event, Record};

/// The events a hook can run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum HookEvent {
    TurnStart,
    TurnEnd,
    BreakStart,
    BreakEnd,
}

impl HookEvent {
    pub fn name(self) -> &'static str {
        match self {
            HookEvent::TurnStart => "turn_start",
            HookEvent::TurnEnd => "turn_end",
            HookEvent::BreakStart => "break_start",
            HookEvent::BreakEnd => "break_end",
        }
    }
}

/// A shell command run on an event, in a working folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Hook {
    /// Run with `sh -c`; empty means no hook.
    pub command: String,
    /// An absolute folder; empty means the home folder.
    pub cwd: String,
}

/// The longest hook command, in bytes.
pub const MAX_HOOK_COMMAND: usize = 2000;

/// Checks a hook: a command without NUL bytes or line breaks, and an absolute folder (or none).
pub fn clean_hook(hook: &Hook) -> Result<Hook, CoreError> {
    let command = hook.command.trim();
    if command.len() > MAX_HOOK_COMMAND {
        return Err(CoreError::BadHook(format!(
            "a command has at most {MAX_HOOK_COMMAND} bytes"
        )));
    }
    if command.contains(['\0', '\n', '\r']) {
        return Err(CoreError::BadHook(
            "a command is one line (join steps with && or ;)".into(),
        ));
    }
    let cwd = hook.cwd.trim();
    if !cwd.is_empty() && !cwd.starts_with('/') {
        return Err(CoreError::BadHook(format!(
            "the working folder must be an absolute path (got \"{cwd}\")"
        )));
    }
    if cwd.contains('\0') {
        return Err(CoreError::BadHook(
            "the working folder has a NUL byte".into(),
        ));
    }
    Ok(Hook {
        command: command.to_owned(),
        cwd: cwd.to_owned(),
    })
}

/// What a hook is told, through its environment (`MOBFLOW_DRIVER`, `MOBFLOW_NAVIGATOR`,
/// `MOBFLOW_NEXT_DRIVER`, `MOBFLOW_TASK`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HookEnv {
    pub driver: Option<String>,
    pub navigator: Option<String>,
    pub next_driver: Option<String>,
    pub task: Option<String>,
}

/// How the mob stands once the events happened: the names of who drives and who navigates,
/// and the title of the task in focus.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Standing {
    pub driver: Option<String>,
    pub navigator: Option<String>,
    pub task: Option<String>,
}

/// The hooks that `records` trigger, in order, each with what it is told; `after` is how the
/// mob stands after them. A turn's start tells its own seats; a turn's end tells the driver
/// who left and the one who drives next; a break's start and end (or skip) tell the seats as
/// they stand.
pub fn triggered(records: &[Record], after: &Standing) -> Vec<(HookEvent, HookEnv)> {
    let task = &after.task;
    let as_it_stands = || HookEnv {
        driver: after.driver.clone(),
        navigator: after.navigator.clone(),
        next_driver: after.driver.clone(),
        task: task.clone(),
    };
    records
        .iter()
        .filter_map(|r| match &r.event {
            Event::TurnStarted {
                driver, navigator, ..
            } => {
                let navigator = navigator.as_ref().map(|p| p.name.clone());
                let env = HookEnv {
                    driver: Some(driver.name.clone()),
                    next_driver: navigator.clone(),
                    navigator,
                    task: task.clone(),
                };
                Some((HookEvent::TurnStart, env))
            }
            Event::TurnEnded { driver, .. } => {
                let env = HookEnv {
                    driver: driver.as_ref().map(|p| p.name.clone()),
                    navigator: after.driver.clone(),
                    next_driver: after.driver.clone(),
                    task: task.clone(),
                };
                Some((HookEvent::TurnEnd, env))
            }
            Event::BreakStarted { .. } => Some((HookEvent::BreakStart, as_it_stands())),
            Event::BreakEnded { .. } | Event::BreakSkipped => {
                Some((HookEvent::BreakEnd, as_it_stands()))
            }
            _ => None,
        })
        .collect()
}
