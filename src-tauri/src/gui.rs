//! Starting the app: one instance per data folder, the store checked (a problem shows a
//! window), the socket, the ticker under a supervisor, the window.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use mobflow_api::instance::{self, Acquired, InstanceLock, Published};
use mobflow_api::protocol::Request;
use mobflow_api::startup::StartupProblem;
use mobflow_api::{client, paths, Service};
use mobflow_core::Action;
use mobflow_store::{Store, DB_FILE};
use tauri::{Manager, Runtime};

use crate::state::AppState;
use crate::{clock, commands, control, hotkeys, screenlock, sight, startup, ticker, tray, windows};

/// How long quitting waits for the writer to save what is still queued.
const EXIT_FLUSH: std::time::Duration = std::time::Duration::from_secs(2);

/// How long a second launch waits for the first to answer on its socket (it may be starting).
const JOIN_PATIENCE: Duration = Duration::from_secs(20);
/// How often it looks meanwhile.
const JOIN_POLL: Duration = Duration::from_millis(100);
/// The first pause before a ticker that panicked starts again; doubled each time, to 3.2 s.
const RESTART_PAUSE: Duration = Duration::from_millis(100);

/// `mobflow-app`: open the app, or focus the one already running on this data folder.
pub fn launch() -> ExitCode {
    match try_launch() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("mobflow: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The app's embedded configuration and UI.
fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

fn try_launch() -> Result<ExitCode, String> {
    let data_dir = paths::data_dir().map_err(|e| format!("no data folder: {e}"))?;
    // The lock sits beside the database: one app per data folder, whatever runtime folder
    // (desktop, ssh, cron) each launch has.
    let lock = match instance::acquire(&data_dir) {
        Ok(Acquired::Locked(lock)) => lock,
        Ok(Acquired::Held(published)) => return Ok(join_running(&data_dir, published)),
        Err(error) => {
            let problem = StartupProblem::folder(&data_dir, &error);
            return Ok(show_problem(problem, &data_dir, None));
        }
    };
    if let Err(error) = Store::check_dir(&data_dir) {
        let problem = StartupProblem::from_store(&data_dir, error);
        return Ok(show_problem(problem, &data_dir, Some(lock)));
    }
    let runtime_dir = paths::runtime_dir(&data_dir).map_err(|e| e.to_string())?;
    if let Err(error) = paths::ensure_private_dir(&runtime_dir) {
        let problem = StartupProblem::other(
            "use its runtime folder for the control socket",
            &runtime_dir,
            error.to_string(),
        );
        return Ok(show_problem(problem, &data_dir, Some(lock)));
    }
    let socket = paths::socket_path(&data_dir).map_err(|e| e.to_string())?;
    let service = match Service::open(&data_dir, clock::now()) {
        Ok(service) => service,
        Err(error) => {
            let problem =
                StartupProblem::other("open its history", &data_dir.join(DB_FILE), error.message);
            return Ok(show_problem(problem, &data_dir, Some(lock)));
        }
    };
    let uid = paths::current_uid().map_err(|e| e.to_string())?;
    // Before GTK starts: the window's WM_CLASS (X11) and app id (Wayland) come from it, and
    // docks match them to the installed `mobflow.desktop` whatever the binary is called.
    gtk::glib::set_prgname(Some(crate::DESKTOP_ID));
    let lock = Arc::new(lock);
    let held = lock.clone();
    run_app(tauri::Builder::default(), service, data_dir, move |app| {
        control::spawn(app.clone(), socket.clone(), uid)?;
        // Now others can find this app from the data folder, whatever their runtime folder.
        held.publish(&Published {
            socket: Some(socket.clone()),
            ..Published::default()
        })
    })
    .map_err(|e| format!("the window failed: {e}"))?;
    drop(lock);
    Ok(ExitCode::SUCCESS)
}

/// Shows a start-up problem in its window; when the person starts with a new history, runs
/// this program again in this process (the lock is let go and taken again at once).
fn show_problem(problem: StartupProblem, data_dir: &Path, lock: Option<InstanceLock>) -> ExitCode {
    if let Some(lock) = &lock {
        let said = Published {
            problem: Some(problem.summary()),
            ..Published::default()
        };
        if let Err(error) = lock.publish(&said) {
            eprintln!(
                "mobflow: could not write {}: {error}",
                lock.path().display()
            );
        }
    }
    match startup::show(problem, data_dir.join(DB_FILE), context()) {
        startup::Choice::Quit => ExitCode::FAILURE,
        startup::Choice::Restart => {
            drop(lock);
            let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("mobflow-app"));
            let error = crate::webkit::as_launched(&mut std::process::Command::new(&exe)).exec();
            eprintln!("mobflow: could not start {} again: {error}", exe.display());
            ExitCode::FAILURE
        }
    }
}

/// Another Mobflow holds this data folder: bring its window forward through its socket
/// (waiting a little while it starts), or say clearly why not. Never a second writer.
fn join_running(data_dir: &Path, mut published: Published) -> ExitCode {
    let request = Request::Perform {
        action: Action::ShowMain,
    };
    let who = |p: &Published| {
        p.pid
            .map_or_else(String::new, |pid| format!(" (pid {pid})"))
    };
    let mut waited = Duration::ZERO;
    let mut last = String::from("it has not said where its socket is yet");
    loop {
        if let Some(problem) = &published.problem {
            eprintln!(
                "mobflow: Mobflow{} is showing a start-up problem for {}: {problem}",
                who(&published),
                data_dir.display()
            );
            return ExitCode::FAILURE;
        }
        if let Some(socket) = &published.socket {
            match paths::check_socket(socket) {
                Err(error) => last = format!("its socket is not safe to use: {error}"),
                Ok(()) => match client::call(socket, &request) {
                    Ok(_) => return ExitCode::SUCCESS,
                    Err(error) => last = error.message,
                },
            }
        }
        if waited >= JOIN_PATIENCE {
            eprintln!(
                "mobflow: Mobflow{} is already running on {} (it holds {}) but does not \
                 answer: {last}. If it hangs, end it, then start Mobflow again.",
                who(&published),
                data_dir.display(),
                instance::lock_path(data_dir).display()
            );
            return ExitCode::FAILURE;
        }
        std::thread::sleep(JOIN_POLL);
        waited += JOIN_POLL;
        match instance::acquire(data_dir) {
            Ok(Acquired::Held(now)) => published = now,
            // It ended meanwhile: this launch is the app after all (in a fresh process).
            Ok(Acquired::Locked(lock)) => {
                drop(lock);
                let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("mobflow-app"));
                let error =
                    crate::webkit::as_launched(&mut std::process::Command::new(&exe)).exec();
                eprintln!("mobflow: could not start {}: {error}", exe.display());
                return ExitCode::FAILURE;
            }
            Err(error) => {
                eprintln!("mobflow: cannot read {}: {error}", data_dir.display());
                return ExitCode::FAILURE;
            }
        }
    }
}

/// Runs the ticker under a supervisor: a panic inside it is logged and it starts again.
fn supervise_ticker<R: Runtime>(app: tauri::AppHandle<R>) {
    tauri::async_runtime::spawn(supervise("ticker", RESTART_PAUSE, move || {
        ticker::spawn(app.clone())
    }));
}

/// Runs the task `start` spawns until it ends; each time it panics, says so and spawns it
/// again after a pause (doubling from `pause` up to 32 times it, so a task that panics at once
/// cannot spin). Returns how many times it restarted the task.
async fn supervise(
    name: &'static str,
    pause: Duration,
    mut start: impl FnMut() -> tauri::async_runtime::JoinHandle<()>,
) -> u32 {
    let mut restarts = 0u32;
    loop {
        match start().await {
            Ok(()) => return restarts,
            Err(error) => {
                restarts += 1;
                eprintln!("mobflow: the {name} stopped ({error}); starting it again (#{restarts})");
                tokio::time::sleep(pause * (1 << restarts.min(5))).await;
            }
        }
    }
}

/// Starts the chime's worker, managed by the app (its WAV files go to the runtime folder).
fn start_chimes<R: Runtime>(app: &tauri::AppHandle<R>) {
    let data_dir = app.state::<AppState>().data_dir.clone();
    match paths::runtime_dir(&data_dir) {
        Ok(dir) => {
            app.manage(crate::chime::Chimes::new(app.clone(), dir));
        }
        Err(error) => eprintln!("mobflow: no runtime folder for the chime: {error}"),
    }
}

/// Builds and runs the app on any runtime (tests can pass a mock builder).
pub fn run_app<R: Runtime>(
    builder: tauri::Builder<R>,
    service: Service,
    data_dir: std::path::PathBuf,
    on_ready: impl FnOnce(&tauri::AppHandle<R>) -> std::io::Result<()> + Send + 'static,
) -> tauri::Result<()> {
    let app = builder
        .manage(AppState::new(service, data_dir))
        .manage(hotkeys::Hotkeys::default())
        .manage(crate::testwatch::TestWatch::default())
        .invoke_handler(tauri::generate_handler![
            commands::snapshot,
            commands::dispatch,
            commands::perform,
            commands::board,
            commands::ready,
            commands::painted,
            commands::dismiss_handover,
            commands::test_sound,
            commands::hotkeys,
            commands::desktop,
            commands::test_report,
            crate::screens::screens,
            crate::screens::set_screens,
            crate::history::history_sessions,
            crate::history::history_retro,
            crate::history::history_rename,
            crate::history::history_delete,
            crate::history::history_export,
            crate::history::history_export_dialog
        ])
        .setup(move |app| {
            let handle = app.handle().clone();
            start_chimes(&handle);
            if let Some(main) = handle.get_webview_window(windows::MAIN) {
                sight::watch(&main);
            }
            if let Err(error) = tray::create(&handle) {
                // No tray host (a bare X server, some desktops): everything is still in the window.
                eprintln!("mobflow: no tray icon: {error}");
            }
            supervise_ticker(handle.clone());
            let reveal = handle.clone();
            tauri::async_runtime::spawn(async move {
                tokio::time::sleep(windows::REVEAL_LIMIT).await;
                windows::reveal_main(&reveal);
            });
            screenlock::spawn(handle.clone());
            if app.state::<AppState>().ui().windows.mini_open {
                windows::open_mini(&handle);
            }
            on_ready(&handle)?;
            Ok(())
        })
        .on_window_event(on_window_event)
        .build(context())?;
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            windows::save(handle);
            // What is still queued gets a moment to reach the disk (the writer does the work).
            handle.state::<AppState>().storage().flush(EXIT_FLUSH);
        }
    });
    Ok(())
}

/// What the app does with its windows' own events.
fn on_window_event<R: Runtime>(window: &tauri::Window<R>, event: &tauri::WindowEvent) {
    match event {
        // Closing the main window quits: no timer left running out of sight.
        tauri::WindowEvent::CloseRequested { .. } if window.label() == windows::MAIN => {
            windows::save(window.app_handle());
            window.app_handle().exit(0);
        }
        // Brought forward over the hand-over screen (Alt+Tab, where the desktop lets it): the
        // main window is seen, so it is kept up to date again.
        tauri::WindowEvent::Focused(true) if window.label() == windows::MAIN => {
            let state = window.state::<AppState>();
            let ui = state.ui();
            if ui.handover_shown {
                state.uncover_main(ui, true);
            }
        }
        tauri::WindowEvent::Moved(pos) if window.label() == windows::MINI => {
            let scale = window.scale_factor().unwrap_or(1.0);
            let pos = pos.to_logical::<f64>(scale);
            windows::mini_moved(window.app_handle(), pos.x, pos.y);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    #[test]
    fn a_task_that_panics_is_started_again_until_it_ends_well() {
        let runs = Arc::new(AtomicU32::new(0));
        let counted = runs.clone();
        let restarts =
            tauri::async_runtime::block_on(supervise("test task", Duration::ZERO, move || {
                let run = counted.fetch_add(1, Ordering::SeqCst);
                tauri::async_runtime::spawn(async move {
                    assert!(run >= 2, "run {run} panics on purpose");
                })
            }));
        assert_eq!(restarts, 2, "two panics, two restarts");
        assert_eq!(runs.load(Ordering::SeqCst), 3, "the third run ended well");
    }
}
