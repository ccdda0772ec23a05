//! The test-first checklist: the default template, ticking in strict and lenient mode, the
//! test-first verdict, finishing with open steps, and the template for new tasks.

use mobflow_core::board::{
    default_template, Board, BoardError, Column, StepKind, StepOutcome, StepTemplate, TaskId,
};

use super::{board_with, Expect};
use crate::{at, t0};

fn flags(board: &Board, id: TaskId) -> Vec<bool> {
    board
        .get(id)
        .unwrap()
        .steps
        .iter()
        .map(|s| s.violation)
        .collect()
}

#[test]
fn the_default_template_puts_tests_first() {
    let template = default_template();
    let got: Vec<(&str, StepKind)> = template
        .iter()
        .map(|s| (s.title.as_str(), s.kind))
        .collect();
    use StepKind::{Code, Delivery, Test};
    assert_eq!(
        got,
        [
            ("Acceptance test written and failing", Test),
            ("Unit test written and failing (red)", Test),
            ("Code makes the tests pass (green)", Code),
            ("Refactored", Code),
            ("Pushed and CI green", Delivery),
            ("Verified on the canary (metrics checked)", Delivery),
            ("Released to everyone", Delivery),
        ]
    );
    let board = Board::default();
    assert!(board.strict, "a new board is strict");
    assert_eq!(board.template, template, "a new board uses the default");
    assert!(board.tasks.is_empty());
}

#[test]
fn ticking_needs_the_task_in_focus_and_a_real_open_step() {
    let (mut board, ids) = board_with(&["Fix login"]);
    let id = ids[0];
    let err = board.check(id, 0, t0()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "\"Fix login\" is not in focus. Focus it first to work on its checklist."
    );
    assert!(matches!(
        board.uncheck(id, 0),
        Err(BoardError::NotInFocus { .. })
    ));
    board.focus(id, t0()).unwrap();
    let before = board.clone();
    for step in [7, usize::MAX] {
        let err = board.check(id, step, t0()).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "\"Fix login\" has no step {}; its steps are 1 to 7.",
                step.saturating_add(1)
            )
        );
    }
    assert!(matches!(
        board.uncheck(id, 7),
        Err(BoardError::StepOutOfRange {
            step: 7,
            count: 7,
            ..
        })
    ));
    assert_eq!(
        board.uncheck(id, 0).unwrap_err().to_string(),
        "\"Acceptance test written and failing\" is not ticked."
    );
    assert_eq!(board, before, "refused ticks change nothing");

    board.check(id, 0, at(1)).unwrap();
    let before = board.clone();
    assert_eq!(
        board.check(id, 0, at(2)).unwrap_err().to_string(),
        "\"Acceptance test written and failing\" is already ticked."
    );
    assert_eq!(board, before, "the first tick time is kept");
    board.uncheck(id, 0).unwrap();
    assert_eq!(board.get(id).unwrap().steps[0].done_at, None);
}

#[test]
fn strict_mode_ticks_in_order_and_tests_first() {
    // (steps ticked beforehand, step to tick, expected message)
    let cases: &[(&[usize], usize, Option<&str>)] = &[
        (&[], 0, None),
        (
            &[],
            1,
            Some(
                "Strict mode keeps the checklist in order: tick \"Acceptance test written and \
                 failing\" before \"Unit test written and failing (red)\".",
            ),
        ),
        (
            &[],
            2,
            Some(
                "Tests come first: tick \"Acceptance test written and failing\" before \"Code \
                 makes the tests pass (green)\".",
            ),
        ),
        (
            &[0],
            3,
            Some(
                "Tests come first: tick \"Unit test written and failing (red)\" before \
                 \"Refactored\".",
            ),
        ),
        (&[0, 1], 2, None),
        (
            &[0, 1],
            4,
            Some(
                "Strict mode keeps the checklist in order: tick \"Code makes the tests pass \
                 (green)\" before \"Pushed and CI green\".",
            ),
        ),
        (
            &[0],
            6,
            Some(
                "Strict mode keeps the checklist in order: tick \"Unit test written and failing \
                 (red)\" before \"Released to everyone\".",
            ),
        ),
        (&[0, 1, 2, 3, 4, 5], 6, None),
    ];
    for (ticked, step, expected) in cases {
        let (mut board, ids) = board_with(&["Fix login"]);
        let id = ids[0];
        board.focus(id, t0()).unwrap();
        for s in *ticked {
            board.check(id, *s, t0()).unwrap();
        }
        let before = board.clone();
        let result = board.check(id, *step, at(1));
        match expected {
            None => {
                assert_eq!(
                    result.unwrap(),
                    StepOutcome { violation: false },
                    "step {step} after {ticked:?} is in order"
                );
                assert_eq!(board.get(id).unwrap().steps[*step].done_at, Some(at(1)));
            }
            Some(message) => {
                assert_eq!(
                    result.unwrap_err().to_string(),
                    *message,
                    "step {step} after {ticked:?}"
                );
                assert_eq!(board, before, "a refused tick changes nothing");
            }
        }
    }
}

#[test]
fn strict_mode_refuses_code_before_a_later_test_step() {
    let mut board = Board::default();
    board
        .set_template(vec![
            StepTemplate::new("Spike", StepKind::Code),
            StepTemplate::new("Test it", StepKind::Test),
        ])
        .unwrap();
    let id = board.add_task("Odd order", "", &[], t0()).unwrap();
    board.focus(id, t0()).unwrap();
    assert_eq!(
        board.check(id, 0, t0()).unwrap_err(),
        BoardError::TestsFirst {
            step: "Spike".into(),
            test: "Test it".into()
        },
        "the test-first rule holds even where the template lists code first"
    );
}

#[test]
fn lenient_mode_accepts_everything_and_flags_code_ahead_of_tests() {
    let (mut board, ids) = board_with(&["Fix login"]);
    let id = ids[0];
    board.set_strict(false).unwrap();
    board.focus(id, t0()).unwrap();
    // (step to tick, flagged?)
    let ticks = [
        (6, false), // delivery is never flagged, only out of order
        (3, true),  // code while both tests are open
        (1, false), // a test step
        (2, true),  // code while the acceptance test is still open
        (0, false),
        (5, false),
    ];
    for (step, flagged) in ticks {
        let outcome = board.check(id, step, at(step as i64)).unwrap();
        assert_eq!(outcome.violation, flagged, "step {step}");
    }
    assert_eq!(
        flags(&board, id),
        [false, false, true, true, false, false, false],
        "exactly the two code steps ticked ahead of the tests are flagged"
    );
    let task = board.get(id).unwrap();
    assert!(!task.test_first_ok());
    assert_eq!(
        task.next_step().map(|(i, s)| (i, s.title.as_str())),
        Some((4, "Pushed and CI green"))
    );

    board.uncheck(id, 2).unwrap();
    assert!(!flags(&board, id)[2], "unticking clears the flag");
    let outcome = board.check(id, 2, at(20)).unwrap();
    assert!(!outcome.violation, "tests are all ticked now");
    assert_eq!(
        flags(&board, id).iter().filter(|f| **f).count(),
        1,
        "only the refactor flag remains"
    );

    board.set_strict(true).unwrap();
    assert_eq!(
        flags(&board, id).iter().filter(|f| **f).count(),
        1,
        "switching to strict keeps the history"
    );
}

#[test]
fn test_first_ok_looks_at_flags_and_tick_times() {
    // (ticks as (step, seconds), test-first?)
    let cases: &[(&[(usize, i64)], bool)] = &[
        (&[], true),
        (&[(0, 1), (1, 2), (2, 3), (3, 4)], true),
        (&[(0, 5), (1, 5), (2, 5)], true),
        (&[(0, 1), (1, 9), (2, 5)], false),
        (&[(2, 1)], false),
        (&[(0, 1), (1, 2), (4, 3)], true),
    ];
    for (ticks, ok) in cases {
        let (mut board, ids) = board_with(&["T"]);
        let id = ids[0];
        board.set_strict(false).unwrap();
        board.focus(id, t0()).unwrap();
        for (step, secs) in *ticks {
            board.check(id, *step, at(*secs)).unwrap();
        }
        let task = board.get(id).unwrap();
        assert_eq!(task.test_first_ok(), *ok, "ticks {ticks:?}");
    }

    // Strict mode cannot flag, but unticking a test after the code still shows.
    let (mut board, ids) = board_with(&["T"]);
    let id = ids[0];
    board.focus(id, t0()).unwrap();
    for step in 0..3 {
        board.check(id, step, at(step as i64)).unwrap();
    }
    assert!(board.get(id).unwrap().test_first_ok());
    board.uncheck(id, 1).unwrap();
    assert!(
        !board.get(id).unwrap().test_first_ok(),
        "code is ticked while a test is open"
    );
    board.check(id, 1, at(10)).unwrap();
    assert!(
        !board.get(id).unwrap().test_first_ok(),
        "the code was ticked before the test was (re)written"
    );
}

#[test]
fn finishing_with_open_steps_needs_a_reason() {
    // (steps ticked, reason given, expected stored reason or error)
    let long = "r".repeat(301);
    /// Steps ticked, the reason given, and the reason stored or the refusal.
    type Case<'a> = (usize, Option<&'a str>, Expect<Option<&'a str>>);
    let cases: Vec<Case> = vec![
        (
            0,
            None,
            Err(BoardError::UnfinishedSteps {
                title: "Fix login".into(),
                left: 7,
            }),
        ),
        (
            6,
            Some("   "),
            Err(BoardError::UnfinishedSteps {
                title: "Fix login".into(),
                left: 1,
            }),
        ),
        (
            0,
            Some(&long),
            Err(BoardError::ReasonTooLong { len: 301, max: 300 }),
        ),
        (
            5,
            Some("  Canary skipped: hotfix  "),
            Ok(Some("Canary skipped: hotfix")),
        ),
        (7, None, Ok(None)),
        (7, Some("not needed"), Ok(None)),
        (7, Some(&long), Ok(None)),
    ];
    for (ticked, reason, expected) in cases {
        let (mut board, ids) = board_with(&["Fix login"]);
        let id = ids[0];
        board.focus(id, t0()).unwrap();
        for step in 0..ticked {
            board.check(id, step, t0()).unwrap();
        }
        let before = board.clone();
        let result = board.finish(id, reason.map(Into::into), at(60));
        match expected {
            Ok(stored) => {
                result.unwrap_or_else(|e| panic!("{ticked} ticked, reason {reason:?}: {e}"));
                let task = board.get(id).unwrap();
                assert_eq!(task.column, Column::Done);
                assert_eq!(task.done_at, Some(at(60)));
                assert_eq!(
                    task.override_reason.as_deref(),
                    stored,
                    "a reason is kept only when steps were left open"
                );
                assert!(board.in_focus().is_none(), "finishing frees the focus");
            }
            Err(want) => {
                assert_eq!(
                    result.unwrap_err(),
                    want,
                    "{ticked} ticked, reason {reason:?}"
                );
                assert_eq!(board, before, "a refused finish changes nothing");
            }
        }
    }
}

#[test]
fn an_unfinished_steps_refusal_counts_them_in_words() {
    assert_eq!(
        BoardError::UnfinishedSteps {
            title: "Fix login".into(),
            left: 1
        }
        .to_string(),
        "\"Fix login\" still has 1 unticked step. Tick them, or give a reason to finish it anyway."
    );
    assert_eq!(
        BoardError::UnfinishedSteps {
            title: "Fix login".into(),
            left: 2
        }
        .to_string(),
        "\"Fix login\" still has 2 unticked steps. Tick them, or give a reason to finish it anyway."
    );
}

#[test]
fn the_template_is_validated_and_applies_to_new_tasks_only() {
    let (mut board, ids) = board_with(&["Old"]);
    let long = "s".repeat(121);
    let too_many = vec![StepTemplate::new("s", StepKind::Code); 21];
    let cases: Vec<(Vec<StepTemplate>, BoardError)> = vec![
        (vec![], BoardError::EmptyTemplate),
        (too_many, BoardError::TemplateTooLong { count: 21, max: 20 }),
        (
            vec![
                StepTemplate::new("ok", StepKind::Test),
                StepTemplate::new("  ", StepKind::Code),
            ],
            BoardError::EmptyStepTitle,
        ),
        (
            vec![StepTemplate::new(long, StepKind::Code)],
            BoardError::StepTitleTooLong {
                title: format!("{}…", "s".repeat(40)),
                len: 121,
                max: 120,
            },
        ),
        (
            vec![StepTemplate::new("a\tb", StepKind::Code)],
            BoardError::StepTitleHasControlChars,
        ),
    ];
    for (template, want) in cases {
        let before = board.clone();
        assert_eq!(board.set_template(template).unwrap_err(), want);
        assert_eq!(board, before, "a refused template changes nothing");
    }
    board
        .set_template(vec![
            StepTemplate::new(" Red ", StepKind::Test),
            StepTemplate::new("Green", StepKind::Code),
        ])
        .unwrap();
    assert_eq!(board.template[0].title, "Red", "step titles are trimmed");
    let new = board.add_task("New", "", &[], t0()).unwrap();
    assert_eq!(board.get(new).unwrap().steps.len(), 2);
    assert_eq!(
        board.get(ids[0]).unwrap().steps.len(),
        7,
        "existing tasks keep their checklist"
    );
    board
        .set_template(vec![StepTemplate::new("x", StepKind::Delivery); 20])
        .expect("20 steps is the limit, inclusive");
}
