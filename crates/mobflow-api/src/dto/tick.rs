//! The clocks of a snapshot, pushed alone once a second.

use serde::{Deserialize, Serialize};

use super::Snapshot;

/// The clocks of a snapshot: what moves every second while something counts. When nothing else
/// changed, the shell pushes this alone (event `tick`), and only to the windows someone can see;
/// any other change pushes the whole [`Snapshot`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct Tick {
    /// As [`Snapshot::remaining_ms`].
    #[cfg_attr(any(test, feature = "ts"), ts(type = "number"))]
    pub remaining_ms: u64,
    /// As [`Snapshot::handover_ms`].
    #[cfg_attr(any(test, feature = "ts"), ts(type = "number"))]
    pub handover_ms: u64,
    /// As [`Snapshot::break_left_ms`].
    #[cfg_attr(any(test, feature = "ts"), ts(type = "number"))]
    pub break_left_ms: u64,
    /// As [`Snapshot::break_due_in_ms`].
    #[cfg_attr(any(test, feature = "ts"), ts(type = "number | null"))]
    pub break_due_in_ms: Option<u64>,
}

impl Snapshot {
    /// Its clocks.
    pub fn tick(&self) -> Tick {
        Tick {
            remaining_ms: self.remaining_ms,
            handover_ms: self.handover_ms,
            break_left_ms: self.break_left_ms,
            break_due_in_ms: self.break_due_in_ms,
        }
    }

    /// Whether the windows would show `other` as they show this one but for the clocks, so a
    /// [`Tick`] carries the whole change. Storage's queue (`pending`, `since`) counts only
    /// while writes fail: while they work the windows show nothing of it, and every change
    /// would otherwise be pushed twice, the second time only to say its write landed.
    pub fn shows_same_but_clocks(&self, other: &Snapshot) -> bool {
        let mut moved = other.clone();
        let Tick {
            remaining_ms,
            handover_ms,
            break_left_ms,
            break_due_in_ms,
        } = self.tick();
        moved.remaining_ms = remaining_ms;
        moved.handover_ms = handover_ms;
        moved.break_left_ms = break_left_ms;
        moved.break_due_in_ms = break_due_in_ms;
        if self.storage.ok && moved.storage.ok {
            moved.storage.clone_from(&self.storage);
        }
        moved == *self
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;
    use mobflow_core::{Command, Timestamp};

    use crate::Service;

    #[test]
    fn a_tick_carries_a_change_of_the_clocks_alone() {
        let dir = tempfile::tempdir().unwrap();
        let t0: Timestamp = "2026-11-29T09:00:00Z".parse().unwrap();
        let mut service = Service::open(dir.path(), t0).unwrap();
        for command in [
            Command::AddMember { name: "Ada".into() },
            Command::AddMember { name: "Bob".into() },
            Command::Start,
        ] {
            service.execute(&command, t0).unwrap();
        }
        let before = service.snapshot(t0);
        let later = service.snapshot(t0 + Duration::seconds(3));
        assert_ne!(before, later, "the countdown moved");
        assert!(
            before.shows_same_but_clocks(&later),
            "and only the countdown"
        );
        assert_eq!(later.tick().remaining_ms, before.remaining_ms - 3000);

        service
            .execute(&Command::Pause, t0 + Duration::seconds(3))
            .unwrap();
        let paused = service.snapshot(t0 + Duration::seconds(3));
        assert!(
            !later.shows_same_but_clocks(&paused),
            "a pause is more than the clocks: the whole snapshot goes"
        );
    }

    #[test]
    fn storage_counts_for_the_windows_only_while_writes_fail() {
        let dir = tempfile::tempdir().unwrap();
        let t0: Timestamp = "2026-11-29T09:00:00Z".parse().unwrap();
        let service = Service::open(dir.path(), t0).unwrap();
        let written = service.snapshot(t0);
        let mut waiting = written.clone();
        waiting.storage.pending = 1;
        waiting.storage.since = Some(t0);
        assert!(
            written.shows_same_but_clocks(&waiting) && waiting.shows_same_but_clocks(&written),
            "a change queued, then written, while writes work: nothing to show"
        );
        let mut failing = waiting.clone();
        failing.storage.ok = false;
        failing.storage.reason = Some("database is locked".into());
        assert!(
            !waiting.shows_same_but_clocks(&failing),
            "writes start failing: the banner"
        );
        let mut more = failing.clone();
        more.storage.pending = 2;
        assert!(
            !failing.shows_same_but_clocks(&more),
            "while they fail, each change waiting is counted"
        );
        assert!(
            !more.shows_same_but_clocks(&written),
            "and the banner goes once they are written"
        );
    }
}
