//! Mobflow's one API for every caller.
//!
//! The window's IPC commands, the control socket and the CLI all go through [`Service`] and
//! speak in the DTOs of [`dto`]. This crate knows nothing about Tauri and reads no clock:
//! callers pass `now`.

#[cfg(test)]
mod bindings;
pub mod client;
pub mod dto;
pub mod export;
pub mod history;
pub mod paths;
pub mod protocol;
mod service;

pub use dto::{
    ApiError, AwayView, BoardView, ErrorCode, FocusView, GreenWaitView, HotkeyStatus, MemberView,
    Role, RoleView, Snapshot, StepView, TaskView, TestOutput, TestView, TimerState,
};
pub use service::Service;
