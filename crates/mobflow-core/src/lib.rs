//! Mobflow's pure domain.
//!
//! Everything a mob session *is*: the roster, the driver/navigator rotation, the turn timer
//! state machine and the events it records. This crate does no IO, knows nothing about Tauri,
//! SQL or sockets, and never reads a clock: every operation that depends on time takes `now`.

pub mod board;
mod command;
mod error;
mod event;
pub mod hooks;
mod mob;
pub mod retro;
mod roster;
pub mod settings;
pub mod shortcuts;
pub mod shuffle;
pub mod test_runs;

pub use command::{Command, MemberRef};
pub use error::CoreError;
pub use event::{AwayChoice, EndReason, Event, Person, Record};
pub use mob::{
    AwayCause, AwayGap, Mob, Phase, AWAY_THRESHOLD_MS, CLOCK_BACK_TOLERANCE_MS, MAX_LEFT_MINUTES,
    MAX_NOTE_CHARS,
};
pub use roster::{Member, MemberId, Roster, MAX_MEMBERS, MAX_NAME_CHARS};
pub use settings::{Settings, SettingsPatch, MAX_TURN_MINUTES, MIN_TURN_MINUTES};
pub use shortcuts::Action;
pub use test_runs::{TestSettings, TestSettingsPatch, TestState, TestTrigger};

/// A UTC instant. All time in the core is passed in as one of these.
pub type Timestamp = chrono::DateTime<chrono::Utc>;

/// Milliseconds between two instants, clamped at zero.
pub fn millis_between(from: Timestamp, to: Timestamp) -> u64 {
    u64::try_from((to - from).num_milliseconds()).unwrap_or(0)
}
