//! The value parsers of the command line's arguments: task numbers, sessions, dates and
//! checklist steps as people write them. Each reads no clock and returns a message that says
//! what was expected.

use chrono::{Local, NaiveDate, TimeZone};
use mobflow_core::board::{StepKind, StepTemplate, TaskId};
use mobflow_core::Timestamp;

/// Parses a checklist step as people write it: `KIND:TITLE` (`test:Failing unit test`).
pub fn template_step(raw: &str) -> Result<StepTemplate, String> {
    let bad =
        || format!("{raw:?} is not a step: write KIND:TITLE, KIND being test, code or delivery");
    let (kind, title) = raw.split_once(':').ok_or_else(bad)?;
    let kind = match kind.trim().to_ascii_lowercase().as_str() {
        "test" => StepKind::Test,
        "code" => StepKind::Code,
        "delivery" => StepKind::Delivery,
        _ => return Err(bad()),
    };
    Ok(StepTemplate::new(title.trim(), kind))
}

/// A session as people name it: its number, or `last` (the most recently started).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionArg {
    Id(u64),
    Last,
}

/// Parses a session: `3`, `#3` or `last`.
pub fn session_arg(raw: &str) -> Result<SessionArg, String> {
    let raw = raw.trim();
    if raw.eq_ignore_ascii_case("last") {
        return Ok(SessionArg::Last);
    }
    raw.trim_start_matches('#')
        .parse::<u64>()
        .map(SessionArg::Id)
        .map_err(|_| format!("{raw:?} is not a session (a number like 3, or `last`)"))
}

/// Parses a task id as people write it: `3` or `#3`.
pub fn task_id(raw: &str) -> Result<TaskId, String> {
    raw.trim()
        .trim_start_matches('#')
        .parse::<u32>()
        .map(TaskId)
        .map_err(|_| format!("{raw:?} is not a task number (like 3 or #3)"))
}

/// Parses a DATE: `YYYY-MM-DD` (local midnight) or RFC 3339. Reads no clock.
pub fn date(raw: &str) -> Result<Timestamp, String> {
    let raw = raw.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(raw) {
        return Ok(t.with_timezone(&chrono::Utc));
    }
    let bad = || {
        format!(
            "{raw:?} is not a date: use YYYY-MM-DD (local midnight) or RFC 3339 \
             (like 2026-11-23T09:00:00Z)"
        )
    };
    let day = NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| bad())?;
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    // Where a clock change skips midnight, the day starts at the first minute that exists.
    (0..=3)
        .find_map(|h| {
            Local
                .from_local_datetime(&(midnight + chrono::Duration::hours(h)))
                .earliest()
        })
        .map(|t| t.with_timezone(&chrono::Utc))
        .ok_or_else(bad)
}
