//! The one place the shell reads the wall clock. The core never does: `now` is passed in.

use mobflow_core::Timestamp;

/// The current UTC time.
#[allow(clippy::disallowed_methods)]
pub fn now() -> Timestamp {
    chrono::Utc::now()
}
