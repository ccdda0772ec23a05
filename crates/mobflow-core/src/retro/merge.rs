//! The retro of several whole sessions, from their own retros (see the module docs on merging).

use std::collections::{BTreeMap, BTreeSet};

use super::{
    Breaks, FinishedTask, HookStats, Overrun, Pauses, PersonStats, Point, PointKind, Retro,
    TestStats,
};
use crate::board::TaskId;
use crate::{millis_between, MemberId};

impl Retro {
    /// Combines the retros of successive stretches of history (whole sessions, in order) into
    /// one, as if computed over all their events. A task reopened in a later part leaves the
    /// earlier parts' finished tasks; a person's name is the latest among the parts in which
    /// they drove or navigated. The result has a timeline only if every part has one: the
    /// parts' pieces and points together, segments ordered by start as one pass orders them
    /// (so a date range gets the strip chart and the turn rows of its sessions).
    pub fn merge(parts: impl IntoIterator<Item = Retro>) -> Retro {
        let mut all = Retro::empty();
        let mut gathered = Gathered::default();
        let mut tasks = Tasks::default();
        for mut part in parts {
            gathered.add(&mut part);
            if let Some(timeline) = &mut part.timeline {
                tasks.title_reopened(&part.reopened, &mut timeline.points);
            }
            tasks.add(std::mem::take(&mut part.tasks), &part.reopened);
            all.add(part, &mut gathered.test_tasks);
        }
        gathered.close(&mut all);
        all.tasks = tasks.finished.into_iter().flatten().collect();
        all.derive();
        all
    }

    /// Adds `part`'s counts, lists and timeline to this retro's (not its sessions, people and
    /// tasks, which [`Retro::merge`] gathers apart).
    pub(super) fn add(&mut self, part: Retro, test_tasks: &mut TestTaskIndex) {
        self.start = match (self.start, part.start) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.end = self.end.max(part.end);
        self.turns += part.turns;
        self.keyboard_ms += part.keyboard_ms;
        self.overrun.add(&part.overrun);
        self.skips += part.skips;
        self.pauses.add(&part.pauses);
        self.breaks.add(&part.breaks);
        self.reopened.extend(part.reopened);
        self.parked_thoughts += part.parked_thoughts;
        self.handover_notes.extend(part.handover_notes);
        self.retro_lines.extend(part.retro_lines);
        self.hooks.add(&part.hooks);
        self.tests.add(part.tests, test_tasks);
        self.away_ms = self.away_ms.saturating_add(part.away_ms);
        self.timeline = match (self.timeline.take(), part.timeline) {
            (Some(mut into), Some(timeline)) => {
                into.segments.extend(timeline.segments);
                into.points.extend(timeline.points);
                Some(into)
            }
            _ => None,
        };
    }
}

/// What a merge gathers from every part apart from the counts: the sessions, the people, and
/// where each task's test runs are.
#[derive(Default)]
pub(super) struct Gathered {
    sessions: BTreeSet<u64>,
    people: People,
    pub(super) test_tasks: TestTaskIndex,
}

impl Gathered {
    /// Takes `part`'s sessions and people.
    pub(super) fn add(&mut self, part: &mut Retro) {
        self.sessions.extend(std::mem::take(&mut part.sessions));
        self.people.add(&part.people);
    }

    /// Gives `all` the sessions, the people and the span (and orders its timeline).
    pub(super) fn close(self, all: &mut Retro) {
        all.span_ms = match (all.start, all.end) {
            (Some(start), Some(end)) => millis_between(start, end),
            _ => 0,
        };
        if let Some(timeline) = &mut all.timeline {
            // As one pass orders them: time away decided in a later session can reach back
            // before the earlier sessions' pieces.
            timeline.segments.sort_by_key(|s| (s.start, s.end));
        }
        all.sessions = self.sessions.into_iter().collect();
        all.people = self.people.0.into_values().collect();
    }
}

/// Everyone's figures so far, by id; the latest part names them.
#[derive(Default)]
struct People(BTreeMap<MemberId, PersonStats>);

impl People {
    fn add(&mut self, part: &[PersonStats]) {
        for person in part {
            let into = self.0.entry(person.id).or_insert_with(|| PersonStats {
                keyboard_ms: 0,
                turns_driven: 0,
                turns_navigated: 0,
                ..person.clone()
            });
            into.name.clone_from(&person.name);
            into.keyboard_ms += person.keyboard_ms;
            into.turns_driven += person.turns_driven;
            into.turns_navigated += person.turns_navigated;
        }
    }
}

/// A finished task, or what stands for one: its id is what a merge goes by.
pub(super) trait Finished {
    fn id(&self) -> TaskId;
}

impl Finished for FinishedTask {
    fn id(&self) -> TaskId {
        self.task
    }
}

/// The tasks finished so far, in the order they were finished; a later finish or a reopen
/// takes a task out of where it was (leaving a hole, so that the others keep their places).
pub(super) struct Tasks<T> {
    pub(super) finished: Vec<Option<T>>,
    at: BTreeMap<TaskId, usize>,
}

impl<T> Default for Tasks<T> {
    fn default() -> Tasks<T> {
        Tasks {
            finished: Vec::new(),
            at: BTreeMap::new(),
        }
    }
}

impl Tasks<FinishedTask> {
    /// Names the tasks a part reopened that an earlier part finished: the part alone did not
    /// know their titles, one pass over every event would have.
    fn title_reopened(&self, reopened: &[TaskId], points: &mut [Point]) {
        let mut seen = BTreeSet::new();
        let marks = points
            .iter_mut()
            .filter(|p| p.kind == PointKind::TaskReopened);
        // One point per reopen, in the same order.
        for (task, point) in reopened.iter().zip(marks) {
            // Only a task's first reopen in the part can be of one finished before the part.
            if !seen.insert(*task) || point.text != task.to_string() {
                continue;
            }
            let before = self.at.get(task).and_then(|&at| self.finished[at].as_ref());
            if let Some(finished) = before {
                point.text = format!("{task} {}", finished.title);
            }
        }
    }
}

impl<T: Finished> Tasks<T> {
    pub(super) fn add(&mut self, finished: Vec<T>, reopened: &[TaskId]) {
        for id in reopened.iter().copied().chain(finished.iter().map(T::id)) {
            if let Some(at) = self.at.remove(&id) {
                self.finished[at] = None;
            }
        }
        for task in finished {
            self.at.insert(task.id(), self.finished.len());
            self.finished.push(Some(task));
        }
    }
}

/// Where each task's row is in a merge's `tests.tasks` (years of history are thousands).
#[derive(Default)]
pub(super) struct TestTaskIndex(BTreeMap<TaskId, usize>);

impl Overrun {
    fn add(&mut self, other: &Overrun) {
        self.count += other.count;
        self.total_ms += other.total_ms;
    }
}

impl Pauses {
    fn add(&mut self, other: &Pauses) {
        self.count += other.count;
        self.total_ms += other.total_ms;
    }
}

impl Breaks {
    fn add(&mut self, other: &Breaks) {
        self.due += other.due;
        self.taken += other.taken;
        self.skipped += other.skipped;
        self.early += other.early;
        self.total_ms += other.total_ms;
    }
}

impl TestStats {
    /// Adds a later part's runs: stretches and cycles never cross a session's bounds, so they
    /// add up; tasks run in several parts are one row, named as in the latest.
    fn add(&mut self, other: TestStats, index: &mut TestTaskIndex) {
        self.runs += other.runs;
        self.green += other.green;
        self.red += other.red;
        self.timed_out += other.timed_out;
        self.red_ms += other.red_ms;
        self.green_ms += other.green_ms;
        self.longest_red_ms = self.longest_red_ms.max(other.longest_red_ms);
        self.cycles += other.cycles;
        self.handovers_on_green += other.handovers_on_green;
        self.handovers_on_red += other.handovers_on_red;
        self.waited_for_green += other.waited_for_green;
        self.grace_ran_out += other.grace_ran_out;
        self.turns.extend(other.turns);
        for task in other.tasks {
            match index.0.get(&task.task) {
                Some(&at) => {
                    let into = &mut self.tasks[at];
                    into.title = task.title;
                    into.runs += task.runs;
                    into.green += task.green;
                    into.red += task.red;
                    into.cycles += task.cycles;
                }
                None => {
                    index.0.insert(task.task, self.tasks.len());
                    self.tasks.push(task);
                }
            }
        }
    }
}

impl HookStats {
    fn add(&mut self, other: &HookStats) {
        self.ran += other.ran;
        self.failed += other.failed;
        self.timed_out += other.timed_out;
    }
}
