//! A long range's view merged from session heads against the whole merge, cut.

use std::convert::Infallible;

use mobflow_core::board::TaskId;
use mobflow_core::retro::{Retro, RetroHead, WholeLists};
use mobflow_core::{Event, Record};
use proptest::prelude::*;

use super::at;
use super::fuzz::any_event;

/// Odd events, and the ones that fill a retro's lists: notes, mini-retro lines, test runs, tasks
/// finished and reopened (a few task ids, so that sessions share tasks).
fn list_event() -> impl Strategy<Value = Event> {
    let task = (0u32..4).prop_map(TaskId);
    prop_oneof![
        6 => any_event(),
        2 => "[a-c]{1,3}".prop_map(|text| Event::HandoverNote { text, from: None, to: None }),
        2 => "[a-c]{1,3}".prop_map(|text| Event::MiniRetro { text }),
        3 => (prop::option::of(task.clone()), any::<bool>()).prop_map(|(task, passed)| {
            Event::TestRunFinished {
                run: 1,
                command: "make test".into(),
                exit_code: Some(i32::from(!passed)),
                timed_out: false,
                passed,
                duration_ms: 1000,
                output_tail: String::new(),
                task,
                task_title: task.map(|t| format!("task {t}")),
            }
        }),
        1 => task.prop_map(|task| Event::TaskFocused { task, title: format!("task {task}"), driver: None }),
    ]
}

/// Sessions one after another, each bracketed by its start and end.
fn sessions(chunks: Vec<Vec<(i64, Event)>>) -> Vec<Retro> {
    let mut t = 0;
    let mut parts = Vec::new();
    for (i, chunk) in chunks.into_iter().enumerate() {
        let id = i as u64 + 1;
        t += 10_000;
        let mut records = vec![Record {
            at: at(t),
            session: Some(id),
            event: Event::SessionStarted { session: id },
        }];
        for (delta, event) in chunk {
            if matches!(
                event,
                Event::SessionStarted { .. } | Event::SessionEnded { .. }
            ) {
                continue;
            }
            t += delta;
            records.push(Record {
                at: at(t),
                session: Some(id),
                event,
            });
        }
        t += 1;
        records.push(Record {
            at: at(t),
            session: Some(id),
            event: Event::SessionEnded {
                session: id,
                turns: 0,
            },
        });
        let mut retro = Retro::compute(&records, at(t + 1));
        retro.timeline = None;
        parts.push(retro);
    }
    parts
}

/// The newest-first merge of `parts`' heads, and the parts it asked for whole.
fn from_heads(parts: &[Retro], keep: usize) -> ((Retro, WholeLists), Vec<usize>) {
    let mut asked = Vec::new();
    let merged = Retro::merge_newest(parts.iter().map(RetroHead::of).collect(), keep, |i| {
        asked.push(i);
        Ok::<_, Infallible>(parts[i].clone())
    })
    .unwrap_or_else(|never| match never {});
    (merged, asked)
}

/// Whether `part` has an entry among the shown lists of `shown`.
fn shows_some_of(part: &Retro, shown: &Retro) -> bool {
    part.tasks.iter().any(|t| shown.tasks.contains(t))
        || part
            .handover_notes
            .iter()
            .any(|n| shown.handover_notes.contains(n))
        || part
            .retro_lines
            .iter()
            .any(|l| shown.retro_lines.contains(l))
        || part
            .tests
            .turns
            .iter()
            .any(|t| shown.tests.turns.contains(t))
}

proptest! {
    #[test]
    fn merging_heads_equals_merging_whole_retros_then_cutting(
        chunks in prop::collection::vec(prop::collection::vec((0i64..400, list_event()), 0..30), 1..7),
        keep in 0usize..6,
    ) {
        let parts = sessions(chunks);
        let mut expect = Retro::merge(parts.clone());
        let lengths = WholeLists::cut(&mut expect, keep);
        let ((retro, whole), asked) = from_heads(&parts, keep);
        prop_assert_eq!(&retro, &expect, "the figures and the newest entries of every list");
        prop_assert_eq!(whole, lengths, "the lists' lengths before the cut");
        let mut in_order = asked.clone();
        in_order.sort_unstable();
        in_order.dedup();
        prop_assert_eq!(&asked, &in_order, "each part asked for once, in order");
        for &i in &asked {
            prop_assert!(
                shows_some_of(&parts[i], &retro),
                "part {} was read whole, yet none of its entries is shown", i
            );
        }
    }
}

#[test]
fn a_task_finished_again_or_reopened_later_leaves_the_earlier_session() {
    let task = |id: u32, ok: bool| Event::TaskFinished {
        task: TaskId(id),
        title: format!("task {id}"),
        steps_left: 0,
        override_reason: None,
        test_first: ok,
        created_at: at(0),
        first_focused_at: None,
        driver: None,
    };
    let reopen = |id: u32| Event::TaskReopened {
        task: TaskId(id),
        driver: None,
    };
    // Session 1 finishes tasks 1 to 4; session 2 reopens 2 and finishes 3 again; session 3
    // finishes 5 and writes a note.
    let parts = sessions(vec![
        (1..=4).map(|id| (10, task(id, id % 2 == 0))).collect(),
        vec![(10, reopen(2)), (10, task(3, true))],
        vec![
            (10, task(5, true)),
            (
                10,
                Event::HandoverNote {
                    text: "next".into(),
                    from: None,
                    to: None,
                },
            ),
        ],
    ]);
    let ((retro, whole), asked) = from_heads(&parts, 2);
    let ids: Vec<u32> = retro.tasks.iter().map(|t| t.task.0).collect();
    assert_eq!(
        ids,
        [3, 5],
        "the newest two of 1, 4, 3, 5 (2 reopened, 3 moved)"
    );
    assert_eq!(
        (whole.tasks, whole.tasks_test_first),
        (4, 3),
        "1, 4, 3 and 5 are finished; 4, 3 and 5 test-first"
    );
    assert_eq!(retro.test_first, Some(0.75), "the share counts every task");
    assert_eq!(whole.reopened, 1);
    assert_eq!(whole.handover_notes, 1);
    assert_eq!(
        asked,
        [1, 2],
        "session 1 holds none of the newest two tasks: its whole retro is not read"
    );
    assert_eq!(
        from_heads(&parts, 0).1,
        Vec::<usize>::new(),
        "keeping none reads no whole retro"
    );
}
