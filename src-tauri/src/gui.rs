//! Starting the app: one instance per data folder, the store, the socket, the ticker, the window.

use std::fs::{File, TryLockError};
use std::path::Path;
use std::process::ExitCode;

use mobflow_api::protocol::Request;
use mobflow_api::{client, paths, Service};
use tauri::{Manager, Runtime};

use crate::state::AppState;
use crate::{clock, commands, control, ticker};

/// `mobflow` with no arguments: open the app, or focus the one already running.
pub fn launch() -> ExitCode {
    match try_launch() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("mobflow: {message}");
            ExitCode::FAILURE
        }
    }
}

fn try_launch() -> Result<ExitCode, String> {
    let data_dir = paths::data_dir().map_err(|e| format!("no data folder: {e}"))?;
    let runtime_dir = paths::runtime_dir(&data_dir).map_err(|e| e.to_string())?;
    paths::ensure_private_dir(&runtime_dir)
        .map_err(|e| format!("cannot use {}: {e}", runtime_dir.display()))?;
    let socket = paths::socket_path(&data_dir).map_err(|e| e.to_string())?;
    let lock_path = paths::lock_path(&data_dir).map_err(|e| e.to_string())?;
    let lock = File::create(&lock_path)
        .map_err(|e| format!("cannot create {}: {e}", lock_path.display()))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => return Ok(focus_running(&socket)),
        Err(TryLockError::Error(e)) => {
            return Err(format!("cannot lock {}: {e}", lock_path.display()))
        }
    }
    let service = Service::open(&data_dir, clock::now()).map_err(|e| e.message)?;
    let uid = paths::current_uid().map_err(|e| e.to_string())?;
    run_app(tauri::Builder::default(), service, move |app| {
        control::spawn(app.clone(), socket.clone(), uid)
    })
    .map_err(|e| format!("the window failed: {e}"))?;
    drop(lock);
    Ok(ExitCode::SUCCESS)
}

/// Another Mobflow holds the lock for this data folder: bring its window forward.
fn focus_running(socket: &Path) -> ExitCode {
    match client::call(socket, &Request::Focus) {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("mobflow: Mobflow is already running but did not answer: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Builds and runs the app on any runtime (tests can pass a mock builder).
pub fn run_app<R: Runtime>(
    builder: tauri::Builder<R>,
    service: Service,
    on_ready: impl FnOnce(&tauri::AppHandle<R>) -> std::io::Result<()> + Send + 'static,
) -> tauri::Result<()> {
    builder
        .manage(AppState::new(service))
        .invoke_handler(tauri::generate_handler![
            commands::snapshot,
            commands::dispatch,
            commands::board,
            commands::sessions
        ])
        .setup(move |app| {
            let handle = app.handle().clone();
            ticker::spawn(handle.clone());
            on_ready(&handle)?;
            Ok(())
        })
        .run(tauri::generate_context!())
}

/// Shows, restores and focuses the main window.
pub fn focus_main<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}
