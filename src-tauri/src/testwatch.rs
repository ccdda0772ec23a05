//! The mob's test command, watched and run.
//!
//! - **Watching** (`filter.rs`): with a test command set, one thread per folder watches it with
//!   notify's full debouncer, one non-recursive watch per folder that the `.gitignore` files do
//!   not ignore (so `target/` or `node_modules/` cost no watch), adding folders as they appear.
//!   A debounced change to a wanted file asks for a run (`Command::RunTests`), unless the run
//!   asked for last started after that change (it covers it): a burst of writes starts one run.
//! - **Running** (`run.rs`): the core decides when a run starts (never two at once: one asked
//!   for meanwhile is queued and starts when the run going on finishes) and records
//!   `TestRunStarted`; [`follow`] sees it among the committed events and runs the command on a
//!   worker thread with the time limit, then reports through the one command path
//!   (`Command::FinishTestRun`). Turning the command off or changing it ends a run going on.
//!
//! Nothing here runs on the timer's task: the ticker only calls [`follow`], which compares
//! settings and spawns threads.

mod filter;
mod run;

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use mobflow_api::{Snapshot, TestReport, WatchView};
use mobflow_core::{Command, Event, Record, TestSettings, TestTrigger};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};
use tauri::{AppHandle, Manager, Runtime};

use crate::clock;
use crate::state::AppState;
use filter::Filter;

/// What the watch depends on: a change restarts it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct WatchKey {
    cwd: String,
    watch: Vec<String>,
    debounce_ms: u32,
}

impl WatchKey {
    fn of(settings: &TestSettings) -> Option<WatchKey> {
        settings.is_on().then(|| WatchKey {
            cwd: settings.cwd.clone(),
            watch: settings.watch.clone(),
            debounce_ms: settings.debounce_ms,
        })
    }
}

/// The watch and the run going on, shared by the ticker and the worker threads.
#[derive(Default)]
pub struct TestWatch {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// The settings the watch follows, and how to stop it.
    watching: Option<(WatchKey, Sender<Msg>)>,
    /// The command the last settings named (a change ends the run going on).
    command: String,
    /// The run going on: its id and process group.
    running: Option<(u64, i32)>,
    /// What is watched now, as the watch thread last said.
    status: WatchView,
}

impl TestWatch {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sets what the watch of `folder` says about itself, unless another watch took over.
    fn set_status(&self, folder: &str, status: WatchView) {
        let mut inner = self.lock();
        if inner
            .watching
            .as_ref()
            .is_some_and(|(key, _)| key.cwd == folder)
        {
            inner.status = status;
        }
    }
}

/// The last run's output and what is watched, for the window and the CLI on demand.
pub fn report<R: Runtime>(app: &AppHandle<R>) -> TestReport {
    TestReport {
        output: app.state::<AppState>().service().test_output(),
        watch: app.state::<TestWatch>().lock().status.clone(),
    }
}

/// What the watch thread hears.
enum Msg {
    Changed(Vec<(PathBuf, Instant)>),
    Failed(String),
    Stop,
}

/// Keeps the watch in step with the settings and runs the runs the core started. Called by the
/// ticker with the events committed since its last call and the snapshot after them.
pub fn follow<R: Runtime>(app: &AppHandle<R>, committed: &[Record], now: &Snapshot) {
    let tests = &now.settings.tests;
    let watch = app.state::<TestWatch>();
    {
        let mut inner = watch.lock();
        if inner.command != tests.command {
            inner.command = tests.command.clone();
            if let Some((_, group)) = inner.running.take() {
                run::end_group(group);
            }
        }
        let key = WatchKey::of(tests);
        if inner.watching.as_ref().map(|(k, _)| k) != key.as_ref() {
            if let Some((_, stop)) = inner.watching.take() {
                let _ = stop.send(Msg::Stop);
            }
            inner.status = WatchView {
                folder: key.as_ref().map(|k| k.cwd.clone()).unwrap_or_default(),
                ..WatchView::default()
            };
            inner.watching = key.map(|key| {
                let stop = start_watch(app.clone(), &key);
                (key, stop)
            });
        }
    }
    for record in committed {
        if let Event::TestRunStarted { run, command, .. } = &record.event {
            start_run(app, *run, command.clone(), tests);
        }
    }
}

/// Runs run `run` on a worker thread; its outcome goes through the one command path.
fn start_run<R: Runtime>(app: &AppHandle<R>, run: u64, command: String, tests: &TestSettings) {
    let cwd = PathBuf::from(&tests.cwd);
    let limit = Duration::from_secs(u64::from(tests.timeout_secs));
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("mobflow-test-run".into())
        .spawn(move || {
            let watch = app.state::<TestWatch>();
            let outcome = run::run_blocking(&command, &cwd, run, limit, |group| {
                watch.lock().running = Some((run, group));
            });
            {
                let mut inner = watch.lock();
                if inner.running.is_some_and(|(r, _)| r == run) {
                    inner.running = None;
                }
            }
            let finish = Command::FinishTestRun {
                run,
                exit_code: outcome.exit_code,
                timed_out: outcome.timed_out,
                output_tail: outcome.output_tail,
            };
            // Refused only when the core no longer waits for it (the tests were turned off).
            if let Err(error) = app.state::<AppState>().run(&app, &finish) {
                eprintln!("mobflow: test run {run} not recorded: {error}");
            }
        });
    if let Err(error) = spawned {
        eprintln!("mobflow: could not start test run {run}: {error}");
    }
}

/// Starts watching as `key` says; returns how to stop. The thread owns the debouncer.
fn start_watch<R: Runtime>(app: AppHandle<R>, key: &WatchKey) -> Sender<Msg> {
    let (tx, rx) = mpsc::channel();
    let key = key.clone();
    let events = tx.clone();
    let spawned = std::thread::Builder::new()
        .name("mobflow-test-watch".into())
        .spawn(move || {
            if let Err(error) = watch_loop(&app, &key, events, rx) {
                eprintln!("mobflow: not watching {} for tests: {error}", key.cwd);
                let status = WatchView {
                    folder: key.cwd.clone(),
                    folders: 0,
                    error: Some(error),
                };
                app.state::<TestWatch>().set_status(&key.cwd, status);
            }
        });
    if let Err(error) = spawned {
        eprintln!("mobflow: could not watch for tests: {error}");
    }
    tx
}

fn watch_loop<R: Runtime>(
    app: &AppHandle<R>,
    key: &WatchKey,
    events: Sender<Msg>,
    rx: Receiver<Msg>,
) -> Result<(), String> {
    let root = Path::new(&key.cwd);
    if !root.is_dir() {
        return Err("the folder does not exist".into());
    }
    let mut watch = Watch {
        folder: key.cwd.clone(),
        filter: Filter::new(root, &key.watch)?,
        debouncer: debouncer(key, events)?,
        watched: 0,
        covered_until: None,
    };
    watch.add_tree(app, root);
    while let Ok(msg) = rx.recv() {
        match msg {
            Msg::Stop => break,
            Msg::Failed(error) => eprintln!("mobflow: watching {} for tests: {error}", key.cwd),
            Msg::Changed(changed) => watch.changed(app, changed),
        }
    }
    Ok(())
}

/// notify's full debouncer with `key`'s debounce, telling the watch thread through `events`.
fn debouncer(key: &WatchKey, events: Sender<Msg>) -> Result<Debouncer, String> {
    let debounce = Duration::from_millis(u64::from(key.debounce_ms));
    let handler = move |result: DebounceEventResult| {
        let msg = match result {
            Ok(batch) => Msg::Changed(
                batch
                    .into_iter()
                    .filter(|e| changes(&e.event.kind))
                    .flat_map(|e| {
                        let time = e.time;
                        e.event.paths.into_iter().map(move |p| (p, time))
                    })
                    .collect(),
            ),
            Err(errors) => Msg::Failed(
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        };
        let _ = events.send(msg);
    };
    new_debouncer(debounce, Some(debounce / 2), handler).map_err(|e| e.to_string())
}

type Debouncer = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// One folder watched for the tests, on its thread.
struct Watch {
    folder: String,
    filter: Filter,
    debouncer: Debouncer,
    /// How many folders are watched.
    watched: u32,
    /// Changes before this instant are covered by the run asked for then.
    covered_until: Option<Instant>,
}

impl Watch {
    /// Watches `dir` and the folders under it that are not ignored; says how many are watched.
    fn add_tree<R: Runtime>(&mut self, app: &AppHandle<R>, dir: &Path) {
        for folder in folders(dir, &mut self.filter) {
            match self.debouncer.watch(&folder, RecursiveMode::NonRecursive) {
                Ok(()) => self.watched += 1,
                Err(error) => eprintln!("mobflow: cannot watch {}: {error}", folder.display()),
            }
        }
        let status = WatchView {
            folder: self.folder.clone(),
            folders: self.watched,
            error: None,
        };
        app.state::<TestWatch>().set_status(&self.folder, status);
    }

    /// Takes a debounced batch of changes: new folders are watched, and a change to a wanted
    /// file asks for a run, unless the run asked for last started after it.
    fn changed<R: Runtime>(&mut self, app: &AppHandle<R>, changed: Vec<(PathBuf, Instant)>) {
        let mut latest: Option<Instant> = None;
        for (path, time) in changed {
            if path.file_name().is_some_and(|n| n == ".gitignore") {
                self.filter.forget_ignores();
            }
            if path.is_dir() {
                if !self.filter.ignored(&path, true) {
                    self.add_tree(app, &path);
                }
            } else if self.filter.wanted(&path) {
                latest = latest.max(Some(time));
            }
        }
        let Some(latest) = latest else { return };
        if self.covered_until.is_some_and(|until| latest < until) {
            return;
        }
        self.covered_until = Some(clock::read().mono);
        let ask = Command::RunTests {
            trigger: TestTrigger::Watch,
        };
        if let Err(error) = app.state::<AppState>().run(app, &ask) {
            eprintln!("mobflow: could not start the tests: {error}");
        }
    }
}

/// Whether an event is a change to what is on disk (not a read).
fn changes(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
    )
}

/// `dir` and the folders under it that are not ignored (`.git` never).
fn folders(dir: &Path, filter: &mut Filter) -> Vec<PathBuf> {
    let walk = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .require_git(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build();
    walk.flatten()
        .filter(|entry| entry.file_type().is_some_and(|t| t.is_dir()))
        .map(ignore::DirEntry::into_path)
        .filter(|path| path == dir || !filter.ignored(path, true))
        .collect()
}
