//! Odd event sequences: the retro never panics and keeps its invariants.

use mobflow_core::board::TaskId;
use mobflow_core::retro::{Retro, SegmentKind};
use mobflow_core::{AwayChoice, EndReason, Event, Record};
use proptest::prelude::*;

use super::{at, brk, ended, finished, paused, resumed, who};

pub(super) fn any_event() -> impl Strategy<Value = Event> {
    let person = (0u32..4).prop_map(who);
    let reason = prop::sample::select(vec![
        EndReason::TimeUp,
        EndReason::RotatedEarly,
        EndReason::SessionEnded,
        EndReason::Break,
        EndReason::Away,
    ]);
    let choice = prop::sample::select(vec![
        AwayChoice::Break,
        AwayChoice::Resume,
        AwayChoice::EndSession,
    ]);
    prop_oneof![
        4 => (1u32..5, person.clone(), prop::option::of(person.clone()))
            .prop_map(|(turn, driver, navigator)| Event::TurnStarted {
                turn, driver, navigator, deadline: at(0)
            }),
        4 => (1u32..5, reason).prop_map(|(turn, reason)| ended(turn, reason)),
        2 => Just(paused(1)),
        2 => Just(resumed(1)),
        1 => (1u64..4).prop_map(|session| Event::SessionStarted { session }),
        1 => (1u64..4).prop_map(|session| Event::SessionEnded { session, turns: 0 }),
        1 => any::<bool>().prop_map(brk),
        1 => any::<u64>().prop_map(|taken_ms| Event::BreakEnded { taken_ms, early: false }),
        1 => Just(Event::BreakSkipped),
        1 => (-5000i64..5000, any::<u64>(), choice).prop_map(|(from, away_ms, choice)| {
            Event::TimeAway { from: at(from), away_ms, choice }
        }),
        1 => (0u32..3, any::<bool>()).prop_map(|(task, ok)| finished(task, "t", -100, Some(50), ok)),
        1 => (0u32..3).prop_map(|task| Event::TaskReopened { task: TaskId(task), driver: None }),
        1 => (person.clone(), person).prop_map(|(skipped, navigator)| {
            Event::NavigatorSkipped { skipped, navigator }
        }),
    ]
}

proptest! {
    #[test]
    fn odd_sequences_never_panic_and_keep_the_invariants(
        steps in prop::collection::vec((-50i64..400, any::<event_session::Session>(), any_event()), 0..60),
        until in 0i64..20_000,
    ) {
        let mut s = 0;
        let records: Vec<Record> = steps
            .into_iter()
            .map(|(delta, session, event)| {
                s += delta;
                Record { at: at(s), session: session.0, event }
            })
            .collect();
        let retro = Retro::compute(&records, at(until));
        let per_person: u64 = retro.people.iter().map(|p| p.keyboard_ms).sum();
        prop_assert_eq!(per_person, retro.keyboard_ms, "the total is the sum of the people");
        prop_assert!(retro.keyboard_ms <= retro.span_ms, "keyboard time fits in the span");
        let shares: f64 = retro.people.iter().map(|p| p.share).sum();
        prop_assert!(retro.keyboard_ms == 0 || (shares - 1.0).abs() < 1e-3, "shares add up to 1");
        if let Some(end) = retro.end {
            prop_assert!(end <= at(until), "nothing reaches past until");
        }
        let timeline = retro.timeline.as_ref().expect("computed from events");
        let solid: Vec<_> = timeline
            .segments
            .iter()
            .filter(|s| s.kind != SegmentKind::Away)
            .collect();
        for pair in solid.windows(2) {
            prop_assert!(pair[0].end <= pair[1].start, "solid segments never overlap: {:?}", pair);
        }
        for segment in &timeline.segments {
            prop_assert!(segment.start < segment.end, "no empty or reversed segments");
        }
        let json = serde_json::to_string(&retro).unwrap();
        let back: Retro = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, retro, "the UI and exports read the same JSON");
    }
}

/// A session id for fuzzed records (mostly 1, sometimes none or another).
mod event_session {
    use proptest::prelude::*;

    #[derive(Debug, Clone, Copy)]
    pub struct Session(pub Option<u64>);

    impl Arbitrary for Session {
        type Parameters = ();
        type Strategy = BoxedStrategy<Session>;
        fn arbitrary_with(_: ()) -> Self::Strategy {
            prop_oneof![8 => Just(Some(1)), 1 => Just(None), 1 => Just(Some(2))]
                .prop_map(Session)
                .boxed()
        }
    }
}
