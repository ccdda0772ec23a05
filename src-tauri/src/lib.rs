//! The Mobflow shell: the Tauri app and the `mobflow` CLI, one binary.
//!
//! The shell is thin: IPC commands and the control socket lock the shared [`state::AppState`],
//! call the one API (`mobflow_api::Service`), which persists, and the shell emits the new
//! snapshot. One ticker owns the real clock and drives the countdown.

pub(crate) mod actions;
mod alerts;
mod autostart;
mod cli;
mod cli_docs;
mod cli_history;
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

/// The desktop entry id (`mobflow.desktop`), icon name (hicolor `apps/mobflow.png`) and GTK
/// program name (so the window's WM_CLASS is `mobflow`/`Mobflow`) that the packages install and
/// the notifications, the login entry and the dock refer to.
pub const DESKTOP_ID: &str = "mobflow";

/// Entry point of the `mobflow` binary.
pub fn main() -> std::process::ExitCode {
    use clap::Parser;
    // Packaging's own command, kept outside clap so that help, man page and completions never
    // offer it.
    let mut raw = std::env::args_os().skip(1);
    if raw.next().as_deref() == Some(std::ffi::OsStr::new(cli_docs::COMMAND)) {
        return cli_docs::run(raw.next(), raw.next());
    }
    let args = cli::Cli::parse();
    match args.command {
        None => gui::launch(),
        Some(command) => cli::run(command),
    }
}
