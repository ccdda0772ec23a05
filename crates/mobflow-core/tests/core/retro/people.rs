//! Who drove how long, fairness, and the timeline's segments.

use mobflow_core::retro::{PointKind, Retro, SegmentKind};
use mobflow_core::{AwayChoice, EndReason};

use super::{at, ended, ev, session, started};
use crate::t0;

#[test]
fn keyboard_time_is_credited_to_each_driver_with_shares_and_fairness() {
    let retro = Retro::compute(&session(), at(5000));
    assert_eq!(retro.sessions, [1], "every record is of session 1");
    assert_eq!(retro.keyboard_ms, 900_000, "600 + 210 + 90 seconds");
    let got: Vec<_> = retro
        .people
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.keyboard_ms / 1000,
                p.turns_driven,
                p.turns_navigated,
            )
        })
        .collect();
    assert_eq!(
        got,
        [("Ada", 600, 1, 1), ("Bob", 210, 1, 1), ("Cy", 90, 1, 1)],
        "most keyboard time first; Bob's pause is not his"
    );
    let shares: Vec<f64> = retro.fairness.shares.iter().map(|s| s.share).collect();
    assert_eq!(shares, [0.6667, 0.2333, 0.1], "rounded to 4 decimals");
    assert_eq!(retro.fairness.ratio, Some(6.6667), "600 s against 90 s");
    assert_eq!(
        retro.overrun.average_ms,
        Some(30_000),
        "one overrun: 600 to 630 s"
    );
    assert_eq!(retro.handover_notes.len(), 1, "the one note at 905 s");
    assert_eq!(retro.end, Some(at(1000)), "everything closed by the end");
}

#[test]
fn fairness_needs_two_drivers_with_keyboard_time() {
    let solo = vec![
        ev(0, started(1, 0, Some(1))),
        ev(60, ended(1, EndReason::RotatedEarly)),
    ];
    let retro = Retro::compute(&solo, at(60));
    assert_eq!(retro.people.len(), 2, "the navigator is listed too");
    assert_eq!(retro.people[1].keyboard_ms, 0, "the navigator never drove");
    assert_eq!(
        retro.fairness.ratio, None,
        "one driver: nothing to compare; a navigator who never drove is not in the ratio"
    );
    let empty = Retro::compute(&[], at(0));
    assert_eq!(empty.fairness.ratio, None, "no events: no one to compare");
    assert!(empty.people.is_empty(), "no events: no one listed");
}

#[test]
fn the_timeline_splits_turns_around_pauses_and_marks_overrun() {
    let retro = Retro::compute(&session(), at(5000));
    let got: Vec<_> = retro
        .timeline
        .as_ref()
        .expect("computed from events")
        .segments
        .iter()
        .map(|s| {
            (
                s.kind,
                (s.start - t0()).num_seconds(),
                (s.end - t0()).num_seconds(),
                s.driver.as_ref().map(|d| d.name.as_str()),
                s.overrun,
            )
        })
        .collect();
    use SegmentKind::*;
    assert_eq!(
        got,
        [
            (Turn, 0, 600, Some("Ada"), false),
            (Handover, 600, 630, Some("Bob"), true),
            (Turn, 630, 700, Some("Bob"), false),
            (Pause, 700, 760, Some("Bob"), false),
            (Turn, 760, 900, Some("Bob"), false),
            (Handover, 900, 910, Some("Cy"), false),
            (Turn, 910, 1000, Some("Cy"), false),
        ],
        "ordered, non-overlapping; a hand-over names who drives next"
    );
    let points: Vec<_> = retro
        .timeline
        .as_ref()
        .expect("computed from events")
        .points
        .iter()
        .map(|p| (p.kind, p.text.as_str()))
        .collect();
    assert_eq!(
        points,
        [
            (PointKind::SessionStarted, "Session 1 started"),
            (PointKind::HandoverNote, "make the test pass"),
            (PointKind::SessionEnded, "Session 1 ended"),
        ],
        "the session's bounds and the note, in time order"
    );
}

#[test]
fn the_retro_of_what_the_real_mob_records() {
    use mobflow_core::{Command, Mob};
    let mut mob = crate::mob_with(&["Ada", "Bob", "Cy"]);
    let mut records = Vec::new();
    let mut run = |mob: &mut Mob, command: Command, s: i64| {
        records.extend(
            mob.apply(&command, at(s))
                .unwrap_or_else(|e| panic!("{command:?} at {s}: {e}")),
        );
    };
    run(&mut mob, Command::Start, 0);
    run(&mut mob, Command::Pause, 60);
    run(&mut mob, Command::Resume, 120); // the deadline moves to 660
    run(&mut mob, Command::Start, 700); // time up at 660: 40 s overrun
    run(&mut mob, Command::StartBreak, 800);
    run(&mut mob, Command::EndBreak, 1100);
    run(&mut mob, Command::Start, 1150);
    records.extend(mob.notice_gap(at(1200), at(1500))); // asleep 5 minutes
    records.extend(
        mob.apply(
            &Command::ResolveAway {
                choice: AwayChoice::Resume,
            },
            at(1500),
        )
        .unwrap(),
    );
    records.extend(mob.apply(&Command::EndSession, at(1800)).unwrap());

    let retro = Retro::compute(&records, at(5000));
    let got: Vec<_> = retro
        .people
        .iter()
        .map(|p| (p.name.as_str(), p.keyboard_ms / 1000))
        .collect();
    assert_eq!(
        got,
        [("Ada", 600), ("Cy", 350), ("Bob", 100)],
        "pause and time away are not keyboard time; a break ends the turn"
    );
    assert_eq!(retro.turns, 3, "three starts");
    assert_eq!(
        (retro.overrun.count, retro.overrun.total_ms),
        (1, 40_000),
        "time up at 660, next start at 700"
    );
    assert_eq!(
        (retro.pauses.count, retro.pauses.total_ms),
        (1, 60_000),
        "paused from 60 to 120"
    );
    assert_eq!(
        (retro.breaks.taken, retro.breaks.total_ms),
        (1, 300_000),
        "the break from 800 to 1100"
    );
    assert_eq!(retro.away_ms, 300_000, "asleep from 1200 to 1500");
    assert_eq!(
        retro.span_ms, 1_800_000,
        "from the start to the session's end"
    );
    let kinds: Vec<_> = retro
        .timeline
        .as_ref()
        .unwrap()
        .segments
        .iter()
        .map(|s| s.kind)
        .collect();
    use SegmentKind::*;
    assert_eq!(
        kinds,
        [Turn, Pause, Turn, Handover, Turn, Break, Handover, Turn, Away],
        "after the break the mob hands over again"
    );
}
