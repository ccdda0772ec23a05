//! The Mobflow shell: the Tauri app and the `mobflow` CLI, one binary.
//!
//! The shell is thin: IPC commands and the control socket lock the shared [`state::AppState`],
//! call the one API (`mobflow_api::Service`), which persists, and the shell emits the new
//! snapshot. One ticker owns the real clock and drives the countdown.

pub(crate) mod actions;
mod alerts;
mod cli;
mod cli_history;
mod clock;
mod commands;
mod control;
mod gui;
mod history;
mod hooks;
mod hotkeys;
mod state;
mod testwatch;
mod ticker;
mod tray;
mod windows;

pub use gui::run_app;

/// Entry point of the `mobflow` binary.
pub fn main() -> std::process::ExitCode {
    use clap::Parser;
    let args = cli::Cli::parse();
    match args.command {
        None => gui::launch(),
        Some(command) => cli::run(command),
    }
}
