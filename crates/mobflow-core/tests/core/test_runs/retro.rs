//! The retro's test figures on a scripted session, run on the mob over the fake clock: every
//! figure exact, and the same when the session's retro is merged.

use mobflow_core::board::TaskId;
use mobflow_core::retro::{PointKind, Retro, TaskTests, TurnTests};
use mobflow_core::test_runs::TestSettingsPatch;
use mobflow_core::{Command, EndReason, Event, Mob, Record};

use super::{finish, run_tests, tests_patch, with_tests};
use crate::{at, mob_with, t0};

/// The script, in seconds from t0 (Ada and Bob, 5-minute turns, evidence and rotate-at-green
/// on with a 2-minute grace, "Login" in focus with its acceptance test ticked):
///
/// |   s | what                                                    | tests stand |
/// |----:|:--------------------------------------------------------|:------------|
/// |   0 | turn 1, Ada drives                                      |             |
/// |  64 | run 1 red (60–64): ticks "unit test failing"            | red         |
/// | 125 | run 3 asked for while run 2 goes on: queued             |             |
/// | 130 | run 2 green (120–130): ticks "green"; run 3 starts      | green       |
/// | 140 | run 3 green                                             | green       |
/// | 210 | run 4 red (200–210)                                     | red         |
/// | 300 | time up, red: waits for green until 420                 |             |
/// | 345 | run 5 red (330–345)                                     | red         |
/// | 372 | run 6 green (360–372): turn 1 hands over at the green   | green       |
/// | 380 | turn 2, Bob drives                                      |             |
/// | 410 | run 7 timed out (400–410)                               | red         |
/// | 680 | time up, red: waits until 800                           |             |
/// | 710 | run 8 red (700–710)                                     | red         |
/// | 800 | the grace runs out: turn 2 hands over, still red        |             |
/// | 810 | the session ends                                        |             |
fn scripted_session() -> (Mob, Vec<Record>) {
    let mut mob = with_tests(mob_with(&["Ada", "Bob"]));
    let on = TestSettingsPatch {
        evidence: Some(true),
        rotate_at_green: Some(true),
        green_grace_minutes: Some(2),
        ..Default::default()
    };
    let task = TaskId(1);
    for command in [
        tests_patch(on),
        Command::SetTurnLength { minutes: 5 },
        Command::AddTask {
            title: "Login".into(),
            notes: String::new(),
            acceptance: vec![],
        },
        Command::FocusTask { task },
        Command::CheckStep { task, step: 0 },
    ] {
        mob.apply(&command, t0()).unwrap();
    }
    let red = |run| finish(run, Some(1));
    let green = |run| finish(run, Some(0));
    let timed_out = Command::FinishTestRun {
        run: 7,
        exit_code: None,
        timed_out: true,
        output_tail: "still running".into(),
    };
    let script: Vec<(i64, Command)> = vec![
        (0, Command::Start),
        (60, run_tests()),
        (64, red(1)),
        (120, run_tests()),
        (125, run_tests()),
        (130, green(2)),
        (140, green(3)),
        (200, run_tests()),
        (210, red(4)),
        (330, run_tests()),
        (345, red(5)),
        (360, run_tests()),
        (372, green(6)),
        (380, Command::Start),
        (400, run_tests()),
        (410, timed_out),
        (700, run_tests()),
        (710, red(8)),
        (810, Command::EndSession),
    ];
    let mut records = Vec::new();
    for (s, command) in script {
        let made = mob
            .apply(&command, at(s))
            .unwrap_or_else(|e| panic!("{command:?} at {s}s: {e}"));
        records.extend(made);
    }
    (mob, records)
}

#[test]
fn the_scripted_session_runs_as_the_script_says() {
    let (mob, records) = scripted_session();
    let ends: Vec<_> = records
        .iter()
        .filter_map(|r| match r.event {
            Event::TurnEnded { turn, reason, .. } => Some((turn, r.at, reason)),
            _ => None,
        })
        .collect();
    assert_eq!(
        ends,
        [
            (1, at(372), EndReason::Green),
            (2, at(800), EndReason::StillRed)
        ],
        "turn 1 handed over at the green run, turn 2 when the grace ran out"
    );
    let task = mob.board.get(TaskId(1)).unwrap();
    let runs: Vec<_> = task.steps.iter().take(4).map(|s| s.run).collect();
    assert_eq!(
        runs,
        [None, Some(1), Some(2), None],
        "the failing unit test proven by run 1, green by run 2"
    );
}

#[test]
fn the_scripted_session_has_exact_test_figures() {
    let (_, records) = scripted_session();
    let retro = Retro::compute(&records, at(900));
    let t = &retro.tests;
    assert_eq!(
        (t.runs, t.green, t.red, t.timed_out),
        (8, 3, 5, 1),
        "runs 2, 3 and 6 green; 1, 4, 5, 7 (timed out) and 8 red"
    );
    assert_eq!(
        t.red_ms / 1000,
        66 + 135 + 27 + 300 + 100,
        "red: 64–130, 210–345–372, 410–710–810 (the session's end)"
    );
    assert_eq!(
        t.green_ms / 1000,
        10 + 70 + 38,
        "green: 130–140–210, 372–410"
    );
    assert_eq!(
        t.longest_red_ms / 1000,
        400,
        "the longest red stretch: 410 to the session's end at 810"
    );
    assert_eq!(t.cycles, 2, "red→green: run 1→2 and run 5→6");
    assert_eq!(
        (t.handovers_on_green, t.handovers_on_red),
        (1, 1),
        "turn 1 handed over on green, turn 2 on red"
    );
    assert_eq!(
        (t.waited_for_green, t.grace_ran_out),
        (1, 1),
        "one hand-over at the next green, one when the grace ran out"
    );
    assert_eq!(t.runs_per_turn, Some(4.0), "8 runs over 2 turns");
    assert_eq!(
        (retro.overrun.count, retro.overrun.total_ms / 1000),
        (2, 8 + 10),
        "the hand-overs after a wait for green count as overrun: 372–380 and 800–810"
    );
}

#[test]
fn the_scripted_session_counts_runs_per_turn_and_per_task() {
    let (_, records) = scripted_session();
    let retro = Retro::compute(&records, at(900));
    let t = &retro.tests;
    assert_eq!(
        t.turns,
        [
            TurnTests {
                session: Some(1),
                turn: 1,
                driver: "Ada".into(),
                runs: 6,
                green: 3,
                red: 3
            },
            TurnTests {
                session: Some(1),
                turn: 2,
                driver: "Bob".into(),
                runs: 2,
                green: 0,
                red: 2
            }
        ]
    );
    assert_eq!(
        t.tasks,
        [TaskTests {
            task: TaskId(1),
            title: "Login".into(),
            runs: 8,
            green: 3,
            red: 5,
            cycles: 2
        }]
    );
}

#[test]
fn the_scripted_session_marks_each_run_each_wait_for_green_and_each_proven_tick() {
    let (_, records) = scripted_session();
    let retro = Retro::compute(&records, at(900));
    let points: Vec<_> = retro
        .timeline
        .as_ref()
        .unwrap()
        .points
        .iter()
        .filter(|p| p.kind == PointKind::TestRun)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(
        points,
        [
            "run 1 red: exit 1 (4s)",
            "run 2 green (10s)",
            "run 3 green (10s)",
            "run 4 red: exit 1 (10s)",
            "time up while red: hand-over at the next green, or at 09:07 UTC",
            "run 5 red: exit 1 (15s)",
            "run 6 green (12s)",
            "handed over at the green run",
            "run 7 red: timed out (10s)",
            "time up while red: hand-over at the next green, or at 09:13 UTC",
            "run 8 red: exit 1 (10s)",
            "still red when the wait ran out: handed over"
        ],
        "every run is a point on the timeline, and so are the waits for green and their ends"
    );
    let steps: Vec<_> = retro
        .timeline
        .as_ref()
        .unwrap()
        .points
        .iter()
        .filter(|p| p.kind == PointKind::StepChecked)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(
        steps,
        [
            "#1 step 2: Unit test written and failing (red) (test run 1)",
            "#1 step 3: Code makes the tests pass (green) (test run 2)"
        ],
        "a tick by a run names it"
    );
}

#[test]
fn merged_the_scripted_session_keeps_its_figures_and_two_sessions_add_up() {
    let (mut mob, first) = scripted_session();
    let one = Retro::compute(&first, at(900));
    let merged = Retro::merge([one.clone()]);
    assert_eq!(
        merged.tests, one.tests,
        "a merge of one session changes nothing"
    );

    // A second session, red from its first run to its end: stretches never cross sessions.
    let mut second = Vec::new();
    for (s, command) in [
        (1000, Command::Start),
        (1010, run_tests()),
        (1020, finish(9, Some(1))),
        (1100, Command::EndSession),
    ] {
        second.extend(mob.apply(&command, at(s)).unwrap());
    }
    let two = Retro::compute(&second, at(1200));
    assert_eq!(
        (two.tests.red_ms, two.tests.cycles),
        (80_000, 0),
        "the new session does not inherit the first one's red"
    );
    let mut all = first.clone();
    all.extend(second.iter().cloned());
    let whole = Retro::compute(&all, at(1200));
    let merged = Retro::merge([one, two]);
    assert_eq!(
        merged.tests, whole.tests,
        "two sessions merged = computed over both"
    );
    assert_eq!(
        (
            whole.tests.runs,
            whole.tests.longest_red_ms,
            whole.tests.tasks[0].runs
        ),
        (9, 400_000, 9)
    );
}
