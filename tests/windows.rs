//! The real windows on WebKitGTK, driven as a user would through [`crate::support::Window`]:
//! the main window, the board, the hand-over screen, the break and the mini timer, the history.

mod a11y;
mod board;
mod escalation;
mod extra;
mod handover_keys;
mod history;
mod main_window;
mod monitors;
mod test_badge;
