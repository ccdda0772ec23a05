//! The Mobflow shell: the Tauri app (`mobflow-app`). The `mobflow` command line is
//! crates/mobflow-cli, a binary of its own that links no GTK or WebKit.
//!
//! The shell is thin: IPC commands and the control socket lock the shared [`state::AppState`],
//! call the one API (`mobflow_api::Service`), which persists, and the shell emits the new
//! snapshot. One ticker owns the real clock and drives the countdown.

pub(crate) mod actions;
mod alerts;
mod clock;
mod commands;
mod control;
mod gui;
mod history;
mod hooks;
mod hotkeys;
mod state;
mod ticker;
mod tray;
mod windows;

pub use gui::run_app;

/// Entry point of the `mobflow-app` binary: open the app, or focus the one already running
/// on this data folder. It takes no arguments: the command line is `mobflow`.
pub fn main() -> std::process::ExitCode {
    if let Some(arg) = std::env::args_os().nth(1) {
        eprintln!(
            "mobflow-app: unexpected argument {arg:?}: the app takes none; the command line is \
             `mobflow` (try `mobflow --help`)"
        );
        return std::process::ExitCode::from(2);
    }
    gui::launch()
}
