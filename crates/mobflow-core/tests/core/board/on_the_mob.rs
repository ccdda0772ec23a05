//! Board commands run on the mob: each records its event, with who was at the keyboard.

use mobflow_core::board::{default_template, TaskId};
use mobflow_core::{Command, Event, Mob};

use crate::{at, mob_with, t0};

fn add(title: &str) -> Command {
    Command::AddTask {
        title: title.into(),
        notes: String::new(),
        acceptance: vec![],
    }
}

/// The events `command` records on `mob` at `s` seconds.
fn run(mob: &mut Mob, command: &Command, s: i64) -> Vec<Event> {
    let records = mob
        .apply(command, at(s))
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    records.into_iter().map(|r| r.event).collect()
}

#[test]
fn every_task_command_records_its_event_and_who_was_driving() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    assert_eq!(
        run(&mut mob, &add("Fix login"), 0),
        [Event::TaskAdded {
            task: TaskId(1),
            title: "Fix login".into(),
            parked: false,
            driver: None
        }],
        "outside a turn nobody is at the keyboard"
    );
    mob.apply(&Command::Start, t0()).unwrap();
    let (task, other) = (TaskId(1), TaskId(3));
    let edit = Command::EditTask {
        task,
        title: Some("Fix the login".into()),
        notes: None,
        acceptance: None,
    };
    let finish = Command::FinishTask {
        task,
        override_reason: Some("a demo".into()),
    };
    let cases = [
        (
            Command::ParkThought {
                text: "idea".into(),
            },
            "task_added",
        ),
        (add("Docs"), "task_added"),
        (Command::MoveTask { task: other, to: 0 }, "task_moved"),
        (edit, "task_edited"),
        (Command::FocusTask { task }, "task_focused"),
        (Command::CheckStep { task, step: 0 }, "step_checked"),
        (Command::UncheckStep { task, step: 0 }, "step_unchecked"),
        (Command::ParkTask { task }, "task_parked"),
        (Command::UnparkTask { task }, "task_unparked"),
        (Command::FocusTask { task }, "task_focused"),
        (finish, "task_finished"),
        (Command::ReopenTask { task }, "task_reopened"),
    ];
    for (s, (command, kind)) in (1..).zip(cases) {
        let events = run(&mut mob, &command, s);
        let kinds: Vec<_> = events.iter().map(Event::kind).collect();
        assert_eq!(kinds, [kind], "{command:?} records one event");
        let event = serde_json::to_value(&events[0]).unwrap();
        assert_eq!(
            event["driver"]["name"], "Ada",
            "{command:?}: Ada was at the keyboard"
        );
    }
}

#[test]
fn the_board_settings_are_recorded_and_a_refusal_reaches_the_caller() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    let template = Command::SetChecklist {
        steps: default_template(),
    };
    assert_eq!(
        run(&mut mob, &Command::SetStrict { strict: false }, 0),
        [Event::StrictSet { strict: false }],
        "the board leaves strict mode"
    );
    assert_eq!(
        run(&mut mob, &template, 0),
        [Event::ChecklistSet { steps: 7 }],
        "the template's steps are counted"
    );
    run(&mut mob, &Command::SetStrict { strict: true }, 0);
    run(&mut mob, &add("Fix login"), 0);
    run(&mut mob, &Command::FocusTask { task: TaskId(1) }, 0);
    let before = mob.clone();
    let check = Command::CheckStep {
        task: TaskId(1),
        step: 2,
    };
    let err = mob.apply(&check, at(6)).unwrap_err();
    assert!(
        err.to_string().starts_with("Tests come first"),
        "a board refusal reaches the caller as it is: {err}"
    );
    assert_eq!(mob, before, "and changes nothing");
}
