//! A property test of the board over random operation sequences: a refusal changes nothing,
//! WIP = 1, and the test-first flags sit exactly where code was ticked ahead of an open test.

use std::collections::BTreeSet;

use mobflow_core::board::{default_template, Board, Column, StepKind, StepTemplate, TaskId};
use proptest::prelude::*;

use crate::Clock;

#[derive(Debug, Clone)]
enum Op {
    Add(&'static str),
    Thought(&'static str),
    Edit(u32, &'static str),
    Move(u32, usize),
    Focus(u32),
    Park(u32),
    ToBacklog(u32),
    Reopen(u32),
    Finish(u32, Option<&'static str>),
    Check(u32, usize),
    Uncheck(u32, usize),
    Template(usize),
    Wait(i64),
}

fn templates() -> Vec<Vec<StepTemplate>> {
    use StepKind::{Code, Delivery, Test};
    vec![
        default_template(),
        vec![
            StepTemplate::new("Code", Code),
            StepTemplate::new("Test", Test),
            StepTemplate::new("Ship", Delivery),
        ],
        vec![StepTemplate::new("Only code", Code)],
        vec![],
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let title = prop::sample::select(vec!["Fix login", "Docs", " spaced ", "", "tab\there"]);
    let id = 0u32..7;
    prop_oneof![
        3 => title.clone().prop_map(Op::Add),
        1 => title.clone().prop_map(Op::Thought),
        1 => (id.clone(), title).prop_map(|(i, t)| Op::Edit(i, t)),
        1 => (id.clone(), 0usize..5).prop_map(|(i, to)| Op::Move(i, to)),
        3 => id.clone().prop_map(Op::Focus),
        1 => id.clone().prop_map(Op::Park),
        1 => id.clone().prop_map(Op::ToBacklog),
        1 => id.clone().prop_map(Op::Reopen),
        1 => (id.clone(), prop::option::of(prop::sample::select(vec!["", "skip", " why "])))
            .prop_map(|(i, r)| Op::Finish(i, r)),
        6 => (id.clone(), 0usize..8).prop_map(|(i, s)| Op::Check(i, s)),
        2 => (id, 0usize..8).prop_map(|(i, s)| Op::Uncheck(i, s)),
        1 => (0usize..4).prop_map(Op::Template),
        1 => (0i64..600).prop_map(Op::Wait),
    ]
}

/// Whether ticking `step` of `id` now would tick a code step while a test step is open.
fn would_flag(board: &Board, id: TaskId, step: usize) -> bool {
    board.get(id).is_some_and(|task| {
        task.steps
            .get(step)
            .is_some_and(|s| s.kind == StepKind::Code)
            && task
                .steps
                .iter()
                .any(|s| s.kind == StepKind::Test && s.done_at.is_none())
    })
}

fn flagged_steps(board: &Board) -> BTreeSet<(TaskId, usize)> {
    board
        .tasks
        .iter()
        .flat_map(|t| {
            t.steps
                .iter()
                .enumerate()
                .filter(|(_, s)| s.violation)
                .map(move |(i, _)| (t.id, i))
        })
        .collect()
}

/// The model of the flags: the steps ticked as code while a test step was open and not
/// unticked since, and how many flagging ticks and unticks there were.
#[derive(Debug, Default)]
struct Flags {
    flagged: BTreeSet<(TaskId, usize)>,
    ticks: usize,
    unticked: usize,
}

/// What holds after every operation, whatever it was.
fn check_invariants(
    board: &Board,
    strict: bool,
    model: &Flags,
    op: &Op,
) -> Result<(), TestCaseError> {
    prop_assert!(
        board.in_column(Column::Focus).count() <= 1,
        "WIP = 1: never two tasks in focus (after {:?})",
        op
    );
    let actual = flagged_steps(board);
    if strict {
        prop_assert!(actual.is_empty(), "strict mode refuses instead of flagging");
    }
    prop_assert_eq!(
        actual.len(),
        model.ticks - model.unticked,
        "one flag per code tick made while a test was open, minus the ones unticked"
    );
    prop_assert_eq!(
        &actual,
        &model.flagged,
        "the flags sit on exactly those steps"
    );
    for task in &board.tasks {
        prop_assert_eq!(
            task.done_at.is_some(),
            task.column == Column::Done,
            "done_at is set exactly on done tasks"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn no_sequence_breaks_the_board_invariants(
        strict in any::<bool>(),
        ops in prop::collection::vec(op(), 1..80),
    ) {
        let mut board = Board::default();
        board.set_strict(strict).unwrap();
        let mut clock = Clock::start();
        let mut model = Flags::default();
        for op in ops {
            let now = clock.now();
            let before = board.clone();
            let focused = board.in_focus().cloned();
            let result = match op.clone() {
                Op::Add(t) => board.add_task(t, "", &[], now).map(drop),
                Op::Thought(t) => {
                    let result = board.park_thought(t, now).map(drop);
                    prop_assert_eq!(
                        board.in_focus(), focused.as_ref(),
                        "a parked thought never touches the focus"
                    );
                    result
                }
                Op::Edit(i, t) => board.edit_task(TaskId(i), Some(t.into()), None, None),
                Op::Move(i, to) => board.move_in_backlog(TaskId(i), to),
                Op::Focus(i) => board.focus(TaskId(i), now),
                Op::Park(i) => board.park(TaskId(i)),
                Op::ToBacklog(i) => board.to_backlog(TaskId(i)),
                Op::Reopen(i) => board.reopen(TaskId(i)),
                Op::Finish(i, r) => board.finish(TaskId(i), r.map(Into::into), now),
                Op::Check(i, s) => {
                    let flag = would_flag(&board, TaskId(i), s);
                    let result = board.check(TaskId(i), s, now);
                    if let Ok(outcome) = result {
                        prop_assert_eq!(
                            outcome.violation, flag,
                            "a tick is flagged exactly when it is code ahead of an open test"
                        );
                        if flag {
                            model.ticks += 1;
                            model.flagged.insert((TaskId(i), s));
                        }
                    }
                    result.map(drop)
                }
                Op::Uncheck(i, s) => {
                    let result = board.uncheck(TaskId(i), s);
                    if result.is_ok() && model.flagged.remove(&(TaskId(i), s)) {
                        model.unticked += 1;
                    }
                    result
                }
                Op::Template(k) => board.set_template(templates().swap_remove(k)),
                Op::Wait(s) => {
                    clock.step_secs(s);
                    Ok(())
                }
            };
            if let Err(e) = &result {
                prop_assert_eq!(&board, &before, "a refused {:?} ({}) changes nothing", op, e);
                prop_assert!(e.to_string().ends_with('.'), "messages are sentences: {}", e);
            }
            check_invariants(&board, strict, &model, &op)?;
        }
    }
}
