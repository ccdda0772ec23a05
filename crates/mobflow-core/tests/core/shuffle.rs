//! Shuffling the roster: the caller's seed decides the order, between turns only.

use std::collections::BTreeSet;

use mobflow_core::shuffle::permutation;
use mobflow_core::{Command, CoreError, Event, Mob, Phase};
use proptest::prelude::*;

use super::{at, by_name, mob_with, roles, t0};

fn names(mob: &Mob) -> Vec<String> {
    mob.roster
        .members()
        .iter()
        .map(|m| m.name.clone())
        .collect()
}

fn shuffle(seed: u32) -> Command {
    Command::ShuffleRoster { seed }
}

#[test]
fn the_same_seed_gives_the_same_order_and_the_order_always_changes() {
    let five = ["Ada", "Bob", "Cy", "Dee", "Eve"];
    let mut a = mob_with(&five);
    let mut b = mob_with(&five);
    a.apply(&shuffle(42), t0()).unwrap();
    b.apply(&shuffle(42), t0()).unwrap();
    assert_eq!(names(&a), names(&b), "the order is a function of the seed");
    for seed in 0..200 {
        let mut mob = mob_with(&five);
        mob.apply(&shuffle(seed), t0()).unwrap();
        let order = names(&mob);
        assert_ne!(
            order, five,
            "seed {seed}: a shuffle always changes the order"
        );
        let set: BTreeSet<_> = order.iter().map(String::as_str).collect();
        assert_eq!(set, five.into(), "seed {seed}: the same people, each once");
    }
    let mut two = mob_with(&["Ada", "Bob"]);
    two.apply(&shuffle(7), t0()).unwrap();
    assert_eq!(names(&two), ["Bob", "Ada"], "two people can only swap");
}

#[test]
fn every_other_order_of_three_comes_up_and_none_is_favoured_much() {
    // 3 people: 5 orders besides the current one. Over 3000 seeds each should come up
    // about 600 times; a biased draw (say, modulo bias or a swap loop off by one) shows.
    let mut counts = std::collections::BTreeMap::<Vec<usize>, u32>::new();
    for seed in 0..3000 {
        *counts.entry(permutation(3, seed)).or_default() += 1;
    }
    assert_eq!(counts.len(), 5, "every order but the identity: {counts:?}");
    for (order, n) in &counts {
        assert!(
            (450..=750).contains(n),
            "{order:?} came up {n} times in 3000, far from 600: {counts:?}"
        );
    }
}

#[test]
fn the_next_turn_starts_with_the_first_present_member_of_the_new_order() {
    let mut mob = mob_with(&["Ada", "Bob", "Cy", "Dee"]);
    mob.apply(
        &Command::SetAway {
            member: by_name("Ada"),
            away: true,
        },
        t0(),
    )
    .unwrap();
    let records = mob.apply(&shuffle(3), at(1)).unwrap();
    let order = names(&mob);
    let present: Vec<&String> = order.iter().filter(|n| *n != "Ada").collect();
    assert_eq!(
        roles(&mob),
        (Some(present[0].clone()), Some(present[1].clone())),
        "the first present member of {order:?} drives next, the one after navigates"
    );
    let [record] = records.as_slice() else {
        panic!("one event: {records:?}");
    };
    match &record.event {
        Event::RosterShuffled { seed, order: shown } => {
            assert_eq!(
                *seed, 3,
                "the seed is recorded, so the draw can be told again"
            );
            let shown: Vec<_> = shown.iter().map(|p| p.name.clone()).collect();
            assert_eq!(shown, order, "the event has the new order");
        }
        other => panic!("a shuffle records RosterShuffled, not {other:?}"),
    }
    assert_eq!(record.event.kind(), "roster_shuffled");
}

#[test]
fn a_shuffle_is_refused_during_a_turn_and_allowed_on_the_hand_over_and_a_break() {
    let mut mob = mob_with(&["Ada", "Bob", "Cy"]);
    mob.apply(&Command::Start, t0()).unwrap();
    for phase in ["running", "paused"] {
        if phase == "paused" {
            mob.apply(&Command::Pause, at(10)).unwrap();
        }
        let before = mob.clone();
        assert_eq!(
            mob.apply(&shuffle(1), at(20)),
            Err(CoreError::ShuffleInTurn),
            "{phase}: the seats would change under the people in them"
        );
        assert_eq!(mob, before, "{phase}: a refused shuffle changes nothing");
    }
    mob.apply(&Command::Next, at(30)).unwrap();
    assert!(matches!(mob.phase, Phase::Handover { .. }));
    mob.apply(&shuffle(1), at(31))
        .expect("on the hand-over the next turn has not started: it takes the new order");
    assert!(
        matches!(mob.phase, Phase::Handover { .. }),
        "still handing over"
    );
    mob.apply(&Command::StartBreak, at(32)).unwrap();
    mob.apply(&shuffle(2), at(33))
        .expect("a break is between turns");
    mob.apply(&Command::EndBreak, at(34)).unwrap();
    let driver = mob.driver;
    mob.apply(&Command::Start, at(35)).unwrap();
    assert_eq!(
        mob.driver, driver,
        "the turn after the shuffle starts with the driver the shuffle picked"
    );
    let mut one = mob_with(&["Ada"]);
    assert_eq!(
        one.apply(&shuffle(1), t0()),
        Err(CoreError::TooFewToShuffle)
    );
}

proptest! {
    #[test]
    fn a_permutation_holds_every_place_once_and_moves_someone(n in 0usize..12, seed: u32) {
        let order = permutation(n, seed);
        let mut sorted = order.clone();
        sorted.sort_unstable();
        prop_assert_eq!(sorted, (0..n).collect::<Vec<_>>(), "every place once");
        if n >= 2 {
            prop_assert!(order != (0..n).collect::<Vec<_>>(), "someone moves");
        }
        prop_assert_eq!(permutation(n, seed), order, "the same seed, the same order");
    }
}
