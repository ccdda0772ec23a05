//! Retrospective statistics over a stretch of history.
//!
//! [`Retro::compute`] is a pure function of the events (in the order they were recorded) and of
//! `until`, the instant that closes whatever is still open (a session still running, a turn
//! cut off by the end of a time window). It never panics: unmatched starts and ends, events
//! after `until` and clocks that went backwards are all tolerated.
//!
//! ## What is measured
//!
//! - **Keyboard time** of a turn: from `TurnStarted` to `TurnEnded` (or whatever implicitly
//!   ends it: the next `TurnStarted`, a break, the session's end, `until`), minus the paused
//!   stretches (`TurnPaused` → `TurnResumed`) and minus time away (`TimeAway`) that fell inside
//!   it. `TurnExtended` only moves deadlines, so it does not matter: actual times are measured.
//!   It is credited to the driver named by `TurnStarted`.
//! - **Hand-over**: from a `TurnEnded`, or the end of a break, to the next `TurnStarted`,
//!   `BreakStarted`, `SessionEnded` (or `until`). After a `time_up` end (or `green` and
//!   `still_red`: a turn that waited for green after its time was up) it is **overrun**,
//!   unless a due break started at that very instant (then there was no hand-over).
//! - **Breaks**: `due` = `BreakStarted { due: true }` plus every `BreakSkipped` that arrives
//!   when no break is running (a due break that was never started); a `BreakSkipped` during a
//!   running break ends that break and is not a second due break. `taken` = `BreakEnded` (time
//!   away the mob counts as a break is recorded as a break started and ended, so it is here).
//!   `early` = `BreakStarted { due: false }`. Break time is measured from start to end.
//! - **Time away** (`TimeAway`, written when the mob decides, after the fact) adds to
//!   `away_ms`, is taken off any turn or hand-over it overlaps, and is drawn as an `away`
//!   segment — unless the mob chose to end the session where it began.
//! - **Tasks**: the last `TaskFinished` of each task, unless a later `TaskReopened` undid it.
//!   Cycle time = finished − first focused (falling back to created).
//! - **Tests** (`TestRunFinished`): a run is green when it exited 0 within its time limit, red
//!   otherwise. After a run the tests *stand* green or red until the next run, or the session's
//!   start or end (or `until`); `red_ms` and `green_ms` add up those stretches. A red stretch
//!   runs from a red run to the next green one (red runs in between extend it); the longest is
//!   `longest_red_ms`. A **cycle** is a green run right after a red one. A **hand-over** on
//!   green or on red is a `TurnEnded` (not ended with the session) while the tests stand so;
//!   none is counted before the session's first run. Runs count for the turn open when they
//!   finish, and for the task in focus they name.
//! - **Fairness**: among the people who drove at least one turn, the ratio of the most to the
//!   least keyboard time. `None` with fewer than two such people, or when the least is zero.
//!   People who only navigated are listed with zero keyboard time but are not in the ratio.
//!
//! ## Merging
//!
//! Every session is bracketed by `SessionStarted` and `SessionEnded`, which close everything,
//! so the retro of several sessions is the [`Retro::merge`] of their own retros: the store
//! keeps each ended session's retro (without its timeline) and answers a retro over years of
//! history from those. A merged retro has no timeline.
//!
//! ## The timeline
//!
//! Segments of kind `turn`, `pause`, `handover` and `break` never overlap one another: a turn
//! with pauses is split into turn / pause / turn pieces. `away` segments come from `TimeAway`
//! and may overlap the others (draw them as an overlay). Zero-length segments are left out.
//! Points are instants worth a marker, with a one-line text.
//!
//! ## Where things are
//!
//! - `report.rs`: the types a retro is made of (their JSON is what the UI and the exports
//!   read) and the figures derived from the others (shares, fairness, test-first).
//! - `builder.rs`: [`Retro::compute`]'s state, and `Builder::record`, which hands each event to
//!   its family: `builder/lifecycle.rs` (sessions, turns, pauses, hand-overs, breaks, time
//!   away), `builder/annotations.rs` (tasks, notes, hooks, people) or `builder/tests.rs` (test
//!   runs, which also watch sessions and turn ends).
//! - `merge.rs`: [`Retro::merge`].
//! - `newest.rs`: [`Retro::merge_newest`], the merge a long range's view shows (its lists cut
//!   to the newest entries, [`WholeLists`]) from each session's [`RetroHead`], which leaves
//!   the long lists out, so that only the newest sessions' lists are read.

mod builder;
mod merge;
mod newest;
mod report;

pub use newest::{RetroHead, WholeLists};
pub use report::{
    Breaks, Fairness, FinishedTask, HandoverNote, HookStats, Overrun, Pauses, PersonStats, Point,
    PointKind, Retro, RetroLine, Segment, SegmentKind, Share, TaskTests, TestStats, Timeline,
    TurnTests, Who,
};

use crate::{Record, Timestamp};
use builder::Builder;

/// Bump when what a [`Retro`] or a [`RetroHead`] holds, or how it is computed, changes: stored
/// retros of an older version are computed again from the events.
pub const VERSION: u32 = 2;

impl Retro {
    /// Computes the retro of `records` (in recorded order). `until` closes whatever is still
    /// open; records after it are ignored.
    pub fn compute(records: &[Record], until: Timestamp) -> Retro {
        let mut builder = Builder::new(until);
        for record in records {
            builder.record(record);
        }
        builder.finish()
    }

    /// A retro with nothing in it.
    pub fn empty() -> Retro {
        Builder::new(Timestamp::default()).finish()
    }
}
