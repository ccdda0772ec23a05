//! Bounded everything, and text without control characters: the live board, the parking lot,
//! done tasks (archived to history), extensions; notes, mini-retro lines, acceptance lines and
//! reasons refused with the right message. And a wall clock set back while the app was away.

use mobflow_core::board::{
    Board, BoardError, Column, TaskId, MAX_DONE_KEPT, MAX_OPEN_TASKS, MAX_PARKED_TASKS,
};
use mobflow_core::{
    AwayChoice, Command, CoreError, Event, Mob, Phase, CLOCK_BACK_TOLERANCE_MS, MAX_LEFT_MINUTES,
    MAX_MEMBERS,
};

use super::{at, mob_with, t0};

fn add(title: &str) -> Command {
    Command::AddTask {
        title: title.into(),
        notes: String::new(),
        acceptance: vec![],
    }
}

/// Finishes task `id` (focused first) with a reason, as a mob in a hurry would.
fn finish(mob: &mut Mob, id: TaskId, s: i64) -> Vec<Event> {
    mob.apply(&Command::FocusTask { task: id }, at(s)).unwrap();
    let done = Command::FinishTask {
        task: id,
        override_reason: Some("spike".into()),
    };
    let records = mob.apply(&done, at(s)).unwrap();
    records.into_iter().map(|r| r.event).collect()
}

fn archived(events: &[Event]) -> Vec<TaskId> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::TaskArchived { task } => Some(task.id),
            _ => None,
        })
        .collect()
}

#[test]
fn the_roster_is_bounded() {
    let mut mob = Mob::default();
    for i in 0..MAX_MEMBERS {
        mob.apply(
            &Command::AddMember {
                name: format!("Member {i}"),
            },
            t0(),
        )
        .unwrap();
    }
    let before = mob.clone();
    let err = mob
        .apply(
            &Command::AddMember {
                name: "One more".into(),
            },
            t0(),
        )
        .unwrap_err();
    assert_eq!(err, CoreError::RosterFull { max: MAX_MEMBERS });
    assert_eq!(mob, before, "a refused member changes nothing");
}

#[test]
fn the_board_and_the_parking_lot_are_bounded_and_say_so() {
    let mut board = Board::default();
    for i in 0..MAX_PARKED_TASKS {
        board.park_thought(&format!("thought {i}"), t0()).unwrap();
    }
    let before = board.clone();
    assert_eq!(
        board.park_thought("one more", t0()),
        Err(BoardError::ParkingFull {
            max: MAX_PARKED_TASKS
        }),
        "the parking lot is full"
    );
    assert_eq!(board, before, "a refused thought adds nothing");
    let backlog = board.add_task("a backlog task", "", &[], t0()).unwrap();
    assert_eq!(
        board.park(backlog),
        Err(BoardError::ParkingFull {
            max: MAX_PARKED_TASKS
        }),
        "parking a task is refused too while the lot is full"
    );
    assert!(
        board.park(TaskId(1)).is_ok(),
        "parking a parked task changes nothing and is fine"
    );
    while board.open_count() < MAX_OPEN_TASKS {
        board.add_task("filler", "", &[], t0()).unwrap();
    }
    let err = board.add_task("too many", "", &[], t0()).unwrap_err();
    assert_eq!(
        err,
        BoardError::BoardFull {
            max: MAX_OPEN_TASKS
        }
    );
    assert!(
        err.to_string().contains("finish some first"),
        "the refusal says what to do: {err}"
    );
}

#[test]
fn done_tasks_beyond_the_limit_and_at_the_session_end_go_to_history_whole() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    mob.apply(&Command::Start, t0()).unwrap();
    let total = MAX_DONE_KEPT + 3;
    for i in 0..total {
        mob.apply(&add(&format!("task {i}")), at(1)).unwrap();
    }
    let mut archived_early = Vec::new();
    for i in 0..total {
        let events = finish(&mut mob, TaskId(i as u32 + 1), 2 + i as i64);
        archived_early.extend(archived(&events));
    }
    assert_eq!(
        archived_early,
        [TaskId(1), TaskId(2), TaskId(3)],
        "past {MAX_DONE_KEPT} done tasks, the oldest done leave the board first"
    );
    let done = mob.board.in_column(Column::Done).count();
    assert_eq!(
        done, MAX_DONE_KEPT,
        "the live board keeps at most the limit"
    );

    let records = mob.apply(&Command::EndSession, at(500)).unwrap();
    let kinds: Vec<_> = records.iter().map(|r| r.event.kind()).collect();
    assert_eq!(kinds.first(), Some(&"turn_ended"), "{kinds:?}");
    assert_eq!(
        kinds.last(),
        Some(&"session_ended"),
        "archived before the session closes, so they belong to it: {kinds:?}"
    );
    let events: Vec<Event> = records.iter().map(|r| r.event.clone()).collect();
    assert_eq!(
        archived(&events).len(),
        MAX_DONE_KEPT,
        "every done task is archived when its session ends"
    );
    assert!(
        records
            .iter()
            .filter(|r| r.event.kind() == "task_archived")
            .all(|r| r.session == Some(1)),
        "each archive belongs to the session"
    );
    match &events[1] {
        Event::TaskArchived { task } => {
            assert_eq!(task.title, "task 3", "the whole task goes to history");
            assert_eq!(task.override_reason.as_deref(), Some("spike"));
            assert_eq!(task.column, Column::Done);
        }
        other => panic!("expected an archived task, got {other:?}"),
    }
    assert_eq!(mob.board.tasks.len(), 0, "nothing done stays on the board");
    let json = serde_json::to_string(&events[1]).unwrap();
    let back: Event = serde_json::from_str(&json).unwrap();
    assert_eq!(
        back, events[1],
        "the archive is stored as JSON and read back"
    );

    let err = mob
        .apply(&Command::ReopenTask { task: TaskId(2) }, at(501))
        .unwrap_err();
    assert_eq!(
        err,
        CoreError::Board(BoardError::Archived(TaskId(2))),
        "an archived task is not 'unknown'"
    );
    assert!(err.to_string().contains("history"), "{err}");
    assert_eq!(
        mob.apply(&Command::ReopenTask { task: TaskId(999) }, at(501))
            .unwrap_err(),
        CoreError::Board(BoardError::UnknownTask(TaskId(999))),
        "an id never handed out is unknown"
    );
}

#[test]
fn open_tasks_stay_on_the_board_when_the_session_ends() {
    let mut mob = mob_with(&["Ada"]);
    mob.apply(&Command::Start, t0()).unwrap();
    mob.apply(&add("keep me"), at(1)).unwrap();
    mob.apply(
        &Command::ParkThought {
            text: "and me".into(),
        },
        at(1),
    )
    .unwrap();
    let records = mob.apply(&Command::EndSession, at(2)).unwrap();
    assert!(
        records.iter().all(|r| r.event.kind() != "task_archived"),
        "only done tasks are archived"
    );
    assert_eq!(mob.board.tasks.len(), 2, "open and parked tasks stay");
}

#[test]
fn an_extension_is_refused_past_the_most_time_a_turn_can_have_left() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    mob.apply(&Command::SetTurnLength { minutes: 60 }, t0())
        .unwrap();
    mob.apply(&Command::Start, t0()).unwrap();
    mob.apply(&Command::Extend { minutes: Some(60) }, t0())
        .expect("60 + 60 minutes is the limit, inclusive");
    let before = mob.clone();
    let err = mob
        .apply(&Command::Extend { minutes: Some(1) }, t0())
        .unwrap_err();
    assert_eq!(
        err,
        CoreError::ExtendTooFar {
            would: u64::from(MAX_LEFT_MINUTES) + 1,
            max: MAX_LEFT_MINUTES
        }
    );
    assert_eq!(mob, before, "a refused extension changes nothing");
    mob.apply(&Command::Pause, at(120)).unwrap();
    mob.apply(&Command::Extend { minutes: Some(2) }, at(130))
        .expect("two minutes passed, so two fit again (paused)");
    assert!(
        mob.apply(&Command::Extend { minutes: Some(1) }, at(140))
            .is_err(),
        "a paused turn is bounded too"
    );
}

#[test]
fn notes_and_mini_retro_lines_refuse_control_characters_as_notes() {
    let mut mob = mob_with(&["Ada", "Bob", "Cy"]);
    mob.apply(&Command::Start, t0()).unwrap();
    mob.apply(&Command::Next, at(1)).unwrap();
    let before = mob.clone();
    let err = mob
        .apply(
            &Command::SetHandoverNote {
                text: "next:\u{1b}[31m red".into(),
            },
            at(2),
        )
        .unwrap_err();
    assert_eq!(
        err,
        CoreError::TextHasControlChars {
            what: "A hand-over note"
        }
    );
    assert_eq!(
        err.to_string(),
        "A hand-over note cannot contain control characters such as line breaks or tabs.",
        "a note is not refused as a name"
    );
    assert_eq!(mob, before, "a refused note changes nothing");

    for s in 3..7 {
        mob.apply(&Command::Next, at(s)).unwrap();
    }
    assert!(
        mob.retro_prompt,
        "three people, three turns: a mini-retro is offered"
    );
    let err = mob
        .apply(
            &Command::MiniRetro {
                text: Some("good\tpace".into()),
            },
            at(8),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "A mini-retro line cannot contain control characters such as line breaks or tabs."
    );
    assert!(mob.retro_prompt, "the prompt stays after a refused line");
}

#[test]
fn board_text_refuses_control_characters_but_notes_keep_their_lines() {
    let mut board = Board::default();
    let id = board
        .add_task("Task", "first line\r\n\tindented", &[], t0())
        .unwrap();
    assert_eq!(
        board.get(id).unwrap().notes,
        "first line\n\tindented",
        "notes keep line breaks and tabs; Windows line ends become plain"
    );
    let before = board.clone();
    assert_eq!(
        board.add_task("Task", "bell\u{7}", &[], t0()),
        Err(BoardError::NotesHaveControlChars)
    );
    assert_eq!(
        board.add_task("Task", "", &["Given\ta tab".into()], t0()),
        Err(BoardError::AcceptanceLineHasControlChars {
            line: "Given a tab".into()
        })
    );
    assert_eq!(board, before, "refused text adds nothing");
    assert_eq!(
        board.finish(id, Some("no\u{0}time".into()), at(1)),
        Err(BoardError::ReasonHasControlChars)
    );
    assert_eq!(board, before, "a refused reason finishes nothing");
}

#[test]
fn a_clock_set_back_while_the_app_was_away_is_asked_about_like_a_long_gap() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    mob.apply(&Command::Start, t0()).unwrap();
    // Last alive at 60 s; the clock now reads an hour earlier.
    let from = at(60);
    let to = at(60 - 3600);
    let records = mob.notice_gap(from, to);
    assert!(
        matches!(records[..], [ref r] if matches!(r.event, Event::ClockJumped { by_ms: -3_600_000 })),
        "the live deadline moves back with the clock: {records:?}"
    );
    assert!(mob.away.is_some(), "how long it was away is unknown: ask");
    assert_eq!(
        mob.remaining_ms(at(60 - 3000)),
        540_000,
        "the timer stands still with the time it had when last alive"
    );
    let records = mob
        .apply(
            &Command::ResolveAway {
                choice: AwayChoice::Resume,
            },
            at(60 - 3500),
        )
        .unwrap();
    assert_eq!(records.last().unwrap().event.kind(), "time_away");
    assert_eq!(
        mob.remaining_ms(at(60 - 3500)),
        540_000,
        "resumed with the time it had"
    );

    // Drift under the tolerance is just time; outside a session nothing is asked.
    let mut mob = mob_with(&["Ada"]);
    mob.apply(&Command::Start, t0()).unwrap();
    let back = chrono::Duration::milliseconds(CLOCK_BACK_TOLERANCE_MS as i64);
    mob.notice_gap(at(60), at(60) - back);
    assert!(mob.away.is_none(), "a second back is drift");
    let mut idle = mob_with(&["Ada"]);
    idle.notice_gap(at(60), at(60 - 3600));
    assert!(
        idle.away.is_none() && idle.phase == Phase::Idle,
        "no session, nothing to ask"
    );
}
