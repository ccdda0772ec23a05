//! Rotate at the next green: a turn whose time is up while the tests are red waits for the
//! first green run, at most the grace, and the history says which ended it.

use mobflow_core::test_runs::{GreenWait, TestSettingsPatch};
use mobflow_core::{Command, EndReason, Event, Mob, Phase, Record};

use super::{finish, one_run, run_tests, tests_patch, with_tests};
use crate::{at, mob_with, t0, Clock};

/// Ada and Bob, 5-minute turns, tests set, rotate-at-green `on` with a 2-minute grace, and a
/// turn started at t0 (its time is up at 300 s).
fn mob(on: bool) -> Mob {
    let mut mob = with_tests(mob_with(&["Ada", "Bob"]));
    let patch = TestSettingsPatch {
        rotate_at_green: Some(on),
        green_grace_minutes: Some(2),
        ..Default::default()
    };
    mob.apply(&tests_patch(patch), t0()).unwrap();
    mob.apply(&Command::SetTurnLength { minutes: 5 }, t0())
        .unwrap();
    mob.apply(&Command::Start, t0()).unwrap();
    mob
}

/// How the turn ended in `records`: when, and why.
fn turn_end(records: &[Record]) -> Option<(i64, EndReason)> {
    records.iter().find_map(|r| match r.event {
        Event::TurnEnded { reason, .. } => Some(((r.at - at(0)).num_seconds(), reason)),
        _ => None,
    })
}

#[test]
fn off_by_default_the_turn_hands_over_at_its_time_even_when_red() {
    let mut mob = with_tests(mob_with(&["Ada", "Bob"]));
    mob.apply(&Command::Start, t0()).unwrap();
    one_run(&mut mob, 10, 20, Some(1));
    let records = mob.advance(at(600));
    assert_eq!(turn_end(&records), Some((600, EndReason::TimeUp)));
}

#[test]
fn with_green_or_no_result_the_turn_hands_over_at_its_time() {
    for result in [None, Some(Some(0))] {
        let mut mob = mob(true);
        if let Some(code) = result {
            one_run(&mut mob, 10, 20, code);
        }
        let records = mob.advance(at(301));
        assert_eq!(
            turn_end(&records),
            Some((300, EndReason::TimeUp)),
            "tests {result:?}: not red, so no waiting"
        );
    }
}

#[test]
fn red_at_the_time_waits_and_the_first_green_run_hands_over() {
    let mut clock = Clock::start();
    let mut mob = mob(true);
    one_run(&mut mob, 100, 110, Some(1));
    clock.step_secs(300);
    let records = mob.advance(clock.step_secs(1));
    assert!(
        matches!(
            records[..],
            [Record {
                event: Event::WaitingForGreen { turn: 1, until },
                ..
            }] if until == at(420)
        ),
        "the wait is recorded at the time up, with its end: {records:?}"
    );
    assert!(records[0].at == at(300), "recorded when the time was up");
    assert!(
        matches!(mob.phase, Phase::Running { .. }),
        "the turn goes on"
    );
    assert_eq!(mob.remaining_ms(clock.now()), 0, "no time left");
    assert_eq!(
        mob.green_wait_left_ms(clock.now()),
        Some(119_000),
        "hand-over at the next green, or in 1:59"
    );
    assert!(mob.advance(at(350)).is_empty(), "still waiting");
    one_run(&mut mob, 360, 365, Some(1));
    assert!(
        matches!(mob.phase, Phase::Running { .. }),
        "red again: waits on"
    );
    mob.apply(&run_tests(), at(370)).unwrap();
    let records = mob.apply(&finish(3, Some(0)), at(380)).unwrap();
    assert_eq!(
        turn_end(&records),
        Some((380, EndReason::Green)),
        "the green run hands over, and the history says so"
    );
    assert_eq!(mob.phase, Phase::Handover { since: at(380) });
    assert_eq!(mob.tests.green_wait, None);
    assert_eq!(crate::roles(&mob), crate::pair("Bob", Some("Ada")));
}

#[test]
fn red_through_the_grace_hands_over_when_it_runs_out() {
    let mut mob = mob(true);
    one_run(&mut mob, 100, 110, Some(1));
    mob.advance(at(300));
    one_run(&mut mob, 350, 360, Some(1));
    let records = mob.advance(at(999));
    assert_eq!(
        turn_end(&records),
        Some((420, EndReason::StillRed)),
        "at the grace's end, not when noticed; the history says it was still red"
    );
    assert_eq!(mob.phase, Phase::Handover { since: at(420) });
}

#[test]
fn noticed_late_the_wait_and_its_end_are_both_recorded() {
    let mut mob = mob(true);
    one_run(&mut mob, 100, 110, Some(1));
    let records = mob.advance(at(1000));
    let kinds: Vec<_> = records.iter().map(|r| (r.event.kind(), r.at)).collect();
    assert_eq!(
        kinds[..2],
        [("waiting_for_green", at(300)), ("turn_ended", at(420))],
        "one advance records the wait and its end at their own times"
    );
}

#[test]
fn more_time_rotate_now_or_turning_it_off_end_the_wait() {
    let mut extended = mob(true);
    one_run(&mut extended, 100, 110, Some(1));
    extended.advance(at(330));
    extended
        .apply(&Command::Extend { minutes: Some(1) }, at(330))
        .unwrap();
    assert_eq!(
        extended.tests.green_wait, None,
        "extended: no longer waiting"
    );
    assert_eq!(
        extended.remaining_ms(at(330)),
        60_000,
        "the minute counts from now, not from the passed deadline"
    );

    let mut rotated = mob(true);
    one_run(&mut rotated, 100, 110, Some(1));
    rotated.advance(at(330));
    let records = rotated.apply(&Command::Next, at(340)).unwrap();
    assert_eq!(turn_end(&records), Some((340, EndReason::RotatedEarly)));

    let mut off = mob(true);
    one_run(&mut off, 100, 110, Some(1));
    off.advance(at(330));
    let patch = TestSettingsPatch {
        rotate_at_green: Some(false),
        ..Default::default()
    };
    off.apply(&tests_patch(patch), at(340)).unwrap();
    let records = off.advance(at(341));
    assert_eq!(
        turn_end(&records),
        Some((341, EndReason::TimeUp)),
        "turned off while waiting: the turn hands over at once"
    );
}

#[test]
fn a_clock_jump_moves_the_wait_with_the_deadline() {
    let mut mob = mob(true);
    one_run(&mut mob, 100, 110, Some(1));
    mob.advance(at(330));
    mob.clock_jumped(chrono::Duration::seconds(3600), at(3930));
    assert_eq!(
        mob.tests.green_wait,
        Some(GreenWait {
            since: at(3900),
            until: at(4020)
        }),
        "the wait keeps its place against the moved deadline"
    );
    assert_eq!(mob.green_wait_left_ms(at(3930)), Some(90_000));
}
