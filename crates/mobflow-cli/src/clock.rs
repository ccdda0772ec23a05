//! The one place the CLI reads a clock: the `now` a retro or a timeline is computed at
//! (a session still going on ends now). The app reads its clocks in `src-tauri/src/clock.rs`.

use mobflow_core::Timestamp;

/// The current UTC time.
#[allow(clippy::disallowed_methods)]
pub fn now() -> Timestamp {
    chrono::Utc::now()
}
