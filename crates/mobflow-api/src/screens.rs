//! The monitors the extra windows can be put on, as the Settings dialog sees them, and the
//! choice it sends back. The shell remembers the choice with the window positions (not with
//! the mob's settings: monitors belong to this machine).

use serde::{Deserialize, Serialize};

/// A connected monitor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct MonitorView {
    /// The desktop's name for it (`HDMI-1`); a monitor without one cannot be chosen by name.
    pub name: Option<String>,
    pub primary: bool,
    /// Its size in logical pixels.
    pub width: u32,
    pub height: u32,
}

/// Where the hand-over and the mini timer go: a monitor's name, or `None` (the hand-over: every
/// monitor; the mini timer: wherever it was put).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
#[serde(default)]
pub struct ScreenChoice {
    pub handover: Option<String>,
    pub mini: Option<String>,
}

/// The monitors connected now and the choice remembered (which may name one not connected).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct ScreensView {
    pub monitors: Vec<MonitorView>,
    pub choice: ScreenChoice,
}
