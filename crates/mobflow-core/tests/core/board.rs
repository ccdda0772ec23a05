//! The focus board: validation, WIP = 1, the test-first checklist, and a property test over
//! random operation sequences.

use std::collections::BTreeSet;

use mobflow_core::board::{
    default_template, Board, BoardError, Column, StepKind, StepOutcome, StepTemplate, TaskId,
};
use proptest::prelude::*;

use super::{at, t0, Clock};

/// What a table case expects: the cleaned value, or the refusal.
type Expect<T> = Result<T, BoardError>;

/// The arguments of an edit: task, title, notes, acceptance.
type Edit = (TaskId, Option<String>, Option<String>, Option<Vec<String>>);

fn lines(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// A board holding one backlog task per title, in order.
fn board_with(titles: &[&str]) -> (Board, Vec<TaskId>) {
    let mut board = Board::default();
    let ids = titles
        .iter()
        .map(|t| board.add_task(t, "", &[], t0()).unwrap())
        .collect();
    (board, ids)
}

fn backlog_titles(board: &Board) -> Vec<&str> {
    board
        .in_column(Column::Backlog)
        .map(|t| t.title.as_str())
        .collect()
}

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
fn task_titles_are_trimmed_and_validated_for_tasks_and_thoughts() {
    let long = "x".repeat(121);
    let limit = "y".repeat(120);
    let cases: &[(&str, Result<&str, BoardError>)] = &[
        ("  Fix login  ", Ok("Fix login")),
        ("Zoë's ünïcode tâsk", Ok("Zoë's ünïcode tâsk")),
        (&limit, Ok(&limit)),
        ("", Err(BoardError::EmptyTitle)),
        (" \t\n ", Err(BoardError::EmptyTitle)),
        (&long, Err(BoardError::TitleTooLong { len: 121, max: 120 })),
        ("two\nlines", Err(BoardError::TitleHasControlChars)),
        ("bell\u{7}", Err(BoardError::TitleHasControlChars)),
    ];
    for (input, expected) in cases {
        for as_thought in [false, true] {
            let mut board = Board::default();
            let before = board.clone();
            let result = if as_thought {
                board.park_thought(input, t0())
            } else {
                board.add_task(input, "", &[], t0())
            };
            match expected {
                Ok(want) => {
                    let id = result.unwrap_or_else(|e| panic!("{input:?} should be accepted: {e}"));
                    assert_eq!(board.get(id).unwrap().title, *want, "titles are trimmed");
                }
                Err(want) => {
                    assert_eq!(result.unwrap_err(), *want, "title {input:?}");
                    assert_eq!(board, before, "a refused title adds nothing");
                }
            }
        }
    }
}

#[test]
fn notes_and_acceptance_lines_are_cleaned_and_limited() {
    let at_limit = "n".repeat(4000);
    let over = "n".repeat(4001);
    let long_line = "a".repeat(301);
    let ok_line = "a".repeat(300);
    let fifty: Vec<String> = (0..50).map(|i| format!("line {i}")).collect();
    let fifty_one: Vec<String> = (0..51).map(|i| format!("line {i}")).collect();
    /// Notes, acceptance entries, and the cleaned acceptance or the refusal.
    type Case<'a> = (&'a str, Vec<String>, Expect<Vec<String>>);
    let cases: Vec<Case> = vec![
        (
            "",
            lines(&["  Given a user ", "", "   ", "Then it works"]),
            Ok(lines(&["Given a user", "Then it works"])),
        ),
        (
            "",
            lines(&["one\n  two \r\n\nthree"]),
            Ok(lines(&["one", "two", "three"])),
        ),
        (&at_limit, vec![], Ok(vec![])),
        (
            &over,
            vec![],
            Err(BoardError::NotesTooLong {
                len: 4001,
                max: 4000,
            }),
        ),
        ("", fifty.clone(), Ok(fifty)),
        (
            "",
            fifty_one,
            Err(BoardError::TooManyAcceptanceLines { count: 51, max: 50 }),
        ),
        ("", vec![ok_line.clone()], Ok(vec![ok_line])),
        (
            "",
            vec![format!("  {long_line}  ")],
            Err(BoardError::AcceptanceLineTooLong {
                line: format!("{}…", "a".repeat(40)),
                len: 301,
                max: 300,
            }),
        ),
    ];
    for (notes, acceptance, expected) in cases {
        let mut board = Board::default();
        let result = board.add_task("Task", notes, &acceptance, t0());
        match expected {
            Ok(want) => {
                let id = result.unwrap_or_else(|e| panic!("{acceptance:?} should pass: {e}"));
                let task = board.get(id).unwrap();
                assert_eq!(task.acceptance, want, "lines trimmed, empty ones dropped");
                assert_eq!(task.notes, notes, "notes are kept as typed");
            }
            Err(want) => {
                assert_eq!(result.unwrap_err(), want);
                assert_eq!(board, Board::default(), "a refused task adds nothing");
            }
        }
    }
}

#[test]
fn a_new_task_goes_to_the_end_of_the_backlog_with_the_template() {
    let mut board = Board::default();
    let a = board
        .add_task("A", "notes", &lines(&["It works"]), at(1))
        .unwrap();
    let b = board.add_task("B", "", &[], at(2)).unwrap();
    assert_eq!((a, b), (TaskId(1), TaskId(2)), "ids count from 1");
    assert_eq!(backlog_titles(&board), ["A", "B"]);
    let task = board.get(a).unwrap();
    assert_eq!(task.column, Column::Backlog);
    assert_eq!(task.created_at, at(1));
    assert_eq!(task.steps.len(), 7, "steps copied from the template");
    assert!(task
        .steps
        .iter()
        .all(|s| s.done_at.is_none() && !s.violation));
    assert_eq!((task.first_focused_at, task.done_at), (None, None));
}

#[test]
fn editing_changes_only_what_is_given_and_a_refusal_changes_nothing() {
    let (mut board, ids) = board_with(&["Fix login"]);
    let id = ids[0];
    board
        .edit_task(id, None, Some("See ticket 12".into()), None)
        .unwrap();
    board
        .edit_task(
            id,
            Some("  Fix the login  ".into()),
            None,
            Some(lines(&[" a ", ""])),
        )
        .unwrap();
    let task = board.get(id).unwrap();
    assert_eq!(task.title, "Fix the login");
    assert_eq!(
        task.notes, "See ticket 12",
        "notes untouched when not given"
    );
    assert_eq!(task.acceptance, ["a"]);

    let refused: Vec<(Edit, BoardError)> = vec![
        ((id, Some(" ".into()), None, None), BoardError::EmptyTitle),
        (
            (id, Some("Fine".into()), Some("n".repeat(4001)), None),
            BoardError::NotesTooLong {
                len: 4001,
                max: 4000,
            },
        ),
        (
            (id, Some("Fine".into()), None, Some(vec!["x".into(); 51])),
            BoardError::TooManyAcceptanceLines { count: 51, max: 50 },
        ),
        (
            (TaskId(99), Some("Fine".into()), None, None),
            BoardError::UnknownTask(TaskId(99)),
        ),
    ];
    for ((id, title, notes, acceptance), want) in refused {
        let before = board.clone();
        let err = board.edit_task(id, title, notes, acceptance).unwrap_err();
        assert_eq!(err, want);
        assert_eq!(
            board, before,
            "a refused edit changes no field, not even the valid ones"
        );
    }
    assert_eq!(
        BoardError::UnknownTask(TaskId(99)).to_string(),
        "There is no task #99."
    );
}

#[test]
fn only_one_task_is_ever_in_focus() {
    let (mut board, ids) = board_with(&["Fix login", "Write docs"]);
    let (login, docs) = (ids[0], ids[1]);
    board.focus(login, at(10)).unwrap();
    assert_eq!(board.in_focus().map(|t| t.id), Some(login));
    assert_eq!(board.get(login).unwrap().first_focused_at, Some(at(10)));

    let before = board.clone();
    let err = board.focus(docs, at(11)).unwrap_err();
    assert_eq!(
        err,
        BoardError::FocusTaken {
            id: login,
            title: "Fix login".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "\"Fix login\" is in focus. Park it or finish it first."
    );
    assert_eq!(board, before, "WIP = 1: the second focus is refused");

    board
        .focus(login, at(12))
        .expect("focusing the task in focus is a no-op");
    assert_eq!(board, before, "and changes nothing");

    board.park(login).unwrap();
    board.focus(docs, at(13)).unwrap();
    board.park(docs).unwrap();
    board.focus(login, at(14)).unwrap();
    assert_eq!(
        board.get(login).unwrap().first_focused_at,
        Some(at(10)),
        "the first focus is remembered, not overwritten"
    );

    board
        .finish(login, Some("Spike, no code".into()), at(15))
        .unwrap();
    let before = board.clone();
    let err = board.focus(login, at(16)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "\"Fix login\" is done. Reopen it to focus it."
    );
    assert_eq!(board, before);
    board
        .focus(docs, at(17))
        .expect("finishing frees the focus");
}

#[test]
fn park_and_to_backlog_move_between_columns() {
    let (mut board, ids) = board_with(&["A", "B", "C"]);
    let (a, b, c) = (ids[0], ids[1], ids[2]);
    board.focus(a, t0()).unwrap();
    board.to_backlog(a).unwrap();
    assert_eq!(backlog_titles(&board), ["B", "C", "A"], "back to the end");
    assert!(board.in_focus().is_none());

    board.park(b).unwrap();
    board.park(b).expect("parking a parked task is a no-op");
    assert_eq!(board.get(b).unwrap().column, Column::Parked);
    board.to_backlog(b).unwrap();
    assert_eq!(backlog_titles(&board), ["C", "A", "B"]);
    let before = board.clone();
    board
        .to_backlog(c)
        .expect("a backlog task stays where it is");
    assert_eq!(board, before);

    board.finish(c, Some("dropped".into()), t0()).unwrap();
    let before = board.clone();
    for (result, action) in [
        (board.park(c), "park it"),
        (board.to_backlog(c), "put it back in the backlog"),
    ] {
        assert_eq!(
            result.unwrap_err().to_string(),
            format!("\"C\" is done. Reopen it to {action}.")
        );
    }
    assert_eq!(board, before, "a done task only moves by reopening");
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
fn reopening_sends_a_done_task_to_the_end_of_the_backlog() {
    let (mut board, ids) = board_with(&["A", "B"]);
    let (a, b) = (ids[0], ids[1]);
    board.focus(a, at(1)).unwrap();
    board.check(a, 0, at(2)).unwrap();
    board.finish(a, Some("moved on".into()), at(3)).unwrap();
    assert_eq!(
        board.finish(a, None, at(4)).unwrap_err().to_string(),
        "\"A\" is already done."
    );
    let before = board.clone();
    assert_eq!(
        board.reopen(b).unwrap_err().to_string(),
        "\"B\" is not done, so there is nothing to reopen."
    );
    assert_eq!(board, before);

    board.reopen(a).unwrap();
    let task = board.get(a).unwrap();
    assert_eq!(task.column, Column::Backlog);
    assert_eq!(
        (task.done_at, task.override_reason.as_deref()),
        (None, None)
    );
    assert_eq!(task.steps[0].done_at, Some(at(2)), "ticks survive a reopen");
    assert_eq!(task.first_focused_at, Some(at(1)));
    assert_eq!(backlog_titles(&board), ["B", "A"]);
}

#[test]
fn a_parked_thought_never_touches_the_task_in_focus() {
    let (mut board, ids) = board_with(&["Fix login"]);
    let id = ids[0];
    board.focus(id, t0()).unwrap();
    board.check(id, 0, at(1)).unwrap();
    let focused = board.in_focus().cloned();
    let thought = board
        .park_thought("  Ask Bob about the cache ", at(2))
        .unwrap();
    assert_eq!(board.in_focus().cloned(), focused, "focus is left alone");
    let task = board.get(thought).unwrap();
    assert_eq!(task.column, Column::Parked);
    assert_eq!(task.title, "Ask Bob about the cache");
    assert_eq!(task.created_at, at(2));
    assert_eq!(task.steps.len(), 7, "a thought gets the checklist too");
    let before = board.clone();
    assert_eq!(board.park_thought("", at(3)), Err(BoardError::EmptyTitle));
    assert_eq!(board, before);
}

#[test]
fn backlog_tasks_can_be_reordered_among_themselves() {
    // (task to move by title, position, expected backlog order)
    let cases: &[(&str, usize, &[&str])] = &[
        ("D", 0, &["D", "A", "C", "E"]),
        ("A", 3, &["C", "D", "E", "A"]),
        ("C", 2, &["A", "D", "C", "E"]),
        ("E", 1, &["A", "E", "C", "D"]),
        ("C", 1, &["A", "C", "D", "E"]),
    ];
    for (title, to, want) in cases {
        let (mut board, ids) = board_with(&["A", "B", "C", "D", "E"]);
        board.park(ids[1]).unwrap();
        let id = board.tasks.iter().find(|t| t.title == *title).unwrap().id;
        board.move_in_backlog(id, *to).unwrap();
        assert_eq!(backlog_titles(&board), *want, "move {title} to {to}");
        assert_eq!(
            board.tasks.iter().position(|t| t.id == ids[1]),
            Some(1),
            "tasks outside the backlog keep their place"
        );
    }

    let (mut board, ids) = board_with(&["A", "B", "C"]);
    board.park(ids[1]).unwrap();
    let before = board.clone();
    let refused = [
        (ids[0], 2, "Position 2 is outside the backlog (0 to 1)."),
        (
            ids[0],
            usize::MAX,
            &*format!("Position {} is outside the backlog (0 to 1).", usize::MAX),
        ),
        (
            ids[1],
            0,
            "\"B\" is not in the backlog; only backlog tasks can be reordered.",
        ),
        (TaskId(42), 0, "There is no task #42."),
    ];
    for (id, to, message) in refused {
        let err = board.move_in_backlog(id, to).unwrap_err();
        assert_eq!(err.to_string(), message);
        assert_eq!(board, before, "a refused move changes nothing");
    }
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

#[test]
fn the_board_survives_json_and_reads_old_json_with_missing_fields() {
    let (mut board, ids) = board_with(&["A", "B"]);
    board.set_strict(false).unwrap();
    board.focus(ids[0], at(1)).unwrap();
    board.check(ids[0], 2, at(2)).unwrap();
    board.park_thought("idea", at(3)).unwrap();
    let json = serde_json::to_string(&board).unwrap();
    let back: Board = serde_json::from_str(&json).unwrap();
    assert_eq!(back, board, "the store keeps the board as JSON");

    let old = r#"{"tasks":[{"id":7,"title":"Legacy","column":"backlog",
        "created_at":"2026-11-27T09:00:00Z","steps":[{"title":"t","kind":"test"}]}]}"#;
    let mut board: Board = serde_json::from_str(old).unwrap();
    assert!(board.strict, "missing fields take the defaults");
    assert_eq!(board.template, default_template());
    let task = board.get(TaskId(7)).unwrap();
    assert_eq!((task.notes.as_str(), task.steps[0].violation), ("", false));
    let id = board.add_task("New", "", &[], t0()).unwrap();
    assert_eq!(
        id,
        TaskId(8),
        "ids on the board are never reused, even with next_id missing"
    );
    let json = serde_json::to_value(Column::Parked).unwrap();
    assert_eq!(json, "parked");
    assert_eq!(serde_json::to_value(TaskId(3)).unwrap(), 3);
}

// ---- Property test ----

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
        // The model: the steps that were ticked as code while a test step was open, and not
        // unticked since.
        let mut flagged: BTreeSet<(TaskId, usize)> = BTreeSet::new();
        let mut flagging_ticks = 0usize;
        let mut unticked_flags = 0usize;
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
                            flagging_ticks += 1;
                            flagged.insert((TaskId(i), s));
                        }
                    }
                    result.map(drop)
                }
                Op::Uncheck(i, s) => {
                    let result = board.uncheck(TaskId(i), s);
                    if result.is_ok() && flagged.remove(&(TaskId(i), s)) {
                        unticked_flags += 1;
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
            prop_assert!(
                board.in_column(Column::Focus).count() <= 1,
                "WIP = 1: never two tasks in focus (after {:?})", op
            );
            let actual = flagged_steps(&board);
            if strict {
                prop_assert!(actual.is_empty(), "strict mode refuses instead of flagging");
            }
            prop_assert_eq!(
                actual.len(), flagging_ticks - unticked_flags,
                "one flag per code tick made while a test was open, minus the ones unticked"
            );
            prop_assert_eq!(&actual, &flagged, "the flags sit on exactly those steps");
            for task in &board.tasks {
                prop_assert_eq!(
                    task.done_at.is_some(), task.column == Column::Done,
                    "done_at is set exactly on done tasks"
                );
            }
        }
    }
}
