//! Starting the app: one instance per data folder, the store, the socket, the ticker, the window.

use std::fs::{File, TryLockError};
use std::path::Path;
use std::process::ExitCode;

use mobflow_api::protocol::Request;
use mobflow_api::{client, paths, Service};
use mobflow_core::Action;
use tauri::{Manager, Runtime};

use crate::state::AppState;
use crate::{clock, commands, control, hotkeys, screenlock, ticker, tray, windows};

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
    run_app(tauri::Builder::default(), service, data_dir, move |app| {
        control::spawn(app.clone(), socket.clone(), uid)
    })
    .map_err(|e| format!("the window failed: {e}"))?;
    drop(lock);
    Ok(ExitCode::SUCCESS)
}

/// Another Mobflow holds the lock for this data folder: bring its window forward.
fn focus_running(socket: &Path) -> ExitCode {
    let request = Request::Perform {
        action: Action::ShowMain,
    };
    match client::call(socket, &request) {
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
    data_dir: std::path::PathBuf,
    on_ready: impl FnOnce(&tauri::AppHandle<R>) -> std::io::Result<()> + Send + 'static,
) -> tauri::Result<()> {
    let app = builder
        .manage(AppState::new(service, data_dir))
        .manage(hotkeys::Hotkeys::default())
        .plugin(hotkeys::plugin())
        .invoke_handler(tauri::generate_handler![
            commands::snapshot,
            commands::dispatch,
            commands::perform,
            commands::board,
            commands::dismiss_handover,
            commands::hotkeys,
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
            if let Err(error) = tray::create(&handle) {
                // No tray host (a bare X server, some desktops): everything is still in the window.
                eprintln!("mobflow: no tray icon: {error}");
            }
            hotkeys::apply(
                &handle,
                &app.state::<AppState>().snapshot().settings.shortcuts,
            );
            ticker::spawn(handle.clone());
            screenlock::spawn(handle.clone());
            if app.state::<AppState>().ui().windows.mini_open {
                windows::open_mini(&handle);
            }
            on_ready(&handle)?;
            Ok(())
        })
        .on_window_event(|window, event| match event {
            // Closing the main window quits: no timer left running out of sight.
            tauri::WindowEvent::CloseRequested { .. } if window.label() == windows::MAIN => {
                windows::save(window.app_handle());
                window.app_handle().exit(0);
            }
            tauri::WindowEvent::Moved(pos) if window.label() == windows::MINI => {
                let scale = window.scale_factor().unwrap_or(1.0);
                let pos = pos.to_logical::<f64>(scale);
                windows::mini_moved(window.app_handle(), pos.x, pos.y);
            }
            _ => {}
        })
        .build(tauri::generate_context!())?;
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            windows::save(handle);
        }
    });
    Ok(())
}
