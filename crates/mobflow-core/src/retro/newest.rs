//! A long range's retro as the history view shows it: [`Retro::merge`]'s figures over every
//! session, its lists cut to their newest entries ([`WholeLists::cut`]), merged from each
//! session's [`RetroHead`] so that only the newest sessions' lists are ever read.
//!
//! Years of daily sessions finish tens of thousands of tasks and write as many notes: their
//! lists are most of what a session's retro holds, and reading them all cost more than the rest
//! of the merge together, for a view that shows the newest hundred of each. A head is a
//! session's retro without those lists: their lengths instead, and its finished tasks as ids
//! (a later session that reopens or finishes a task again takes it out of the earlier one's).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::merge::{Finished, Gathered, Tasks};
use super::{Fairness, Retro, TestStats};
use crate::board::TaskId;

/// How long a merged retro's lists were before they were cut to their newest entries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WholeLists {
    /// Tasks finished.
    pub tasks: u32,
    /// Of those, the ones done test-first.
    pub tasks_test_first: u32,
    pub reopened: u32,
    pub handover_notes: u32,
    pub retro_lines: u32,
    /// `tests.turns` and `tests.tasks`.
    pub test_turns: u32,
    pub test_tasks: u32,
}

impl WholeLists {
    /// Cuts `retro`'s lists to their newest `keep` entries; returns their lengths before.
    pub fn cut(retro: &mut Retro, keep: usize) -> WholeLists {
        let whole = WholeLists {
            tasks: count(retro.tasks.len()),
            tasks_test_first: count(retro.tasks.iter().filter(|t| t.test_first).count()),
            reopened: count(retro.reopened.len()),
            handover_notes: count(retro.handover_notes.len()),
            retro_lines: count(retro.retro_lines.len()),
            test_turns: count(retro.tests.turns.len()),
            test_tasks: count(retro.tests.tasks.len()),
        };
        newest(&mut retro.tasks, keep);
        newest(&mut retro.reopened, keep);
        newest(&mut retro.handover_notes, keep);
        newest(&mut retro.retro_lines, keep);
        newest(&mut retro.tests.turns, keep);
        newest(&mut retro.tests.tasks, keep);
        whole
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Keeps the last `keep` entries of a list in order of time.
fn newest<T>(list: &mut Vec<T>, keep: usize) {
    let drop = list.len().saturating_sub(keep);
    list.drain(..drop);
}

/// A session's retro without its long lists: what merging its figures with other sessions'
/// takes (see the module docs). Stored beside the session's whole retro, a fraction of its size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetroHead {
    /// The retro with its finished tasks, hand-over notes, mini-retro lines and test runs by
    /// turn left out (and no timeline). Reopened tasks and test runs by task stay whole: the
    /// merge needs them.
    pub figures: Retro,
    /// The finished tasks, in order: id, and whether done test-first.
    pub tasks: Vec<(TaskId, bool)>,
    pub handover_notes: u32,
    pub retro_lines: u32,
    pub test_turns: u32,
    /// The test runs during turns: `tests.turns`' runs added up.
    pub test_turn_runs: u64,
}

impl RetroHead {
    pub fn of(retro: &Retro) -> RetroHead {
        RetroHead {
            figures: Retro {
                tasks: Vec::new(),
                handover_notes: Vec::new(),
                retro_lines: Vec::new(),
                tests: TestStats {
                    turns: Vec::new(),
                    tasks: retro.tests.tasks.clone(),
                    ..retro.tests
                },
                timeline: None,
                sessions: retro.sessions.clone(),
                people: retro.people.clone(),
                // Derived again by the merge from the people.
                fairness: Fairness {
                    ratio: None,
                    shares: Vec::new(),
                },
                overrun: retro.overrun.clone(),
                pauses: retro.pauses.clone(),
                breaks: retro.breaks.clone(),
                reopened: retro.reopened.clone(),
                hooks: retro.hooks.clone(),
                ..*retro
            },
            tasks: retro.tasks.iter().map(|t| (t.task, t.test_first)).collect(),
            handover_notes: count(retro.handover_notes.len()),
            retro_lines: count(retro.retro_lines.len()),
            test_turns: count(retro.tests.turns.len()),
            test_turn_runs: retro.tests.turns.iter().map(|t| u64::from(t.runs)).sum(),
        }
    }
}

/// A finished task as the heads know it: its id, and where its details are.
struct Known {
    id: TaskId,
    test_first: bool,
    /// The part, and the place in that part's finished tasks.
    part: usize,
    at: usize,
}

impl Finished for Known {
    fn id(&self) -> TaskId {
        self.id
    }
}

/// The concatenated lists a head only counts, in [`RetroHead`]'s order.
const NOTES: usize = 0;
const LINES: usize = 1;
const TURNS: usize = 2;

impl Retro {
    /// [`Retro::merge`] of the sessions whose heads these are (in order), its lists then cut to
    /// their newest `keep` entries: the same retro and lengths as [`WholeLists::cut`] gives.
    /// `whole(i)` is part `i`'s whole retro; it is asked only for the parts that hold the newest
    /// entries of a list, each once, in order.
    pub fn merge_newest<E>(
        heads: Vec<RetroHead>,
        keep: usize,
        whole: impl FnMut(usize) -> Result<Retro, E>,
    ) -> Result<(Retro, WholeLists), E> {
        let mut all = Retro::empty();
        let mut gathered = Gathered::default();
        let mut tasks = Tasks::default();
        let mut lengths = Vec::with_capacity(heads.len());
        let mut in_turns = 0u64;
        for (part, head) in heads.into_iter().enumerate() {
            let mut figures = head.figures;
            gathered.add(&mut figures);
            let finished = head.tasks.into_iter().enumerate();
            tasks.add(
                finished
                    .map(|(at, (id, test_first))| Known {
                        id,
                        test_first,
                        part,
                        at,
                    })
                    .collect(),
                &figures.reopened,
            );
            all.add(figures, &mut gathered.test_tasks);
            lengths.push([head.handover_notes, head.retro_lines, head.test_turns]);
            in_turns = in_turns.saturating_add(head.test_turn_runs);
        }
        gathered.close(&mut all);
        let finished: Vec<Known> = tasks.finished.into_iter().flatten().collect();
        let test_first = finished.iter().filter(|t| t.test_first).count();
        all.derive_from(finished.len(), test_first, in_turns);
        let total = |list: usize| lengths.iter().map(|l| u64::from(l[list])).sum::<u64>();
        let lengths_before = WholeLists {
            tasks: count(finished.len()),
            tasks_test_first: count(test_first),
            reopened: count(all.reopened.len()),
            handover_notes: u32::try_from(total(NOTES)).unwrap_or(u32::MAX),
            retro_lines: u32::try_from(total(LINES)).unwrap_or(u32::MAX),
            test_turns: u32::try_from(total(TURNS)).unwrap_or(u32::MAX),
            test_tasks: count(all.tests.tasks.len()),
        };
        newest(&mut all.reopened, keep);
        newest(&mut all.tests.tasks, keep);
        let shown = &finished[finished.len().saturating_sub(keep)..];
        all.fill_newest(shown, &lengths, keep, whole)?;
        Ok((all, lengths_before))
    }

    /// Gives a retro merged from heads its newest `keep` finished tasks (`shown`, which say
    /// where they are) and entries of the concatenated lists, from the whole retros of the
    /// parts that hold them.
    fn fill_newest<E>(
        &mut self,
        shown: &[Known],
        lengths: &[[u32; 3]],
        keep: usize,
        mut whole: impl FnMut(usize) -> Result<Retro, E>,
    ) -> Result<(), E> {
        // Each concatenated list's newest entries are in a run of the last parts.
        let from = [NOTES, LINES, TURNS].map(|list| first_needed(lengths, list, keep));
        let wanted: BTreeSet<usize> = shown
            .iter()
            .map(|t| t.part)
            .chain(
                (0..lengths.len())
                    .filter(|&p| (0..3).any(|list| p >= from[list] && lengths[p][list] > 0)),
            )
            .collect();
        let mut parts = BTreeMap::new();
        for part in wanted {
            parts.insert(part, whole(part)?);
        }
        self.tasks = shown
            .iter()
            .filter_map(|known| {
                let part = parts.get(&known.part)?;
                let there = part.tasks.get(known.at).filter(|t| t.task == known.id);
                there
                    .or_else(|| part.tasks.iter().find(|t| t.task == known.id))
                    .cloned()
            })
            .collect();
        for (&p, part) in parts.iter_mut() {
            if p >= from[NOTES] {
                self.handover_notes.append(&mut part.handover_notes);
            }
            if p >= from[LINES] {
                self.retro_lines.append(&mut part.retro_lines);
            }
            if p >= from[TURNS] {
                self.tests.turns.append(&mut part.tests.turns);
            }
        }
        newest(&mut self.handover_notes, keep);
        newest(&mut self.retro_lines, keep);
        newest(&mut self.tests.turns, keep);
        Ok(())
    }
}

/// The first of the last parts that together hold the newest `keep` entries of `list` (all of
/// them when there are fewer; none for `keep` 0).
fn first_needed(lengths: &[[u32; 3]], list: usize, keep: usize) -> usize {
    let mut have = 0usize;
    for part in (0..lengths.len()).rev() {
        if have >= keep {
            return part + 1;
        }
        have += lengths[part][list] as usize;
    }
    0
}
