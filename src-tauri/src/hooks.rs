//! Event hooks: a shell command per event (turn start and end, break start and end), run off
//! the timer path with a time limit. Its exit status and the tail of its output go to history.
//! Which events trigger which hook is the core's (`mobflow_core::hooks::triggered`).

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::Duration;

use mobflow_api::Snapshot;
use mobflow_core::hooks::{triggered, Hook, HookEnv, HookEvent, Standing};
use mobflow_core::{Event, Record};
use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;

/// How much of a hook's output history keeps (its end).
const OUTPUT_TAIL: usize = 2000;

/// The outcome of one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookRun {
    pub exit_code: Option<i32>,
    pub timed_out: bool,
    pub output_tail: String,
}

/// Runs `hook` to completion or until `limit`, then kills its whole process group. Blocking:
/// call it on a worker thread.
pub fn run_blocking(event: HookEvent, hook: &Hook, env: &HookEnv, limit: Duration) -> HookRun {
    let mut cmd = Command::new("/bin/sh");
    cmd.arg("-c")
        .arg(&hook.command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("MOBFLOW_EVENT", event.name())
        .env("MOBFLOW_DRIVER", env.driver.as_deref().unwrap_or(""))
        .env("MOBFLOW_NAVIGATOR", env.navigator.as_deref().unwrap_or(""))
        .env(
            "MOBFLOW_NEXT_DRIVER",
            env.next_driver.as_deref().unwrap_or(""),
        )
        .env("MOBFLOW_TASK", env.task.as_deref().unwrap_or(""))
        .process_group(0);
    let cwd = if hook.cwd.is_empty() {
        std::env::var_os("HOME").map(std::path::PathBuf::from)
    } else {
        Some(hook.cwd.clone().into())
    };
    if let Some(cwd) = cwd {
        cmd.current_dir(cwd);
    }
    let mut child = match cmd.spawn() {
        Ok(child) => child,
        Err(error) => {
            return HookRun {
                exit_code: None,
                timed_out: false,
                output_tail: format!("could not start: {error}"),
            }
        }
    };
    let readers: Vec<_> = [
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    ]
    .into_iter()
    .flatten()
    .map(|mut pipe| {
        std::thread::spawn(move || {
            let mut tail = Vec::new();
            let mut buf = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                tail.extend_from_slice(&buf[..n]);
                if tail.len() > OUTPUT_TAIL * 2 {
                    tail.drain(..tail.len() - OUTPUT_TAIL);
                }
            }
            tail
        })
    })
    .collect();
    let pid = child.id() as i32;
    let (status, timed_out) = match wait_until(&mut child, limit) {
        Some(status) => (Some(status), false),
        None => {
            // SAFETY: kill() with a negative pid signals the hook's own process group (made by
            // process_group(0) above); it touches no memory.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
            (child.wait().ok(), true)
        }
    };
    let mut output: Vec<u8> = Vec::new();
    for reader in readers {
        output.extend(reader.join().unwrap_or_default());
    }
    let text = String::from_utf8_lossy(&output);
    let text = text.trim_end();
    let start = text
        .char_indices()
        .map(|(i, _)| i)
        .find(|i| text.len() - i <= OUTPUT_TAIL)
        .unwrap_or(text.len());
    HookRun {
        exit_code: status.and_then(|s| s.code()),
        timed_out,
        output_tail: text[start..].to_owned(),
    }
}

fn wait_until(
    child: &mut std::process::Child,
    limit: Duration,
) -> Option<std::process::ExitStatus> {
    let step = Duration::from_millis(20);
    let mut waited = Duration::ZERO;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if waited < limit => {
                std::thread::sleep(step);
                waited += step;
            }
            _ => return None,
        }
    }
}

/// Starts the hooks that `records` trigger, each on its own thread; results go to history.
pub fn dispatch<R: Runtime>(app: &AppHandle<R>, records: &[Record], now: &Snapshot) {
    let after = Standing {
        driver: now.driver.clone(),
        navigator: now.navigator.clone(),
        task: now.task.as_ref().map(|t| t.title.clone()),
    };
    for (event, env) in triggered(records, &after) {
        let Some(hook) = now.settings.hooks.get(&event).cloned() else {
            continue;
        };
        let limit = Duration::from_secs(u64::from(now.settings.hook_timeout_secs));
        let app = app.clone();
        let spawned = std::thread::Builder::new()
            .name("mobflow-hook".into())
            .spawn(move || {
                let run = run_blocking(event, &hook, &env, limit);
                let record = Event::HookRan {
                    hook: event.name().to_owned(),
                    command: hook.command.clone(),
                    exit_code: run.exit_code,
                    timed_out: run.timed_out,
                    output_tail: run.output_tail,
                };
                let state = app.state::<AppState>();
                let recorded = state.service().record(record, crate::clock::now());
                if let Err(error) = recorded {
                    eprintln!("mobflow: could not record a hook's result: {error}");
                }
            });
        if let Err(error) = spawned {
            eprintln!("mobflow: could not start a hook: {error}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hook(command: &str) -> Hook {
        Hook {
            command: command.into(),
            cwd: "/tmp".into(),
        }
    }

    #[test]
    fn a_hook_sees_its_environment_and_its_output_is_kept() {
        let env = HookEnv {
            driver: Some("Ada".into()),
            navigator: Some("Bob".into()),
            next_driver: Some("Bob".into()),
            task: Some("Fix login".into()),
        };
        let run = run_blocking(
            HookEvent::TurnEnd,
            &hook("echo \"$MOBFLOW_EVENT $MOBFLOW_DRIVER>$MOBFLOW_NEXT_DRIVER [$MOBFLOW_TASK] $(pwd)\"; exit 3"),
            &env,
            Duration::from_secs(10),
        );
        assert_eq!(run.exit_code, Some(3));
        assert!(!run.timed_out);
        assert_eq!(run.output_tail, "turn_end Ada>Bob [Fix login] /tmp");
    }

    #[test]
    fn a_hanging_hook_and_its_children_are_killed_at_the_limit() {
        let run = run_blocking(
            HookEvent::TurnStart,
            &hook("echo started; sleep 30 & sleep 30"),
            &HookEnv::default(),
            Duration::from_millis(300),
        );
        assert!(run.timed_out, "the limit was hit");
        assert_eq!(run.exit_code, None, "killed, so no exit code");
        assert_eq!(run.output_tail, "started", "output before the kill is kept");
    }

    #[test]
    fn a_long_output_keeps_its_end() {
        let run = run_blocking(
            HookEvent::BreakStart,
            &hook("seq 1 5000"),
            &HookEnv::default(),
            Duration::from_secs(10),
        );
        assert_eq!(run.exit_code, Some(0));
        assert!(run.output_tail.len() <= OUTPUT_TAIL);
        assert!(run.output_tail.ends_with("4999\n5000"));
    }
}
