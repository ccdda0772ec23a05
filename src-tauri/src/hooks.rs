//! Event hooks: a shell command per event (turn start and end, break start and end), run off
//! the timer path with a time limit. Its exit status and the tail of its output go to history
//! when its shell exits; everything it started is ended at the limit (`hook_supervisor`).
//! Which events trigger which hook is the core's (`mobflow_core::hooks::triggered`).

use std::time::Duration;

use mobflow_api::Snapshot;
use mobflow_core::hooks::{triggered, Hook, HookEnv, HookEvent, Standing};
use mobflow_core::{Event, Record};
use tauri::{AppHandle, Manager, Runtime};

use crate::hook_supervisor::{self, HookRun};
use crate::state::AppState;

/// Runs `hook` under its supervisor (see `hook_supervisor`): `done` gets the outcome as soon as
/// the shell exits or `limit` passes, whatever its children do; this returns once nothing the
/// hook started is left (at the limit at the latest, when the whole tree is ended). Blocking:
/// call it on the hook's own thread.
pub fn run_blocking(
    event: HookEvent,
    hook: &Hook,
    env: &HookEnv,
    limit: Duration,
    done: impl FnOnce(HookRun),
) {
    let cwd = if hook.cwd.is_empty() {
        std::env::var_os("HOME").map(std::path::PathBuf::from)
    } else {
        Some(hook.cwd.clone().into())
    };
    let var = |value: &Option<String>| value.clone().unwrap_or_default();
    let job = hook_supervisor::Job {
        command: hook.command.clone(),
        cwd,
        env: vec![
            ("MOBFLOW_EVENT", event.name().to_owned()),
            ("MOBFLOW_DRIVER", var(&env.driver)),
            ("MOBFLOW_NAVIGATOR", var(&env.navigator)),
            ("MOBFLOW_NEXT_DRIVER", var(&env.next_driver)),
            ("MOBFLOW_TASK", var(&env.task)),
        ],
        limit,
    };
    hook_supervisor::run(&job, done);
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
                run_blocking(event, &hook, &env, limit, |run| {
                    let record = Event::HookRan {
                        hook: event.name().to_owned(),
                        command: hook.command.clone(),
                        exit_code: run.exit_code,
                        timed_out: run.timed_out,
                        output_tail: run.output_tail,
                    };
                    // Queued for the writer: this never waits on the disk.
                    let state = app.state::<AppState>();
                    state.service().record(record, crate::clock::now());
                });
            });
        if let Err(error) = spawned {
            eprintln!("mobflow: could not start a hook: {error}");
        }
    }
}
