//! The figures a retro holds, as the UI, the exports and the store read them (their JSON shape
//! is the bindings' shape), and the figures derived from the others.

use serde::{Deserialize, Serialize};

use crate::board::TaskId;
use crate::{MemberId, Person, Timestamp};

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
    /// The mob's test runs: red and green.
    #[serde(default)]
    pub tests: TestStats,
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

/// The mob's test runs (definitions in the module docs, "Tests").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TestStats {
    pub runs: u32,
    pub green: u32,
    /// Failed, timed out or killed.
    pub red: u32,
    pub timed_out: u32,
    /// Runs during turns divided by turns (4 decimals); `None` with no turns.
    pub runs_per_turn: Option<f64>,
    /// Time the tests stood red, and green, after a run.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub red_ms: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub green_ms: u64,
    /// The longest stretch from a red run to the next green one (or the end).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub longest_red_ms: u64,
    /// Green runs right after a red one.
    pub cycles: u32,
    /// Hand-overs (turns ending, but not with the session) while the tests stood green, and
    /// red.
    pub handovers_on_green: u32,
    pub handovers_on_red: u32,
    /// Of those, turns whose time was up while red that handed over at the first green run,
    /// and those still red when the grace ran out (rotate at next green).
    pub waited_for_green: u32,
    pub grace_ran_out: u32,
    /// Runs per turn, turns with runs only, in order.
    pub turns: Vec<TurnTests>,
    /// Runs per task in focus, in the order of their first run.
    pub tasks: Vec<TaskTests>,
}

/// The test runs during one turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TurnTests {
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub session: Option<u64>,
    pub turn: u32,
    pub driver: String,
    pub runs: u32,
    pub green: u32,
    pub red: u32,
}

/// The test runs while a task was in focus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TaskTests {
    pub task: TaskId,
    pub title: String,
    pub runs: u32,
    pub green: u32,
    pub red: u32,
    /// Green runs right after a red one.
    pub cycles: u32,
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
    TestRun,
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
            PointKind::TestRun => "tests",
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

impl Retro {
    /// Fills in the figures derived from the others: shares, their order, fairness, test-first
    /// compliance, the average overrun and the test runs per turn.
    pub(super) fn derive(&mut self) {
        let test_first = self.tasks.iter().filter(|t| t.test_first).count();
        let in_turns = self.tests.turns.iter().map(|t| u64::from(t.runs)).sum();
        self.derive_from(self.tasks.len(), test_first, in_turns);
    }

    /// [`Retro::derive`] for a retro whose lists were not all read: `finished` tasks finished,
    /// `test_first` of them test-first, `in_turns` test runs during turns.
    pub(super) fn derive_from(&mut self, finished: usize, test_first: usize, in_turns: u64) {
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
        self.test_first = (finished > 0).then(|| rounded(test_first as f64 / finished as f64));
        self.overrun.average_ms = self
            .overrun
            .total_ms
            .checked_div(u64::from(self.overrun.count));
        self.tests.runs_per_turn =
            (self.turns > 0).then(|| rounded(in_turns as f64 / f64::from(self.turns)));
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
