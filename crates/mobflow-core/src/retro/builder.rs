//! Reads records one by one into a [`Retro`]: the builder's state, the dispatch of each event to
//! its family, the timeline's drawing primitives, and the finished retro.
//!
//! The families: the lifecycle (`lifecycle.rs`: sessions, turns, pauses, hand-overs, breaks,
//! time away), which measures time; the annotations (`annotations.rs`: tasks, notes, hooks,
//! people), which count and mark instants; and the tests (`tests.rs`: test runs, red and green),
//! which also watch sessions and turn ends.

mod annotations;
mod lifecycle;
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use super::{
    Breaks, Fairness, FinishedTask, HandoverNote, HookStats, Overrun, Pauses, PersonStats, Point,
    PointKind, Retro, RetroLine, Segment, SegmentKind, Timeline, Who,
};
use crate::board::TaskId;
use crate::{millis_between, Event, MemberId, Person, Record, Timestamp};

/// A turn that has started and not ended yet.
struct OpenTurn {
    session: Option<u64>,
    turn: u32,
    driver: Who,
    navigator: Option<Who>,
    start: Timestamp,
    /// Where the current turn (or pause) piece of the timeline began.
    piece: Timestamp,
    paused_since: Option<Timestamp>,
    /// Stretches that do not count: pauses and time away.
    excluded: Vec<(Timestamp, Timestamp)>,
}

struct OpenHandover {
    session: Option<u64>,
    start: Timestamp,
    overrun: bool,
    excluded: Vec<(Timestamp, Timestamp)>,
}

struct OpenBreak {
    session: Option<u64>,
    start: Timestamp,
}

#[derive(Default)]
struct PersonAcc {
    keyboard_ms: u64,
    driven: u32,
    navigated: u32,
}

#[derive(Default)]
pub(super) struct Builder {
    until: Timestamp,
    /// The latest time seen: a clock that goes backwards is held here.
    now: Option<Timestamp>,
    first: Option<Timestamp>,
    sessions: BTreeSet<u64>,
    names: BTreeMap<MemberId, String>,
    points: Vec<Point>,
    // The lifecycle's.
    /// The latest end of a turn, pause, hand-over or break segment so far.
    settled: Option<Timestamp>,
    /// When the latest session started.
    session_began: Option<Timestamp>,
    open_sessions: BTreeSet<u64>,
    people: BTreeMap<MemberId, PersonAcc>,
    turn: Option<OpenTurn>,
    handover: Option<OpenHandover>,
    brk: Option<OpenBreak>,
    turns: u32,
    keyboard_ms: u64,
    overrun: Overrun,
    pauses: Pauses,
    breaks: Breaks,
    away_ms: u64,
    segments: Vec<Segment>,
    // The annotations'.
    skips: u32,
    tasks: Vec<FinishedTask>,
    reopened: Vec<TaskId>,
    parked_thoughts: u32,
    notes: Vec<HandoverNote>,
    lines: Vec<RetroLine>,
    hooks: HookStats,
    // The tests'.
    tests: tests::TestAcc,
}

impl Builder {
    pub(super) fn new(until: Timestamp) -> Builder {
        Builder {
            until,
            ..Builder::default()
        }
    }

    /// Takes in the next record. The tests watch every record first (sessions and turn ends
    /// matter to them); then each family says whether the event was one of its own; events of
    /// no family (settings, board edits a retro does not show) change nothing.
    pub(super) fn record(&mut self, record: &Record) {
        let Some(at) = self.advance(record) else {
            return;
        };
        self.watch_for_tests(at, record);
        let _handled = self.lifecycle_event(at, record)
            || self.task_event(at, record)
            || self.note_event(at, record)
            || self.people_event(at, record)
            || self.test_event(at, record);
    }

    /// Moves the clock to `record` and returns the instant it counts at: its own, or the
    /// latest seen when the clock went backwards. `None` for a record after `until`.
    fn advance(&mut self, record: &Record) -> Option<Timestamp> {
        if record.at > self.until {
            return None;
        }
        let at = match self.now {
            Some(now) if record.at < now => now,
            _ => record.at,
        };
        // `TimeAway` is written when the mob decides, about time before: it does not move the
        // end of what it annotates (a session that the decision ended where the time away
        // began, say).
        if !matches!(record.event, Event::TimeAway { .. }) || self.now.is_none() {
            self.now = Some(at);
        }
        self.first.get_or_insert(at);
        if let Some(id) = record.session {
            self.sessions.insert(id);
        }
        Some(at)
    }

    /// Adds `segment` to the timeline, unless it is empty.
    fn segment(&mut self, segment: Segment) {
        if segment.kind != SegmentKind::Away {
            let end = segment.end;
            self.settled = Some(self.settled.map_or(end, |settled| settled.max(end)));
        }
        if segment.end > segment.start {
            self.segments.push(segment);
        }
    }

    fn point(
        &mut self,
        kind: PointKind,
        at: Timestamp,
        session: Option<u64>,
        text: String,
        who: Option<String>,
    ) {
        self.points.push(Point {
            kind,
            at,
            session,
            text,
            who,
        });
    }

    fn learn(&mut self, person: &Person) {
        if self.names.get(&person.id) != Some(&person.name) {
            self.names.insert(person.id, person.name.clone());
        }
    }

    fn learn_opt(&mut self, person: &Option<Person>) {
        if let Some(person) = person {
            self.learn(person);
        }
    }

    /// Closes whatever is still open (at `until`) and hands over the figures.
    pub(super) fn finish(mut self) -> Retro {
        let open = self.turn.is_some()
            || self.handover.is_some()
            || self.brk.is_some()
            || !self.open_sessions.is_empty();
        let end = match (open, self.now) {
            (true, Some(_)) => Some(self.until),
            (_, last) => last,
        };
        if let Some(end) = end {
            self.close_all(end);
            self.tests.close(end);
        }
        let start = self.first;
        let span_ms = match (start, end) {
            (Some(start), Some(end)) => millis_between(start, end),
            _ => 0,
        };
        let people: Vec<PersonStats> = self
            .people
            .iter()
            .map(|(id, acc)| PersonStats {
                id: *id,
                name: self.names.get(id).cloned().unwrap_or_default(),
                keyboard_ms: acc.keyboard_ms,
                share: 0.0,
                turns_driven: acc.driven,
                turns_navigated: acc.navigated,
            })
            .collect();
        // Pieces are pushed as they close; sort by start so the chart reads left to right.
        self.segments.sort_by_key(|s| (s.start, s.end));
        let mut retro = Retro {
            sessions: self.sessions.into_iter().collect(),
            start,
            end,
            span_ms,
            turns: self.turns,
            keyboard_ms: self.keyboard_ms,
            people,
            fairness: Fairness {
                ratio: None,
                shares: Vec::new(),
            },
            test_first: None,
            overrun: self.overrun,
            skips: self.skips,
            pauses: self.pauses,
            breaks: self.breaks,
            tasks: self.tasks,
            parked_thoughts: self.parked_thoughts,
            handover_notes: self.notes,
            retro_lines: self.lines,
            hooks: self.hooks,
            tests: self.tests.stats,
            away_ms: self.away_ms,
            reopened: self.reopened,
            timeline: Some(Timeline {
                segments: self.segments,
                points: self.points,
            }),
        };
        retro.derive();
        retro
    }
}

/// A segment of `kind` over `start..end` that names no turn and no one.
fn stretch(
    kind: SegmentKind,
    (start, end): (Timestamp, Timestamp),
    session: Option<u64>,
) -> Segment {
    Segment {
        kind,
        start,
        end,
        session,
        turn: None,
        driver: None,
        navigator: None,
        overrun: false,
    }
}

fn name_of(person: &Option<Person>) -> Option<String> {
    person.as_ref().map(|p| p.name.clone())
}
