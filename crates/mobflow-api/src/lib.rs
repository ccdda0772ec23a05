//! Mobflow's one API for every caller.
//!
//! The window's IPC commands, the control socket and the CLI all go through [`Service`] and
//! speak in the DTOs of [`dto`]. This crate knows nothing about Tauri and reads no clock:
//! callers pass `now`.

/// Which alert the timer's transitions call for, and how insistent it is.
pub mod alert;
#[cfg(test)]
mod bindings;
pub mod client;
mod desktop;
pub mod dto;
pub mod export;
pub mod history;
pub mod instance;
/// The IPC command and event names the windows and the shell share (exported to TypeScript).
pub mod names;
pub mod paths;
pub mod protocol;
pub mod screens;
mod service;
pub mod startup;

pub use alert::{Alert, AlertKind};
pub use desktop::DesktopView;
pub use dto::{
    ApiError, AwayView, BoardView, ErrorCode, FocusView, GreenWaitView, HotkeyStatus, MemberView,
    Role, RoleView, Snapshot, StepView, StorageView, TaskView, TestOutput, TestReport, TestView,
    Tick, TimerState, WatchView,
};
pub use service::{Applied, Service, Storage, ACK_WAIT};
