//! Tasks, notes, hooks, skips and names: what a retro counts and marks.

use mobflow_core::board::{StepKind, TaskId};
use mobflow_core::retro::{PointKind, Retro};
use mobflow_core::{EndReason, Event, MemberId, Record};

use super::{at, ended, ev, finished, session, session_started, started, who};

#[test]
fn tasks_keep_their_last_finish_unless_reopened() {
    let records = vec![
        ev(0, session_started()),
        ev(100, finished(1, "Login", 0, Some(40), true)),
        ev(200, finished(2, "Logout", 50, None, false)),
        ev(
            250,
            Event::TaskReopened {
                task: TaskId(1),
                driver: None,
            },
        ),
        ev(300, finished(3, "Signup", 10, Some(20), true)),
        ev(400, finished(1, "Login v2", 0, Some(40), true)),
    ];
    let retro = Retro::compute(&records, at(400));
    let got: Vec<_> = retro
        .tasks
        .iter()
        .map(|t| {
            (
                t.task.0,
                t.title.as_str(),
                t.cycle_ms / 1000,
                t.test_first,
                t.override_reason.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (2, "Logout", 150, false, Some("spike")),
            (3, "Signup", 280, true, None),
            (1, "Login v2", 360, true, None),
        ],
        "cycle from first focus, else creation; a reopened task counts at its new finish"
    );
    assert_eq!(
        retro.test_first,
        Some(0.6667),
        "two of the three done test-first"
    );
    let reopened = Retro::compute(&records[..4], at(400));
    assert_eq!(reopened.tasks.len(), 1, "the reopened task is not finished");
    assert_eq!(
        Retro::compute(&records[..1], at(400)).test_first,
        None,
        "no finished tasks: no compliance figure"
    );
}

/// A turn with a rename, a parked thought, a ticked step, a skip, a retro line and three hooks
/// (one passed, one failed, one timed out).
fn annotated_turn() -> Vec<Record> {
    vec![
        ev(0, started(1, 0, Some(1))),
        ev(
            10,
            Event::MemberRenamed {
                member: MemberId(0),
                from: "Ada".into(),
                to: "Ada L.".into(),
            },
        ),
        ev(
            20,
            Event::TaskAdded {
                task: TaskId(9),
                title: "Try sqlx?".into(),
                parked: true,
                driver: Some(who(0)),
            },
        ),
        ev(
            25,
            Event::TaskAdded {
                task: TaskId(10),
                title: "Real task".into(),
                parked: false,
                driver: None,
            },
        ),
        ev(
            30,
            Event::StepChecked {
                task: TaskId(10),
                step: 0,
                title: "Write a failing test".into(),
                step_kind: StepKind::Test,
                violation: false,
                driver: Some(who(0)),
            },
        ),
        ev(
            40,
            Event::NavigatorSkipped {
                skipped: who(1),
                navigator: who(2),
            },
        ),
        ev(
            50,
            Event::MiniRetro {
                text: "Shorter turns".into(),
            },
        ),
        ev(60, hook_ran("cargo test", Some(0), false)),
        ev(61, hook_ran("cargo test", Some(101), false)),
        ev(62, hook_ran("sleep 99", None, true)),
        ev(70, ended(1, EndReason::RotatedEarly)),
    ]
}

#[test]
fn counts_lists_and_latest_names() {
    let retro = Retro::compute(&annotated_turn(), at(70));
    assert_eq!(retro.people[0].name, "Ada L.", "the latest name wins");
    assert_eq!(retro.parked_thoughts, 1, "only parked additions count");
    assert_eq!(retro.skips, 1, "one navigator skipped");
    assert_eq!(retro.retro_lines.len(), 1, "one mini-retro line");
    assert_eq!(
        retro.retro_lines[0].text, "Shorter turns",
        "the line as written"
    );
    assert_eq!(
        (retro.hooks.ran, retro.hooks.failed, retro.hooks.timed_out),
        (3, 2, 1),
        "a non-zero exit and a timeout both failed"
    );
    let texts: Vec<_> = retro
        .timeline
        .as_ref()
        .expect("computed from events")
        .points
        .iter()
        .map(|p| (p.kind, p.text.as_str(), p.who.as_deref()))
        .collect();
    assert_eq!(
        texts,
        [
            (PointKind::ParkedThought, "Try sqlx?", Some("Ada")),
            (
                PointKind::StepChecked,
                "#10 step 1: Write a failing test",
                Some("Ada")
            ),
            (PointKind::Skip, "Bob skipped; Cy navigates", Some("Bob")),
            (PointKind::RetroLine, "Shorter turns", None),
            (PointKind::Hook, "turn_ended: cargo test (exit 0)", None),
            (PointKind::Hook, "turn_ended: cargo test (exit 101)", None),
            (PointKind::Hook, "turn_ended: sleep 99 (timed out)", None),
        ],
        "a marker each, the driver named where there was one"
    );
}

#[test]
fn a_retro_survives_a_json_round_trip() {
    let retro = Retro::compute(&session(), at(5000));
    let json = serde_json::to_string(&retro).unwrap();
    let back: Retro = serde_json::from_str(&json).unwrap();
    assert_eq!(back, retro, "the UI and exports read the same JSON");
}

/// A `turn_ended` hook that ran `command`.
fn hook_ran(command: &str, exit_code: Option<i32>, timed_out: bool) -> Event {
    Event::HookRan {
        hook: "turn_ended".into(),
        command: command.into(),
        exit_code,
        timed_out,
        output_tail: String::new(),
    }
}
