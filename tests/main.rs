//! End-to-end tests of the built `mobflow` binary: the CLI against a temp data folder, the app
//! controlled over its socket, and the real window driven through WebDriver. One test binary,
//! one file per subject.
//!
//! The app tests need an X display and a session bus: run them as the README does
//! (`xvfb-run -a dbus-run-session -- cargo test --workspace`).

// These tests time real processes (the CLI must give up within 2 s), so they read the clock.
#![allow(clippy::disallowed_methods)]

mod app;
mod cli;
mod history;
mod hooks;
mod hooks_leak;
mod notifications;
mod package;
mod parity;
mod robustness;
mod screenlock;
mod shortcuts;
mod socket;
mod storage_faults;
mod support;
mod test_runs;
mod tray;
mod windows;
