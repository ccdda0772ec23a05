//! A start that cannot go on says why in a window of its own (`#startup`), not only on a
//! terminal nobody sees when the app was started from the desktop: what is wrong, where the
//! file is, what the person can do. For a damaged database it offers "Start with a new
//! history", which moves the file aside (`mobflow.db.damaged-YYYYMMDD-HHMMSS`, never deleted)
//! and starts the app again in the same process (`exec`). The window is the same webview
//! stack as the app's (testable through WebDriver); it may call only the three commands below
//! (`capabilities/startup.json`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use mobflow_api::startup::StartupProblem;
use mobflow_api::{ApiError, ErrorCode};
use tauri::{AppHandle, Runtime, State, WebviewUrl, WebviewWindowBuilder};

use crate::clock;

/// The window's label.
pub const WINDOW: &str = "startup";
/// The window's title (what a window manager and `xdotool search --name` see).
pub const TITLE: &str = "Mobflow cannot start";

/// What the person chose in the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Closed the window: the app does not start.
    Quit,
    /// The damaged file was moved aside: start again.
    Restart,
}

struct Shown {
    problem: StartupProblem,
    /// The database file a new history replaces.
    db: PathBuf,
    restart: AtomicBool,
}

/// The problem the window shows.
#[tauri::command]
fn startup_problem(shown: State<'_, Shown>) -> StartupProblem {
    shown.problem.clone()
}

/// Moves the damaged database aside and ends this window so the app starts again; returns
/// where the file went.
#[tauri::command]
fn startup_new_history<R: Runtime>(
    app: AppHandle<R>,
    shown: State<'_, Shown>,
) -> Result<String, ApiError> {
    if !shown.problem.can_start_new {
        return Err(ApiError::new(
            ErrorCode::WrongState,
            "Starting with a new history is offered for a damaged file only.",
        ));
    }
    let stamp = clock::now()
        .with_timezone(&chrono::Local)
        .format("%Y%m%d-%H%M%S")
        .to_string();
    let moved = mobflow_store::move_aside(&shown.db, &stamp).map_err(|e| {
        ApiError::new(
            ErrorCode::Storage,
            format!("Could not move {} aside: {e}", shown.db.display()),
        )
    })?;
    eprintln!(
        "mobflow: moved the damaged history to {}; starting with a new one",
        moved.display()
    );
    shown.restart.store(true, Ordering::SeqCst);
    app.exit(0);
    Ok(moved.display().to_string())
}

/// Closes the window without starting.
#[tauri::command]
fn startup_quit<R: Runtime>(app: AppHandle<R>) {
    app.exit(1);
}

/// Shows `problem` (about the database `db`) until the person quits or starts anew. Without a
/// display it only prints the problem.
pub fn show(problem: StartupProblem, db: PathBuf, context: tauri::Context<tauri::Wry>) -> Choice {
    eprintln!("mobflow: {}", problem.summary());
    for advice in &problem.advice {
        eprintln!("mobflow: {advice}");
    }
    if gtk::init().is_err() {
        eprintln!("mobflow: no display to show this on");
        return Choice::Quit;
    }
    let mut context = context;
    // Only this window: not the main window the configuration opens.
    context.config_mut().app.windows.clear();
    let app = tauri::Builder::default()
        .manage(Shown {
            problem,
            db,
            restart: AtomicBool::new(false),
        })
        .invoke_handler(tauri::generate_handler![
            startup_problem,
            startup_new_history,
            startup_quit
        ])
        .setup(|app| {
            WebviewWindowBuilder::new(app, WINDOW, WebviewUrl::App("index.html#startup".into()))
                .title(TITLE)
                .inner_size(640.0, 460.0)
                .center()
                .build()?;
            Ok(())
        })
        .build(context);
    let app = match app {
        Ok(app) => app,
        Err(error) => {
            eprintln!("mobflow: could not open a window to say so: {error}");
            return Choice::Quit;
        }
    };
    let handle = tauri::Manager::app_handle(&app).clone();
    app.run_return(|_, _| {});
    let shown = tauri::Manager::state::<Shown>(&handle);
    if shown.restart.load(Ordering::SeqCst) {
        Choice::Restart
    } else {
        Choice::Quit
    }
}
