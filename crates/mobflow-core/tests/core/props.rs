//! Property test: no sequence of commands and clock moves breaks the invariants.

use chrono::Duration;
use mobflow_core::{Command, MemberId, MemberRef, Mob, Phase};
use proptest::prelude::*;

use super::t0;

#[derive(Debug, Clone)]
enum Step {
    Do(Command),
    Wait(i64),
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
        2 => Just(Step::Do(Command::Start)),
        1 => Just(Step::Do(Command::Pause)),
        1 => Just(Step::Do(Command::Resume)),
        2 => Just(Step::Do(Command::Next)),
        1 => Just(Step::Do(Command::Skip)),
        1 => Just(Step::Do(Command::EndSession)),
        3 => (0i64..1_500_000).prop_map(Step::Wait),
    ]
}

fn check_invariants(mob: &Mob, now: chrono::DateTime<chrono::Utc>) -> Result<(), TestCaseError> {
    let members = mob.roster.members();
    let in_turn = !matches!(mob.phase, Phase::Idle);
    if in_turn {
        prop_assert!(
            mob.person(mob.driver).is_some(),
            "exactly one driver during a turn"
        );
        prop_assert!(mob.session.is_some(), "a turn belongs to a session");
    }
    if let Some(driver) = mob.driver {
        prop_assert!(
            mob.roster.get(driver).is_some(),
            "the driver is in the roster"
        );
    }
    if members.len() >= 2 {
        prop_assert!(mob.navigator.is_some(), "2+ members: someone navigates");
        prop_assert_ne!(mob.navigator, mob.driver, "navigator never equals driver");
    } else {
        prop_assert_eq!(mob.navigator, None);
    }
    if let Some(navigator) = mob.navigator {
        prop_assert!(
            mob.roster.get(navigator).is_some(),
            "the navigator is in the roster"
        );
    }
    if let Phase::Running { .. } = mob.phase {
        prop_assert!(
            mob.remaining_ms(now) > 0,
            "a running turn has time left, else it handed over"
        );
    }
    let mut lower: Vec<String> = members.iter().map(|m| m.name.to_lowercase()).collect();
    lower.sort();
    lower.dedup();
    prop_assert_eq!(lower.len(), members.len(), "names unique ignoring case");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn no_sequence_breaks_the_invariants(steps in prop::collection::vec(step(), 1..60)) {
        let mut mob = Mob::default();
        let mut now = t0();
        for step in steps {
            match step {
                Step::Wait(ms) => {
                    now += Duration::milliseconds(ms);
                    mob.advance(now);
                }
                Step::Do(command) => {
                    let before = mob.clone();
                    let mut advanced = mob.clone();
                    advanced.advance(now);
                    match mob.apply(&command, now) {
                        Ok(records) => {
                            for r in &records {
                                prop_assert!(r.at <= now, "events are never in the future");
                            }
                            let ids_before: Vec<_> = advanced.roster.members().iter().map(|m| m.id).collect();
                            let ids_after: Vec<_> = mob.roster.members().iter().map(|m| m.id).collect();
                            if !matches!(command, Command::MoveMember { .. }) {
                                let kept: Vec<_> = ids_before.iter().filter(|id| ids_after.contains(id)).collect();
                                let still: Vec<_> = ids_after.iter().filter(|id| ids_before.contains(id)).collect();
                                prop_assert_eq!(kept, still, "roster order preserved by {:?}", command);
                            }
                        }
                        Err(_) => prop_assert_eq!(&mob, &before, "a refused {:?} changes nothing", command),
                    }
                }
            }
            check_invariants(&mob, now)?;
        }
    }
}
