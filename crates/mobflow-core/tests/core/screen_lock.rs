//! A locked screen is time away: the timer stands still from the lock, a short lock was a
//! pause, a long one asks what it was (as a suspend does), from when it began.

use mobflow_core::{AwayCause, AwayChoice, Command, CoreError, Event, Phase};

use super::{at, mob_with, t0};

#[test]
fn the_timer_stands_still_while_the_screen_is_locked() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    mob.apply(&Command::Start, t0()).unwrap();
    mob.screen_locked(at(60));
    assert_eq!(mob.locked_since, Some(at(60)), "locked during a turn");
    assert_eq!(
        mob.remaining_ms(at(60 + 3600)),
        540_000,
        "an hour later the turn still has the time it had at the lock"
    );
    assert!(
        mob.advance(at(60 + 3600)).is_empty(),
        "the deadline passed on the wall clock, but no turn ends while locked"
    );
    assert!(
        matches!(mob.phase, Phase::Running { .. }),
        "still the same turn"
    );
}

#[test]
fn a_short_lock_is_a_pause_recorded_as_time_away_resumed() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    mob.apply(&Command::Start, t0()).unwrap();
    mob.screen_locked(at(60));
    let records = mob.screen_unlocked(at(60 + 90));
    assert!(
        mob.locked_since.is_none() && mob.away.is_none(),
        "90 s: no question"
    );
    assert_eq!(
        mob.remaining_ms(at(150)),
        540_000,
        "the turn goes on with the time it had at the lock"
    );
    assert!(
        matches!(
            records.as_slice(),
            [r] if r.event == Event::TimeAway { from: at(60), away_ms: 90_000, choice: AwayChoice::Resume }
                && r.at == at(150)
        ),
        "the pause is in the history as time away the mob resumed from: {records:?}"
    );
}

#[test]
fn a_lock_of_two_minutes_or_more_asks_from_when_it_began() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    mob.apply(&Command::Start, t0()).unwrap();
    mob.screen_locked(at(60));
    assert!(
        mob.screen_unlocked(at(60 + 120)).is_empty(),
        "asks, records nothing yet"
    );
    let gap = mob
        .away
        .expect("two minutes locked: the same question as after a suspend");
    assert_eq!(
        (gap.from, gap.to),
        (at(60), at(180)),
        "from the lock to the unlock"
    );
    assert_eq!(
        gap.cause,
        AwayCause::Locked,
        "the dialog can say the screen was locked"
    );
    assert_eq!(
        mob.remaining_ms(at(600)),
        540_000,
        "the timer stands at the lock while the mob decides"
    );
    let records = mob
        .apply(
            &Command::ResolveAway {
                choice: AwayChoice::Break,
            },
            at(200),
        )
        .unwrap();
    assert_eq!(
        records.first().map(|r| r.at),
        Some(at(60)),
        "counted as a break, the turn ended when the lock began"
    );
    assert_eq!(mob.phase, Phase::Handover { since: at(200) });
}

#[test]
fn a_lock_outside_a_session_or_twice_changes_nothing() {
    let mut idle = mob_with(&["Ada", "Bob"]);
    idle.screen_locked(at(10));
    assert_eq!(idle.locked_since, None, "no session: no timer to stop");

    let mut mob = mob_with(&["Ada", "Bob"]);
    mob.apply(&Command::Start, t0()).unwrap();
    mob.screen_locked(at(60));
    mob.screen_locked(at(100));
    assert_eq!(mob.locked_since, Some(at(60)), "the first lock counts");
    assert!(
        mob.screen_unlocked(at(110)).len() == 1 && mob.screen_unlocked(at(120)).is_empty(),
        "a second unlock is nothing new"
    );
}

#[test]
fn a_suspend_during_a_lock_is_part_of_the_lock() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    mob.apply(&Command::Start, t0()).unwrap();
    mob.screen_locked(at(60));
    assert!(mob.notice_gap(at(100), at(4000)).is_empty());
    assert_eq!(
        mob.away, None,
        "the lock already stopped the timer; the unlock asks"
    );
    mob.screen_unlocked(at(4010));
    assert_eq!(
        mob.away.map(|g| (g.from, g.cause)),
        Some((at(60), AwayCause::Locked)),
        "one question, from the lock"
    );
}

#[test]
fn a_timer_command_ends_a_lock_whose_end_went_unnoticed() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    mob.apply(&Command::Start, t0()).unwrap();
    mob.screen_locked(at(60));
    mob.apply(&Command::Pause, at(90)).unwrap();
    assert_eq!(
        mob.locked_since, None,
        "someone paused: nobody is locked out"
    );
    assert_eq!(
        mob.phase,
        Phase::Paused {
            remaining_ms: 540_000
        },
        "paused with the time it had at the lock"
    );

    let mut mob = mob_with(&["Ada", "Bob"]);
    mob.apply(&Command::Start, t0()).unwrap();
    mob.screen_locked(at(60));
    assert_eq!(
        mob.apply(&Command::Pause, at(600)).unwrap_err(),
        CoreError::AwayPending,
        "after a long lock the mob says what it was first"
    );
}

#[test]
fn a_clock_jump_moves_the_lock_with_it() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    mob.apply(&Command::Start, t0()).unwrap();
    mob.screen_locked(at(60));
    mob.clock_jumped(chrono::Duration::hours(1), at(3670));
    assert_eq!(
        mob.locked_since,
        Some(at(3660)),
        "the lock began at the same real instant"
    );
    mob.screen_unlocked(at(3700));
    assert_eq!(mob.away, None, "40 s locked, not an hour");
}

#[test]
fn a_clock_set_back_while_locked_moves_the_lock_and_leaves_the_question_to_the_unlock() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    mob.apply(&Command::Start, t0()).unwrap();
    mob.screen_locked(at(60));
    // Last alive at 90 s (locked); the clock now reads an hour earlier.
    mob.notice_gap(at(90), at(90 - 3600));
    assert_eq!(
        mob.locked_since,
        Some(at(60 - 3600)),
        "the lock moved back with the clock"
    );
    assert_eq!(mob.away, None, "no question while locked: the unlock asks");
    mob.screen_unlocked(at(90 - 3600 + 200));
    assert!(
        matches!(mob.away, Some(gap) if gap.cause == AwayCause::Locked && gap.from == at(60 - 3600)),
        "a long lock asks from when it began: {:?}",
        mob.away
    );
}
