//! Property test: no sequence of commands and clock moves breaks the invariants.

use chrono::Duration;
use mobflow_core::test_runs::TestSettingsPatch;
use mobflow_core::{
    AwayChoice, Command, MemberId, MemberRef, Mob, Phase, SettingsPatch, TestTrigger, Timestamp,
    MAX_LEFT_MINUTES,
};
use proptest::prelude::*;

use super::Clock;

#[derive(Debug, Clone)]
enum Step {
    Do(Command),
    Wait(i64),
    /// The machine slept (or the app was closed) this long; negative: the clock was set back
    /// meanwhile.
    Gap(i64),
    /// The wall clock jumped by this much.
    Jump(i64),
    /// The screen was locked, then unlocked this much later.
    Lock(i64),
}

fn member_ref() -> impl Strategy<Value = MemberRef> {
    prop_oneof![
        (0u32..8).prop_map(|i| MemberRef::Id(MemberId(i))),
        prop::sample::select(vec!["ada", "Bob", "CY", "di", "Eve", "nobody"])
            .prop_map(|s| MemberRef::Name(s.into())),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    let names = prop::sample::select(vec!["Ada", "Bob", "Cy", "Di", "Eve", "", " ada "]);
    prop_oneof![
        3 => names.prop_map(|n| Step::Do(Command::AddMember { name: n.into() })),
        1 => (member_ref(), prop::sample::select(vec!["Fay", "bob", "Gus", ""]))
            .prop_map(|(member, n)| Step::Do(Command::RenameMember { member, name: n.into() })),
        1 => member_ref().prop_map(|member| Step::Do(Command::RemoveMember { member })),
        1 => (member_ref(), 0u32..6).prop_map(|(member, to)| Step::Do(Command::MoveMember { member, to })),
        1 => (0u32..70).prop_map(|minutes| Step::Do(Command::SetTurnLength { minutes })),
        1 => any::<u32>().prop_map(|seed| Step::Do(Command::ShuffleRoster { seed })),
        2 => Just(Step::Do(Command::Start)),
        1 => Just(Step::Do(Command::Pause)),
        1 => Just(Step::Do(Command::Resume)),
        2 => Just(Step::Do(Command::Next)),
        1 => Just(Step::Do(Command::Skip)),
        1 => Just(Step::Do(Command::EndSession)),
        3 => (0i64..1_500_000).prop_map(Step::Wait),
        1 => (-3_600_000i64..10_000_000).prop_map(Step::Gap),
        1 => (-3_600_000i64..3_600_000).prop_map(Step::Jump),
        1 => (0i64..400_000).prop_map(Step::Lock),
        1 => (member_ref(), any::<bool>()).prop_map(|(member, away)| Step::Do(Command::SetAway { member, away })),
        1 => prop::option::of(0u32..70).prop_map(|minutes| Step::Do(Command::Extend { minutes })),
        1 => Just(Step::Do(Command::StartBreak)),
        1 => Just(Step::Do(Command::EndBreak)),
        1 => Just(Step::Do(Command::SkipBreak)),
        1 => prop::sample::select(vec!["", "run the failing test", "x"])
            .prop_map(|t| Step::Do(Command::SetHandoverNote { text: t.into() })),
        1 => prop::option::of(Just("pair on the parser".to_owned()))
            .prop_map(|text| Step::Do(Command::MiniRetro { text })),
        1 => prop::sample::select(vec![AwayChoice::Break, AwayChoice::Resume, AwayChoice::EndSession])
            .prop_map(|choice| Step::Do(Command::ResolveAway { choice })),
        1 => (any::<bool>(), prop::option::of(0u32..5), prop::sample::select(vec![0u32, 10, 30, 300]))
            .prop_map(|(auto_start, turns, every)| Step::Do(Command::UpdateSettings { patch: SettingsPatch {
                auto_start: Some(auto_start),
                break_every_turns: turns,
                break_every_minutes: Some(every),
                roles: Some(vec!["researcher".into()]),
                ..SettingsPatch::default()
            }})),
        2 => Just(Step::Do(Command::RunTests { trigger: TestTrigger::Watch })),
        2 => (0u64..6, prop::option::of(0i32..3), any::<bool>())
            .prop_map(|(run, exit_code, timed_out)| Step::Do(Command::FinishTestRun {
                run, exit_code, timed_out, output_tail: String::new(),
            })),
        1 => (prop::sample::select(vec!["", "make test"]), any::<bool>(), any::<bool>())
            .prop_map(|(command, rotate_at_green, evidence)| Step::Do(Command::UpdateSettings {
                patch: SettingsPatch {
                    tests: Some(Box::new(TestSettingsPatch {
                        command: Some(command.into()),
                        cwd: Some("/p".into()),
                        rotate_at_green: Some(rotate_at_green),
                        evidence: Some(evidence),
                        green_grace_minutes: Some(1),
                        ..TestSettingsPatch::default()
                    })),
                    ..SettingsPatch::default()
                },
            })),
    ]
}

fn check_invariants(mob: &Mob, now: Timestamp) -> Result<(), TestCaseError> {
    let members = mob.roster.members();
    let present = mob.roster.present_count();
    prop_assert!(
        mob.away.is_none() || mob.locked_since.is_none(),
        "a lock and time away waiting are never both on"
    );
    if mob.locked_since.is_some() {
        prop_assert!(
            mob.session.is_some(),
            "only a session's timer is stopped by a lock"
        );
    }
    if !matches!(mob.phase, Phase::Idle) {
        prop_assert!(
            mob.session.is_some(),
            "a turn or break belongs to a session"
        );
    }
    if matches!(mob.phase, Phase::Running { .. } | Phase::Paused { .. }) {
        prop_assert!(present >= 1, "a turn always has someone present");
        prop_assert!(
            mob.person(mob.driver).is_some(),
            "exactly one driver during a turn"
        );
    }
    if present >= 1 {
        let driver = mob.driver.expect("someone present: someone drives (next)");
        prop_assert!(
            mob.roster.is_present(driver),
            "the driver is present, never away"
        );
    }
    if present >= 2 {
        prop_assert!(mob.navigator.is_some(), "2+ present: someone navigates");
        prop_assert_ne!(mob.navigator, mob.driver, "navigator never equals driver");
    } else {
        prop_assert_eq!(mob.navigator, None, "alone or nobody: no navigator");
    }
    if let Some(navigator) = mob.navigator {
        prop_assert!(mob.roster.is_present(navigator), "the navigator is present");
    }
    for (_, holder) in mob.role_holders() {
        if let Some(h) = holder {
            prop_assert!(mob.roster.is_present(h), "role holders are present");
            prop_assert!(
                Some(h) != mob.driver && Some(h) != mob.navigator,
                "one role each"
            );
        }
    }
    prop_assert!(
        mob.remaining_ms(now) <= u64::from(MAX_LEFT_MINUTES) * 60_000,
        "extensions are bounded"
    );
    check_test_invariants(mob, now)?;
    let mut lower: Vec<String> = members.iter().map(|m| m.name.to_lowercase()).collect();
    lower.sort();
    lower.dedup();
    prop_assert_eq!(lower.len(), members.len(), "names unique ignoring case");
    Ok(())
}

/// The test runs' part of the invariants: waiting for green, and the run queue.
fn check_test_invariants(mob: &Mob, now: Timestamp) -> Result<(), TestCaseError> {
    if let (Phase::Running { .. }, None) = (&mob.phase, mob.away) {
        prop_assert!(
            mob.remaining_ms(now) > 0 || mob.tests.green_wait.is_some_and(|w| now < w.until),
            "a running turn has time left, or waits for green within its grace; else it handed over"
        );
    }
    if let Some(wait) = mob.tests.green_wait {
        prop_assert!(
            matches!(mob.phase, Phase::Running { .. }),
            "only a running turn waits for green"
        );
        let tests = &mob.settings.tests;
        let wait_on = tests.is_on() && tests.rotate_at_green;
        prop_assert!(
            mob.tests.last_red() || !wait_on || mob.away.is_some(),
            "a turn waits for green only while red (or until the next tick, once turned off)"
        );
        prop_assert!(wait.since < wait.until, "the grace is never empty");
    }
    if mob.tests.running.is_none() {
        prop_assert_eq!(
            mob.tests.queued,
            None,
            "a run is queued only behind one going on"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn no_sequence_breaks_the_invariants(steps in prop::collection::vec(step(), 1..60)) {
        let mut mob = Mob::default();
        let mut clock = Clock::start();
        for step in steps {
            match step {
                Step::Wait(ms) => {
                    mob.advance(clock.step_ms(ms));
                }
                Step::Gap(ms) => {
                    let from = clock.now();
                    mob.notice_gap(from, clock.step_ms(ms));
                }
                Step::Lock(ms) => {
                    // What was due by now happens first (the shell's ticker has advanced the mob
                    // before anything else sees it): the lock itself changes nothing.
                    mob.advance(clock.now());
                    let before = mob.remaining_ms(clock.now());
                    mob.screen_locked(clock.now());
                    let locked = mob.locked_since.is_some();
                    let now = clock.step_ms(ms);
                    prop_assert_eq!(mob.remaining_ms(now), before, "the timer stands still while locked");
                    mob.screen_unlocked(now);
                    prop_assert!(mob.locked_since.is_none(), "unlocked");
                    if locked && ms >= 120_000 {
                        prop_assert!(mob.away.is_some(), "a lock of {} ms asks what it was", ms);
                    }
                    if locked && ms < 120_000 {
                        prop_assert_eq!(mob.remaining_ms(now), before, "a short lock was a pause");
                    }
                }
                Step::Jump(ms) => {
                    mob.advance(clock.now());
                    let before = mob.remaining_ms(clock.now());
                    let now = clock.step_ms(ms);
                    mob.clock_jumped(Duration::milliseconds(ms), now);
                    prop_assert_eq!(mob.remaining_ms(now), before, "a clock jump keeps the time left");
                }
                Step::Do(command) => {
                    let now = clock.now();
                    let before = mob.clone();
                    let mut advanced = mob.clone();
                    advanced.advance(now);
                    match mob.apply(&command, now) {
                        Ok(records) => {
                            for r in &records {
                                prop_assert!(r.at <= now, "events are never in the future");
                            }
                            prop_assert!(
                                records.windows(2).all(|w| w[0].at <= w[1].at),
                                "events come in time order"
                            );
                            let ids_before: Vec<_> = advanced.roster.members().iter().map(|m| m.id).collect();
                            let ids_after: Vec<_> = mob.roster.members().iter().map(|m| m.id).collect();
                            if !matches!(command, Command::MoveMember { .. } | Command::ShuffleRoster { .. }) {
                                let kept: Vec<_> = ids_before.iter().filter(|id| ids_after.contains(id)).collect();
                                let still: Vec<_> = ids_after.iter().filter(|id| ids_before.contains(id)).collect();
                                prop_assert_eq!(kept, still, "roster order preserved by {:?}", command);
                            }
                        }
                        Err(_) => prop_assert_eq!(&mob, &before, "a refused {:?} changes nothing", command),
                    }
                }
            }
            check_invariants(&mob, clock.now())?;
        }
    }
}
