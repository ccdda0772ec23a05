//! End-to-end tests of the built `mobflow` binary: the CLI against a temp data folder, the app
//! controlled over its socket, and the real window driven through WebDriver. One test binary.
//!
//! The app tests need an X display and a session bus: run them as the README does
//! (`xvfb-run -a dbus-run-session -- cargo test --workspace`).

mod app;
mod cli;
mod support;
mod window;
