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
//!   `BreakStarted`, `SessionEnded` (or `until`). After a `time_up` end it is **overrun**,
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

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::board::TaskId;
use crate::{millis_between, AwayChoice, EndReason, Event, MemberId, Person, Record, Timestamp};

/// A person as a retro names them: the id, and their latest name in the events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Who {
    pub id: MemberId,
    pub name: String,
}

impl From<&Person> for Who {
    fn from(person: &Person) -> Who {
        Who {
            id: person.id,
            name: person.name.clone(),
        }
    }
}

/// Everything a retrospective shows about a stretch of history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Retro {
    /// The sessions with events here, ascending.
    #[cfg_attr(feature = "ts", ts(type = "number[]"))]
    pub sessions: Vec<u64>,
    /// The first event's time (`None` when there were no events).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub start: Option<Timestamp>,
    /// The last event's time, or `until` when something was still open.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub end: Option<Timestamp>,
    /// `end - start`.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub span_ms: u64,
    /// Turns started.
    pub turns: u32,
    /// Everybody's keyboard time, added up.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub keyboard_ms: u64,
    /// Everyone who drove or navigated: most keyboard time first (then by id).
    pub people: Vec<PersonStats>,
    pub fairness: Fairness,
    pub overrun: Overrun,
    /// Navigators skipped.
    pub skips: u32,
    pub pauses: Pauses,
    pub breaks: Breaks,
    /// Tasks finished (and not reopened since), in the order they were finished.
    pub tasks: Vec<FinishedTask>,
    /// Tasks reopened here, in order (a reopened task leaves `tasks` until finished again).
    pub reopened: Vec<TaskId>,
    /// The share (0 to 1, 4 decimals) of finished tasks done test-first; `None` when none
    /// were finished.
    pub test_first: Option<f64>,
    /// Thoughts parked for later.
    pub parked_thoughts: u32,
    /// The navigators' hand-over notes, in order.
    pub handover_notes: Vec<HandoverNote>,
    /// Mini-retro lines, in order.
    pub retro_lines: Vec<RetroLine>,
    pub hooks: HookStats,
    /// Time the app was away (suspended or closed), added up.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub away_ms: u64,
    /// What happened when; `None` for a retro merged from several sessions' retros.
    pub timeline: Option<Timeline>,
}

/// One person's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonStats {
    pub id: MemberId,
    /// The latest name the events gave them.
    pub name: String,
    /// Time at the keyboard as the driver.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub keyboard_ms: u64,
    /// Their part (0 to 1, 4 decimals) of everybody's keyboard time.
    pub share: f64,
    pub turns_driven: u32,
    pub turns_navigated: u32,
}

/// How evenly the keyboard was shared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Fairness {
    /// Most keyboard time divided by least, among those who drove (see the module docs);
    /// 4 decimals.
    pub ratio: Option<f64>,
    /// Everyone's share, in the order of [`Retro::people`].
    pub shares: Vec<Share>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Share {
    pub id: MemberId,
    pub name: String,
    pub share: f64,
}

/// Hand-overs that waited after a turn's time was up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Overrun {
    /// Hand-overs after a `time_up` end.
    pub count: u32,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total_ms: u64,
    /// `total_ms / count`, rounded down; `None` when there were none.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub average_ms: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Pauses {
    pub count: u32,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total_ms: u64,
}

/// Breaks due against breaks taken (definitions in the module docs).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Breaks {
    pub due: u32,
    pub taken: u32,
    pub skipped: u32,
    /// Breaks started before they were due.
    pub early: u32,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total_ms: u64,
}

/// A finished task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FinishedTask {
    pub task: TaskId,
    pub title: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub finished_at: Timestamp,
    /// Finished − first focused (or created, when it was never focused).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub cycle_ms: u64,
    pub test_first: bool,
    /// Why it was finished with unticked steps.
    pub override_reason: Option<String>,
    pub steps_left: u32,
    /// Who was at the keyboard when it was finished.
    pub driver: Option<String>,
}

/// A hand-over note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HandoverNote {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub at: Timestamp,
    pub text: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A mini-retro line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RetroLine {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub at: Timestamp,
    pub text: String,
}

/// Event hooks that ran.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HookStats {
    pub ran: u32,
    /// Ended with a non-zero code, were killed, or timed out.
    pub failed: u32,
    pub timed_out: u32,
}

/// What happened when, for a strip chart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Timeline {
    /// Ordered by start.
    pub segments: Vec<Segment>,
    /// Ordered by time.
    pub points: Vec<Point>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    Turn,
    Pause,
    Handover,
    Break,
    Away,
}

impl SegmentKind {
    pub fn name(self) -> &'static str {
        match self {
            SegmentKind::Turn => "turn",
            SegmentKind::Pause => "pause",
            SegmentKind::Handover => "handover",
            SegmentKind::Break => "break",
            SegmentKind::Away => "away",
        }
    }
}

/// A stretch of time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Segment {
    pub kind: SegmentKind,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub start: Timestamp,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub end: Timestamp,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub session: Option<u64>,
    /// The turn number within its session (turn and pause segments).
    pub turn: Option<u32>,
    /// Turn and pause: who drove. Hand-over: who drives next (when a turn followed).
    pub driver: Option<Who>,
    pub navigator: Option<Who>,
    /// A hand-over after the turn's time was up.
    pub overrun: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PointKind {
    SessionStarted,
    SessionEnded,
    TaskFocused,
    TaskFinished,
    TaskReopened,
    StepChecked,
    ParkedThought,
    HandoverNote,
    RetroLine,
    Hook,
    Skip,
    MemberAway,
    MemberBack,
}

impl PointKind {
    pub fn name(self) -> &'static str {
        match self {
            PointKind::SessionStarted => "session started",
            PointKind::SessionEnded => "session ended",
            PointKind::TaskFocused => "focus",
            PointKind::TaskFinished => "done",
            PointKind::TaskReopened => "reopened",
            PointKind::StepChecked => "step",
            PointKind::ParkedThought => "parked",
            PointKind::HandoverNote => "note",
            PointKind::RetroLine => "retro",
            PointKind::Hook => "hook",
            PointKind::Skip => "skip",
            PointKind::MemberAway => "away",
            PointKind::MemberBack => "back",
        }
    }
}

/// An instant worth a marker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Point {
    pub kind: PointKind,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub at: Timestamp,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub session: Option<u64>,
    /// One line: a task title, a note, a hook's outcome.
    pub text: String,
    /// Who it is about (the driver at the time, the skipped navigator, the away member).
    pub who: Option<String>,
}

/// Bump when what a [`Retro`] holds, or how it is computed, changes: stored retros of an older
/// version are computed again from the events.
pub const VERSION: u32 = 1;

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

    /// Combines the retros of successive stretches of history (whole sessions, in order) into
    /// one, as if computed over all their events. A task reopened in a later part leaves the
    /// earlier parts' finished tasks; a person's name is the latest among the parts in which
    /// they drove or navigated. The result has a timeline only if every part has one.
    pub fn merge(parts: impl IntoIterator<Item = Retro>) -> Retro {
        let mut all = Retro::empty();
        let mut people: BTreeMap<MemberId, PersonStats> = BTreeMap::new();
        let mut tasks: Vec<Option<FinishedTask>> = Vec::new();
        let mut task_at: BTreeMap<TaskId, usize> = BTreeMap::new();
        let mut sessions: BTreeSet<u64> = BTreeSet::new();
        for part in parts {
            sessions.extend(part.sessions);
            all.start = match (all.start, part.start) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            all.end = all.end.max(part.end);
            all.turns += part.turns;
            all.keyboard_ms += part.keyboard_ms;
            for person in part.people {
                let into = people.entry(person.id).or_insert_with(|| PersonStats {
                    keyboard_ms: 0,
                    turns_driven: 0,
                    turns_navigated: 0,
                    ..person.clone()
                });
                into.name = person.name;
                into.keyboard_ms += person.keyboard_ms;
                into.turns_driven += person.turns_driven;
                into.turns_navigated += person.turns_navigated;
            }
            all.overrun.count += part.overrun.count;
            all.overrun.total_ms += part.overrun.total_ms;
            all.skips += part.skips;
            all.pauses.count += part.pauses.count;
            all.pauses.total_ms += part.pauses.total_ms;
            all.breaks.due += part.breaks.due;
            all.breaks.taken += part.breaks.taken;
            all.breaks.skipped += part.breaks.skipped;
            all.breaks.early += part.breaks.early;
            all.breaks.total_ms += part.breaks.total_ms;
            // A later finish or a reopen takes the task out of where it was.
            for id in part
                .reopened
                .iter()
                .chain(part.tasks.iter().map(|t| &t.task))
            {
                if let Some(at) = task_at.remove(id) {
                    tasks[at] = None;
                }
            }
            for task in part.tasks {
                task_at.insert(task.task, tasks.len());
                tasks.push(Some(task));
            }
            all.reopened.extend(part.reopened);
            all.parked_thoughts += part.parked_thoughts;
            all.handover_notes.extend(part.handover_notes);
            all.retro_lines.extend(part.retro_lines);
            all.hooks.ran += part.hooks.ran;
            all.hooks.failed += part.hooks.failed;
            all.hooks.timed_out += part.hooks.timed_out;
            all.away_ms = all.away_ms.saturating_add(part.away_ms);
            all.timeline = match (all.timeline.take(), part.timeline) {
                (Some(mut into), Some(timeline)) => {
                    into.segments.extend(timeline.segments);
                    into.points.extend(timeline.points);
                    Some(into)
                }
                _ => None,
            };
        }
        all.span_ms = match (all.start, all.end) {
            (Some(start), Some(end)) => millis_between(start, end),
            _ => 0,
        };
        all.sessions = sessions.into_iter().collect();
        all.people = people.into_values().collect();
        all.tasks = tasks.into_iter().flatten().collect();
        all.derive();
        all
    }

    /// Fills in the figures derived from the others: shares, their order, fairness, test-first
    /// compliance and the average overrun.
    fn derive(&mut self) {
        let total = self.keyboard_ms;
        for person in &mut self.people {
            person.share = if total == 0 {
                0.0
            } else {
                rounded(person.keyboard_ms as f64 / total as f64)
            };
        }
        self.people
            .sort_by(|a, b| b.keyboard_ms.cmp(&a.keyboard_ms).then(a.id.cmp(&b.id)));
        self.fairness = fairness(&self.people);
        let finished = self.tasks.len();
        self.test_first = (finished > 0).then(|| {
            rounded(self.tasks.iter().filter(|t| t.test_first).count() as f64 / finished as f64)
        });
        self.overrun.average_ms = self
            .overrun
            .total_ms
            .checked_div(u64::from(self.overrun.count));
    }
}

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

struct Builder {
    until: Timestamp,
    /// The latest time seen: a clock that goes backwards is held here.
    now: Option<Timestamp>,
    first: Option<Timestamp>,
    /// The latest end of a turn, pause, hand-over or break segment so far.
    settled: Option<Timestamp>,
    /// When the latest session started.
    session_began: Option<Timestamp>,
    sessions: BTreeSet<u64>,
    open_sessions: BTreeSet<u64>,
    names: BTreeMap<MemberId, String>,
    people: BTreeMap<MemberId, PersonAcc>,
    turn: Option<OpenTurn>,
    handover: Option<OpenHandover>,
    brk: Option<OpenBreak>,
    turns: u32,
    keyboard_ms: u64,
    overrun: Overrun,
    skips: u32,
    pauses: Pauses,
    breaks: Breaks,
    tasks: Vec<FinishedTask>,
    reopened: Vec<TaskId>,
    parked_thoughts: u32,
    notes: Vec<HandoverNote>,
    lines: Vec<RetroLine>,
    hooks: HookStats,
    away_ms: u64,
    segments: Vec<Segment>,
    points: Vec<Point>,
}

/// The length of the union of `stretches`, clipped to `[from, to]`.
fn covered_ms(stretches: &mut [(Timestamp, Timestamp)], from: Timestamp, to: Timestamp) -> u64 {
    stretches.sort_unstable();
    let mut total = 0;
    let mut reach = from;
    for &(start, end) in stretches.iter() {
        let start = start.max(reach);
        let end = end.min(to);
        if end > start {
            total += millis_between(start, end);
            reach = end;
        }
    }
    total
}

/// `ms` as a duration, saturating.
fn duration(ms: u64) -> chrono::Duration {
    chrono::Duration::try_milliseconds(i64::try_from(ms).unwrap_or(i64::MAX))
        .unwrap_or(chrono::Duration::MAX)
}

fn name_of(person: &Option<Person>) -> Option<String> {
    person.as_ref().map(|p| p.name.clone())
}

impl Builder {
    fn new(until: Timestamp) -> Builder {
        Builder {
            until,
            now: None,
            first: None,
            settled: None,
            session_began: None,
            sessions: BTreeSet::new(),
            open_sessions: BTreeSet::new(),
            names: BTreeMap::new(),
            people: BTreeMap::new(),
            turn: None,
            handover: None,
            brk: None,
            turns: 0,
            keyboard_ms: 0,
            overrun: Overrun::default(),
            skips: 0,
            pauses: Pauses::default(),
            breaks: Breaks::default(),
            tasks: Vec::new(),
            reopened: Vec::new(),
            parked_thoughts: 0,
            notes: Vec::new(),
            lines: Vec::new(),
            hooks: HookStats::default(),
            away_ms: 0,
            segments: Vec::new(),
            points: Vec::new(),
        }
    }

    fn segment(
        &mut self,
        kind: SegmentKind,
        (start, end): (Timestamp, Timestamp),
        session: Option<u64>,
        turn: Option<u32>,
        (driver, navigator): (Option<Who>, Option<Who>),
        overrun: bool,
    ) {
        if kind != SegmentKind::Away {
            self.settled = Some(self.settled.map_or(end, |settled| settled.max(end)));
        }
        if end > start {
            self.segments.push(Segment {
                kind,
                start,
                end,
                session,
                turn,
                driver,
                navigator,
                overrun,
            });
        }
    }

    fn point(&mut self, kind: PointKind, at: Timestamp, session: Option<u64>, text: String) {
        self.point_by(kind, at, session, text, None);
    }

    fn point_by(
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

    fn record(&mut self, record: &Record) {
        if record.at > self.until {
            return;
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
        let session = record.session;
        if let Some(id) = session {
            self.sessions.insert(id);
        }
        match &record.event {
            Event::SessionStarted { session: id } => {
                self.close_all(at);
                self.session_began = Some(at);
                self.sessions.insert(*id);
                self.open_sessions.insert(*id);
                self.point(
                    PointKind::SessionStarted,
                    at,
                    Some(*id),
                    format!("Session {id} started"),
                );
            }
            Event::SessionEnded { session: id, .. } => {
                self.close_all(at);
                self.sessions.insert(*id);
                self.open_sessions.remove(id);
                self.point(
                    PointKind::SessionEnded,
                    at,
                    Some(*id),
                    format!("Session {id} ended"),
                );
            }
            Event::TurnStarted {
                turn,
                driver,
                navigator,
                ..
            } => {
                self.close_turn(at);
                let incoming = (Some(Who::from(driver)), navigator.as_ref().map(Who::from));
                self.close_handover(at, incoming);
                self.close_break(at);
                self.learn(driver);
                self.learn_opt(navigator);
                self.turns += 1;
                self.people.entry(driver.id).or_default().driven += 1;
                if let Some(navigator) = navigator {
                    self.people.entry(navigator.id).or_default().navigated += 1;
                }
                self.turn = Some(OpenTurn {
                    session,
                    turn: *turn,
                    driver: Who::from(driver),
                    navigator: navigator.as_ref().map(Who::from),
                    start: at,
                    piece: at,
                    paused_since: None,
                    excluded: Vec::new(),
                });
            }
            Event::TurnPaused { .. } => {
                self.pauses.count += 1;
                let piece = match &mut self.turn {
                    Some(open) if open.paused_since.is_none() => {
                        open.paused_since = Some(at);
                        let piece = (open.piece, at);
                        open.piece = at;
                        Some((
                            open.session,
                            open.turn,
                            open.driver.clone(),
                            open.navigator.clone(),
                            piece,
                        ))
                    }
                    _ => None,
                };
                if let Some((session, turn, driver, navigator, span)) = piece {
                    self.segment(
                        SegmentKind::Turn,
                        span,
                        session,
                        Some(turn),
                        (Some(driver), navigator),
                        false,
                    );
                }
            }
            Event::TurnResumed { .. } => self.end_pause(at),
            Event::TurnEnded { reason, .. } => {
                self.close_all(at);
                if *reason != EndReason::SessionEnded {
                    self.handover = Some(OpenHandover {
                        session,
                        start: at,
                        overrun: *reason == EndReason::TimeUp,
                        excluded: Vec::new(),
                    });
                }
            }
            Event::BreakStarted { due, .. } => {
                // A time-up end that goes straight into a due break never handed over.
                if self.handover.as_ref().is_some_and(|h| h.start == at) {
                    self.handover = None;
                }
                self.close_all(at);
                if *due {
                    self.breaks.due += 1;
                } else {
                    self.breaks.early += 1;
                }
                self.brk = Some(OpenBreak { session, start: at });
            }
            Event::BreakEnded { taken_ms, .. } => {
                self.breaks.taken += 1;
                if self.brk.is_some() {
                    self.close_break(at);
                } else if self.turn.is_none() && self.handover.is_none() {
                    // No start seen (cut off by the window): trust the recorded length, but
                    // not before the session began nor over what the timeline already holds.
                    let floor = self.settled.max(self.session_began).map(|f| f.min(at));
                    let reach = at.checked_sub_signed(duration(*taken_ms));
                    let start = match (reach, floor) {
                        (Some(start), Some(floor)) => start.max(floor),
                        (Some(start), None) => start,
                        (None, floor) => floor.unwrap_or(at),
                    };
                    self.reach_back(start);
                    self.breaks.total_ms += millis_between(start, at);
                    self.segment(
                        SegmentKind::Break,
                        (start, at),
                        session,
                        None,
                        (None, None),
                        false,
                    );
                }
                self.after_break(at, session);
            }
            Event::BreakSkipped => {
                self.breaks.skipped += 1;
                if self.brk.is_some() {
                    self.close_break(at);
                    self.after_break(at, session);
                } else {
                    self.breaks.due += 1;
                }
            }
            Event::TimeAway {
                from,
                away_ms,
                choice,
            } => self.time_away(at, session, *from, *away_ms, *choice),
            Event::NavigatorSkipped { skipped, navigator } => {
                self.learn(skipped);
                self.learn(navigator);
                self.skips += 1;
                self.point_by(
                    PointKind::Skip,
                    at,
                    session,
                    format!("{} skipped; {} navigates", skipped.name, navigator.name),
                    Some(skipped.name.clone()),
                );
            }
            Event::TaskAdded {
                title,
                parked: true,
                driver,
                ..
            } => {
                self.parked_thoughts += 1;
                self.point_by(
                    PointKind::ParkedThought,
                    at,
                    session,
                    title.clone(),
                    name_of(driver),
                );
            }
            Event::TaskFocused {
                task,
                title,
                driver,
            } => self.point_by(
                PointKind::TaskFocused,
                at,
                session,
                format!("{task} {title}"),
                name_of(driver),
            ),
            Event::TaskFinished {
                task,
                title,
                steps_left,
                override_reason,
                test_first,
                created_at,
                first_focused_at,
                driver,
            } => {
                self.tasks.retain(|t| t.task != *task);
                let began = first_focused_at.unwrap_or(*created_at);
                self.tasks.push(FinishedTask {
                    task: *task,
                    title: title.clone(),
                    finished_at: at,
                    cycle_ms: millis_between(began, at),
                    test_first: *test_first,
                    override_reason: override_reason.clone(),
                    steps_left: *steps_left,
                    driver: name_of(driver),
                });
                self.point_by(
                    PointKind::TaskFinished,
                    at,
                    session,
                    format!("{task} {title}"),
                    name_of(driver),
                );
            }
            Event::TaskReopened { task, driver } => {
                let title = self
                    .tasks
                    .iter()
                    .find(|t| t.task == *task)
                    .map(|t| format!("{task} {}", t.title))
                    .unwrap_or_else(|| task.to_string());
                self.tasks.retain(|t| t.task != *task);
                self.reopened.push(*task);
                self.point_by(PointKind::TaskReopened, at, session, title, name_of(driver));
            }
            Event::StepChecked {
                task,
                step,
                title,
                violation,
                driver,
                ..
            } => {
                let flag = if *violation { " (not test-first)" } else { "" };
                self.point_by(
                    PointKind::StepChecked,
                    at,
                    session,
                    format!("{task} step {}: {title}{flag}", u64::from(*step) + 1),
                    name_of(driver),
                );
            }
            Event::HandoverNote { text, from, to } => {
                self.learn_opt(from);
                self.learn_opt(to);
                self.notes.push(HandoverNote {
                    at,
                    text: text.clone(),
                    from: name_of(from),
                    to: name_of(to),
                });
                self.point_by(
                    PointKind::HandoverNote,
                    at,
                    session,
                    text.clone(),
                    name_of(from),
                );
            }
            Event::MiniRetro { text } => {
                self.lines.push(RetroLine {
                    at,
                    text: text.clone(),
                });
                self.point(PointKind::RetroLine, at, session, text.clone());
            }
            Event::HookRan {
                hook,
                command,
                exit_code,
                timed_out,
                ..
            } => {
                self.hooks.ran += 1;
                if *timed_out {
                    self.hooks.timed_out += 1;
                }
                if *timed_out || *exit_code != Some(0) {
                    self.hooks.failed += 1;
                }
                let outcome = match (timed_out, exit_code) {
                    (true, _) => "timed out".to_owned(),
                    (false, Some(code)) => format!("exit {code}"),
                    (false, None) => "killed".to_owned(),
                };
                self.point(
                    PointKind::Hook,
                    at,
                    session,
                    format!("{hook}: {command} ({outcome})"),
                );
            }
            Event::MemberAway { member } => {
                self.learn(member);
                self.point_by(
                    PointKind::MemberAway,
                    at,
                    session,
                    format!("{} stepped away", member.name),
                    Some(member.name.clone()),
                );
            }
            Event::MemberBack { member } => {
                self.learn(member);
                self.point_by(
                    PointKind::MemberBack,
                    at,
                    session,
                    format!("{} is back", member.name),
                    Some(member.name.clone()),
                );
            }
            Event::MemberAdded { member }
            | Event::MemberRemoved { member }
            | Event::MemberMoved { member, .. } => self.learn(member),
            Event::MemberRenamed { member, to, .. } => {
                self.names.insert(*member, to.clone());
            }
            Event::Rotated { driver, navigator } => {
                self.learn_opt(driver);
                self.learn_opt(navigator);
            }
            _ => {}
        }
    }

    /// After a break the mob is handing over again (never overrun), unless a turn is on.
    fn after_break(&mut self, at: Timestamp, session: Option<u64>) {
        if self.turn.is_some() {
            return;
        }
        self.close_handover(at, (None, None));
        self.handover = Some(OpenHandover {
            session,
            start: at,
            overrun: false,
            excluded: Vec::new(),
        });
    }

    /// Moves the retro's start back to `start`: a record can describe time before it was
    /// written (time away, a break whose start was cut off).
    fn reach_back(&mut self, start: Timestamp) {
        if self.first.is_some_and(|first| start < first) {
            self.first = Some(start);
        }
    }

    /// Ends a running pause at `at`, if the open turn has one.
    fn end_pause(&mut self, at: Timestamp) {
        let Some(open) = &mut self.turn else { return };
        let Some(since) = open.paused_since.take() else {
            return;
        };
        open.excluded.push((since, at));
        open.piece = at;
        let (session, turn) = (open.session, open.turn);
        let who = (Some(open.driver.clone()), open.navigator.clone());
        self.pauses.total_ms += millis_between(since, at);
        self.segment(
            SegmentKind::Pause,
            (since, at),
            session,
            Some(turn),
            who,
            false,
        );
    }

    fn close_turn(&mut self, at: Timestamp) {
        self.end_pause(at);
        let Some(mut open) = self.turn.take() else {
            return;
        };
        let gone = covered_ms(&mut open.excluded, open.start, at);
        let keyboard = millis_between(open.start, at).saturating_sub(gone);
        self.keyboard_ms += keyboard;
        self.people.entry(open.driver.id).or_default().keyboard_ms += keyboard;
        self.segment(
            SegmentKind::Turn,
            (open.piece, at),
            open.session,
            Some(open.turn),
            (Some(open.driver), open.navigator),
            false,
        );
    }

    fn close_handover(&mut self, at: Timestamp, incoming: (Option<Who>, Option<Who>)) {
        let Some(mut open) = self.handover.take() else {
            return;
        };
        if open.overrun {
            let gone = covered_ms(&mut open.excluded, open.start, at);
            self.overrun.count += 1;
            self.overrun.total_ms += millis_between(open.start, at).saturating_sub(gone);
        }
        self.segment(
            SegmentKind::Handover,
            (open.start, at),
            open.session,
            None,
            incoming,
            open.overrun,
        );
    }

    fn close_break(&mut self, at: Timestamp) {
        let Some(open) = self.brk.take() else { return };
        self.breaks.total_ms += millis_between(open.start, at);
        self.segment(
            SegmentKind::Break,
            (open.start, at),
            open.session,
            None,
            (None, None),
            false,
        );
    }

    fn close_all(&mut self, at: Timestamp) {
        self.close_turn(at);
        self.close_handover(at, (None, None));
        self.close_break(at);
    }

    fn time_away(
        &mut self,
        at: Timestamp,
        session: Option<u64>,
        from: Timestamp,
        away_ms: u64,
        choice: AwayChoice,
    ) {
        self.away_ms = self.away_ms.saturating_add(away_ms);
        let start = from.min(at);
        self.reach_back(start);
        let end = start
            .checked_add_signed(duration(away_ms))
            .unwrap_or(self.until)
            .min(self.until);
        if let Some(open) = &mut self.turn {
            open.excluded.push((start, end));
        }
        if let Some(open) = &mut self.handover {
            open.excluded.push((start, end));
        }
        if choice == AwayChoice::EndSession {
            // The session ended where the time away began: nothing of it to draw.
            return;
        }
        self.segment(
            SegmentKind::Away,
            (start, end),
            session,
            None,
            (None, None),
            false,
        );
    }

    fn finish(mut self) -> Retro {
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

/// Rounds a ratio to 4 decimal places, so that it reads well and survives JSON exactly.
fn rounded(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn fairness(people: &[PersonStats]) -> Fairness {
    let drivers: Vec<u64> = people
        .iter()
        .filter(|p| p.turns_driven > 0)
        .map(|p| p.keyboard_ms)
        .collect();
    let ratio = match (drivers.iter().max(), drivers.iter().min()) {
        (Some(&max), Some(&min)) if drivers.len() >= 2 && min > 0 => {
            Some(rounded(max as f64 / min as f64))
        }
        _ => None,
    };
    Fairness {
        ratio,
        shares: people
            .iter()
            .map(|p| Share {
                id: p.id,
                name: p.name.clone(),
                share: p.share,
            })
            .collect(),
    }
}
