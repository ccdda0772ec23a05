//! What the `alert` event carries to the windows: the shell decides when (the timer's
//! transitions), the windows show it and play the sound.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// The turn ends soon.
    Warning,
    /// The turn is over: hand over (or a break is due).
    TurnOver,
    /// Nobody has started the next turn yet (every minute).
    Overrun,
    /// The break is over.
    BreakOver,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct Alert {
    pub kind: AlertKind,
    pub title: String,
    pub body: String,
    /// Whether the windows should play the sound.
    pub sound: bool,
}
