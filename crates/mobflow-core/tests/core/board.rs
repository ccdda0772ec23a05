//! The focus board: tasks validated, added, edited, moved between columns (WIP = 1) and kept
//! as JSON; its checklists in `checklist`, board commands run on the mob in `on_the_mob`, a
//! property test in `props`.

mod checklist;
mod on_the_mob;
mod props;

use mobflow_core::board::{default_template, Board, BoardError, Column, TaskId};

use super::{at, t0};

/// What a table case expects: the cleaned value, or the refusal.
pub type Expect<T> = Result<T, BoardError>;

/// The arguments of an edit: task, title, notes, acceptance.
type Edit = (TaskId, Option<String>, Option<String>, Option<Vec<String>>);

fn lines(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// A board holding one backlog task per title, in order.
pub fn board_with(titles: &[&str]) -> (Board, Vec<TaskId>) {
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
