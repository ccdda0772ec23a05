//! Ticks a run proves on the task in focus: red after the acceptance test ticks the failing
//! unit test, the green that follows ticks "green"; each tick names its run.

use mobflow_core::board::{StepKind, StepTemplate, TaskId};
use mobflow_core::test_runs::TestSettingsPatch;
use mobflow_core::{Command, Event, Mob};

use super::{one_run, tests_patch, with_tests};
use crate::{at, mob_with, t0};

const TASK: TaskId = TaskId(1);

/// A mob with a task in focus (the default checklist), tests set, and evidence `on`.
fn mob_with_task(evidence: bool) -> Mob {
    let mut mob = with_tests(mob_with(&["Ada", "Bob"]));
    let patch = TestSettingsPatch {
        evidence: Some(evidence),
        ..Default::default()
    };
    for command in [
        tests_patch(patch),
        Command::AddTask {
            title: "Login".into(),
            notes: String::new(),
            acceptance: vec![],
        },
        Command::FocusTask { task: TASK },
        Command::Start,
    ] {
        mob.apply(&command, t0()).unwrap();
    }
    mob
}

fn tick(mob: &mut Mob, step: u32) {
    mob.apply(&Command::CheckStep { task: TASK, step }, t0())
        .unwrap();
}

/// Which steps are ticked, and by which run.
fn steps(mob: &Mob) -> Vec<(bool, Option<u64>)> {
    let task = mob.board.get(TASK).unwrap();
    task.steps.iter().map(|s| (s.is_done(), s.run)).collect()
}

#[test]
fn red_after_the_acceptance_test_then_green_tick_their_steps_with_their_runs() {
    let mut mob = mob_with_task(true);
    one_run(&mut mob, 1, 2, Some(1));
    assert!(
        !steps(&mob)[1].0,
        "red before the acceptance test is ticked proves nothing"
    );
    tick(&mut mob, 0);
    let run = one_run(&mut mob, 10, 12, Some(1));
    assert_eq!(
        steps(&mob)[..3],
        [(true, None), (true, Some(run)), (false, None)],
        "the red run ticks the failing unit test, naming run {run}"
    );
    let green = one_run(&mut mob, 20, 25, Some(0));
    assert_eq!(
        steps(&mob)[..4],
        [
            (true, None),
            (true, Some(run)),
            (true, Some(green)),
            (false, None)
        ],
        "the green that follows ticks green; refactoring is for people to say"
    );
    one_run(&mut mob, 30, 31, Some(1));
    one_run(&mut mob, 40, 41, Some(0));
    assert_eq!(
        steps(&mob)[3],
        (false, None),
        "nothing else is ticked by runs"
    );
}

#[test]
fn a_tick_by_a_run_is_recorded_with_the_driver_and_the_run() {
    let mut mob = mob_with_task(true);
    tick(&mut mob, 0);
    mob.apply(&super::run_tests(), at(5)).unwrap();
    let records = mob.apply(&super::finish(1, Some(2)), at(8)).unwrap();
    let checked = records
        .iter()
        .find_map(|r| match &r.event {
            Event::StepChecked {
                step, run, driver, ..
            } => Some((*step, *run, driver.as_ref().map(|p| p.name.clone()))),
            _ => None,
        })
        .expect("the run ticked a step");
    assert_eq!(
        checked,
        (1, Some(1), Some("Ada".into())),
        "step 2 (0-based 1), by run 1, Ada at the keyboard"
    );
}

#[test]
fn green_without_a_red_before_it_proves_nothing() {
    let mut mob = mob_with_task(true);
    tick(&mut mob, 0);
    tick(&mut mob, 1);
    one_run(&mut mob, 1, 2, Some(0));
    assert_eq!(
        steps(&mob)[2],
        (false, None),
        "no red → green cycle was seen"
    );
    one_run(&mut mob, 3, 4, Some(1));
    one_run(&mut mob, 5, 6, Some(0));
    assert_eq!(
        steps(&mob)[2],
        (true, Some(3)),
        "red then green proves green"
    );
}

#[test]
fn evidence_is_off_by_default() {
    let mut mob = mob_with_task(false);
    tick(&mut mob, 0);
    one_run(&mut mob, 1, 2, Some(1));
    one_run(&mut mob, 3, 4, Some(0));
    assert_eq!(
        steps(&mob)[..3],
        [(true, None), (false, None), (false, None)],
        "with evidence off runs tick nothing"
    );
}

#[test]
fn the_user_can_untick_a_step_a_run_ticked_and_its_run_goes_with_it() {
    let mut mob = mob_with_task(true);
    tick(&mut mob, 0);
    one_run(&mut mob, 1, 2, Some(1));
    mob.apply(
        &Command::UncheckStep {
            task: TASK,
            step: 1,
        },
        at(3),
    )
    .expect("a tick by a run can be taken back");
    assert_eq!(steps(&mob)[1], (false, None), "unticked, no run left on it");
    one_run(&mut mob, 4, 5, Some(1));
    assert_eq!(
        steps(&mob)[1],
        (true, Some(2)),
        "the next red ticks it again"
    );
}

#[test]
fn runs_never_tick_out_of_order_nor_against_test_first_in_either_mode() {
    for strict in [true, false] {
        let mut mob = mob_with_task(true);
        mob.apply(&Command::SetStrict { strict }, t0()).unwrap();
        // The acceptance test is open: nothing a run does can be ticked in order.
        one_run(&mut mob, 1, 2, Some(1));
        one_run(&mut mob, 3, 4, Some(0));
        assert!(
            steps(&mob).iter().all(|(done, _)| !done),
            "strict {strict}: nothing ticked while the first step is open"
        );
        let task = mob.board.get(TASK).unwrap();
        assert!(
            task.steps.iter().all(|s| !s.violation),
            "strict {strict}: a run never flags a step"
        );
    }
}

#[test]
fn with_a_template_of_its_own_a_run_proves_the_same_roles() {
    let mut mob = mob_with(&["Ada"]);
    let steps_of = [
        ("Example written", StepKind::Test),
        ("Spec red", StepKind::Test),
        ("Another test", StepKind::Test),
        ("Passes", StepKind::Code),
        ("Shipped", StepKind::Delivery),
    ];
    let template = steps_of
        .iter()
        .map(|(title, kind)| StepTemplate::new(*title, *kind))
        .collect();
    mob.apply(&Command::SetChecklist { steps: template }, t0())
        .unwrap();
    let mut mob = with_tests(mob);
    let on = TestSettingsPatch {
        evidence: Some(true),
        ..Default::default()
    };
    for command in [
        tests_patch(on),
        Command::AddTask {
            title: "Login".into(),
            notes: String::new(),
            acceptance: vec![],
        },
        Command::FocusTask { task: TASK },
        Command::CheckStep {
            task: TASK,
            step: 0,
        },
    ] {
        mob.apply(&command, t0()).unwrap();
    }
    one_run(&mut mob, 1, 2, Some(1));
    one_run(&mut mob, 3, 4, Some(1));
    one_run(&mut mob, 5, 6, Some(0));
    assert_eq!(
        steps(&mob),
        [
            (true, None),
            (true, Some(1)),
            (true, Some(2)),
            (true, Some(3)),
            (false, None)
        ],
        "each red ticks the next open test step, the green after them the first code step"
    );
}
