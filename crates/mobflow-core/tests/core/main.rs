//! The core's tests, one binary: rotation and timer behaviour here and in `rotation`, the
//! board, hooks, shortcuts, retro statistics and property tests, all over one fake clock.

use chrono::{Duration, TimeZone, Utc};
use mobflow_core::{Command, CoreError, EndReason, Event, MemberRef, Mob, Phase, Timestamp};

mod autostart;
mod board;
mod bounds;
mod hooks;
mod props;
mod retro;
mod rotation;
mod screen_lock;
mod shortcuts;
mod shuffle;
mod test_runs;

/// The one fake clock of the core tests. An instant is named by the seconds since a fixed start
/// ([`at`]`(600)` is ten minutes in); a test that steps time holds a `Clock` and moves it on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    now: Timestamp,
}

impl Clock {
    /// A clock at the start: 2026-11-27 09:00 UTC.
    pub fn start() -> Clock {
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap();
        Clock { now }
    }

    pub fn now(self) -> Timestamp {
        self.now
    }

    /// Moves the clock on by `ms` milliseconds (back, when negative); returns the new now.
    pub fn step_ms(&mut self, ms: i64) -> Timestamp {
        self.now += Duration::milliseconds(ms);
        self.now
    }

    /// Moves the clock on by `s` seconds (back, when negative); returns the new now.
    pub fn step_secs(&mut self, s: i64) -> Timestamp {
        self.step_ms(s * 1000)
    }
}

/// The start of the clock.
pub fn t0() -> Timestamp {
    Clock::start().now()
}

/// `s` seconds after the start of the clock.
pub fn at(s: i64) -> Timestamp {
    Clock::start().step_secs(s)
}

pub fn mob_with(names: &[&str]) -> Mob {
    let mut mob = Mob::default();
    for name in names {
        mob.apply(
            &Command::AddMember {
                name: (*name).into(),
            },
            t0(),
        )
        .unwrap();
    }
    mob
}

fn name(mob: &Mob, id: Option<mobflow_core::MemberId>) -> Option<String> {
    mob.person(id).map(|p| p.name)
}

pub fn roles(mob: &Mob) -> (Option<String>, Option<String>) {
    (name(mob, mob.driver), name(mob, mob.navigator))
}

pub fn pair(d: &str, n: Option<&str>) -> (Option<String>, Option<String>) {
    (Some(d.into()), n.map(Into::into))
}

pub fn by_name(n: &str) -> MemberRef {
    MemberRef::Name(n.into())
}

#[test]
fn names_are_trimmed_validated_and_unique_ignoring_case() {
    let cases: &[(&str, Result<&str, CoreError>)] = &[
        ("  Ada  ", Ok("Ada")),
        ("", Err(CoreError::EmptyName)),
        ("   ", Err(CoreError::EmptyName)),
        ("ada", Err(CoreError::DuplicateName("Ada".into()))),
        (
            &"x".repeat(41),
            Err(CoreError::NameTooLong { len: 41, max: 40 }),
        ),
        ("bad\u{7}name", Err(CoreError::NameHasControlChars)),
        ("Zoë Ünïcode", Ok("Zoë Ünïcode")),
    ];
    let mut mob = mob_with(&["Ada"]);
    mob.roster = mob_with(&[]).roster;
    for (input, expected) in cases {
        let before = mob.clone();
        let result = mob.apply(
            &Command::AddMember {
                name: (*input).into(),
            },
            t0(),
        );
        match expected {
            Ok(want) => {
                result.unwrap_or_else(|e| panic!("{input:?} should be accepted: {e}"));
                assert_eq!(mob.roster.members().last().unwrap().name, *want);
            }
            Err(want) => {
                assert_eq!(result.unwrap_err(), *want, "input {input:?}");
                assert_eq!(mob, before, "a refused name changes nothing");
            }
        }
    }
    let forty = "y".repeat(40);
    mob.apply(&Command::AddMember { name: forty }, t0())
        .expect("40 characters is the limit, inclusive");
}

#[test]
fn rename_keeps_id_and_refuses_duplicates() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    let bob = mob.roster.find_name("bob").unwrap().id;
    mob.apply(
        &Command::RenameMember {
            member: MemberRef::Id(bob),
            name: "Bobby".into(),
        },
        t0(),
    )
    .unwrap();
    assert_eq!(mob.roster.get(bob).unwrap().name, "Bobby");
    let err = mob
        .apply(
            &Command::RenameMember {
                member: by_name("bobby"),
                name: "ADA".into(),
            },
            t0(),
        )
        .unwrap_err();
    assert_eq!(err, CoreError::DuplicateName("Ada".into()));
    // Renaming to a different case of one's own name is allowed.
    mob.apply(
        &Command::RenameMember {
            member: by_name("bobby"),
            name: "BOBBY".into(),
        },
        t0(),
    )
    .unwrap();
    let err = mob
        .apply(
            &Command::RemoveMember {
                member: by_name("Nobody"),
            },
            t0(),
        )
        .unwrap_err();
    assert_eq!(err, CoreError::UnknownMember("Nobody".into()));
}

#[test]
fn a_turn_runs_to_its_deadline_then_hands_over_to_the_navigator() {
    let mut mob = mob_with(&["Ada", "Bob", "Cy"]);
    assert_eq!(roles(&mob), pair("Ada", Some("Bob")));
    let records = mob.apply(&Command::Start, t0()).unwrap();
    let kinds: Vec<_> = records.iter().map(|r| r.event.kind()).collect();
    assert_eq!(kinds, ["session_started", "turn_started"]);
    assert_eq!(
        mob.remaining_ms(at(0)),
        600_000,
        "default turn is 10 minutes"
    );
    assert_eq!(
        mob.remaining_ms(at(61)),
        539_000,
        "remaining = deadline - now"
    );
    assert!(
        mob.advance(at(599)).is_empty(),
        "nothing happens before the deadline"
    );

    let records = mob.advance(at(605));
    assert_eq!(records.len(), 2, "turn ended + rotated");
    assert_eq!(
        records[0].at,
        at(600),
        "the turn ends at its deadline, not when noticed"
    );
    assert!(matches!(
        records[0].event,
        Event::TurnEnded {
            reason: EndReason::TimeUp,
            turn: 1,
            ..
        }
    ));
    assert_eq!(mob.phase, Phase::Handover { since: at(600) });
    assert_eq!(
        mob.handover_ms(at(605)),
        5_000,
        "overrun counts from the deadline"
    );
    assert_eq!(roles(&mob), pair("Bob", Some("Cy")));
    assert!(mob.advance(at(700)).is_empty(), "advance is idempotent");

    mob.apply(&Command::Start, at(610)).unwrap();
    assert_eq!(mob.turn, 2);
    assert_eq!(mob.remaining_ms(at(610)), 600_000);
}

#[test]
fn pause_keeps_the_remaining_time_and_resume_sets_a_new_deadline() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    mob.apply(&Command::SetTurnLength { minutes: 5 }, t0())
        .unwrap();
    mob.apply(&Command::Start, t0()).unwrap();
    mob.apply(&Command::Pause, at(100)).unwrap();
    assert_eq!(
        mob.remaining_ms(at(5000)),
        200_000,
        "paused time does not run"
    );
    mob.apply(&Command::Resume, at(5000)).unwrap();
    assert_eq!(mob.remaining_ms(at(5050)), 150_000);
    assert!(matches!(
        mob.apply(&Command::Resume, at(5050)),
        Err(CoreError::WrongState { .. })
    ));
}

#[test]
fn commands_that_do_not_fit_the_state_are_refused_and_change_nothing() {
    let cases: &[(&[Command], Command)] = &[
        (&[], Command::Pause),
        (&[], Command::Resume),
        (&[], Command::EndSession),
        (&[Command::Start], Command::Start),
        (&[Command::Start], Command::Resume),
        (&[Command::Start, Command::Pause], Command::Pause),
        (&[Command::Start, Command::Pause], Command::Start),
        (&[Command::Start, Command::Next], Command::Pause),
    ];
    for (setup, command) in cases {
        let mut mob = mob_with(&["Ada", "Bob"]);
        for c in *setup {
            mob.apply(c, t0()).unwrap();
        }
        let before = mob.clone();
        let err = mob.apply(command, t0()).unwrap_err();
        assert!(
            matches!(err, CoreError::WrongState { .. }),
            "{command:?} after {setup:?}: {err}"
        );
        assert_eq!(
            mob, before,
            "{command:?} after {setup:?} must change nothing"
        );
    }
}

#[test]
fn turn_length_is_1_to_60_minutes() {
    let mut mob = Mob::default();
    for (minutes, ok) in [
        (0, false),
        (1, true),
        (10, true),
        (60, true),
        (61, false),
        (u32::MAX, false),
    ] {
        let result = mob.apply(&Command::SetTurnLength { minutes }, t0());
        assert_eq!(result.is_ok(), ok, "{minutes} minutes");
    }
    assert_eq!(mob.settings.turn_minutes, 60);
}

#[test]
fn starting_needs_a_member_and_one_member_runs_alone() {
    let mut mob = Mob::default();
    assert_eq!(
        mob.apply(&Command::Start, t0()).unwrap_err(),
        CoreError::EmptyRoster
    );
    mob.apply(
        &Command::AddMember {
            name: "Solo".into(),
        },
        t0(),
    )
    .unwrap();
    mob.apply(&Command::Start, t0()).unwrap();
    assert_eq!(roles(&mob), pair("Solo", None));
    mob.advance(at(601));
    assert_eq!(roles(&mob), pair("Solo", None), "alone, you drive again");
    assert_eq!(
        mob.apply(
            &Command::RemoveMember {
                member: by_name("Solo")
            },
            at(602)
        )
        .unwrap_err(),
        CoreError::LastMemberInTurn
    );
}

#[test]
fn rotate_now_ends_the_turn_early_and_hands_over() {
    let mut mob = mob_with(&["Ada", "Bob", "Cy"]);
    mob.apply(&Command::Start, t0()).unwrap();
    let records = mob.apply(&Command::Next, at(30)).unwrap();
    assert!(matches!(
        records[0].event,
        Event::TurnEnded {
            reason: EndReason::RotatedEarly,
            ..
        }
    ));
    assert_eq!(mob.phase, Phase::Handover { since: at(30) });
    assert_eq!(roles(&mob), pair("Bob", Some("Cy")));
    mob.apply(&Command::Next, at(40)).unwrap();
    assert!(
        matches!(mob.phase, Phase::Running { .. }),
        "next on the hand-over starts the turn"
    );
    mob.apply(&Command::Next, at(50)).unwrap();
    assert_eq!(
        roles(&mob),
        pair("Cy", Some("Ada")),
        "rotation wraps around"
    );
}

#[test]
fn skip_passes_over_the_navigator() {
    let mut mob = mob_with(&["Ada", "Bob", "Cy", "Di"]);
    mob.apply(&Command::Skip, t0()).unwrap();
    assert_eq!(roles(&mob), pair("Ada", Some("Cy")));
    mob.apply(&Command::Skip, t0()).unwrap();
    assert_eq!(roles(&mob), pair("Ada", Some("Di")));
    mob.apply(&Command::Skip, t0()).unwrap();
    assert_eq!(
        roles(&mob),
        pair("Ada", Some("Bob")),
        "the driver is never the navigator"
    );
    mob.apply(&Command::Skip, t0()).unwrap();
    mob.apply(&Command::Start, t0()).unwrap();
    mob.apply(&Command::Next, at(1)).unwrap();
    assert_eq!(
        roles(&mob),
        pair("Cy", Some("Di")),
        "the skipped-to navigator drives next"
    );

    let mut two = mob_with(&["Ada", "Bob"]);
    let before = two.clone();
    assert!(matches!(
        two.apply(&Command::Skip, t0()),
        Err(CoreError::NoOneToSkipTo(_))
    ));
    assert_eq!(two, before);
}

#[test]
fn roster_edits_keep_the_roles_sensible() {
    let mut mob = mob_with(&["Ada", "Bob", "Cy"]);
    mob.apply(&Command::Start, t0()).unwrap();
    mob.apply(
        &Command::RemoveMember {
            member: by_name("Ada"),
        },
        at(1),
    )
    .unwrap();
    assert_eq!(
        roles(&mob),
        pair("Bob", Some("Cy")),
        "the navigator takes over a removed driver"
    );
    mob.apply(&Command::AddMember { name: "Di".into() }, at(2))
        .unwrap();
    mob.apply(
        &Command::MoveMember {
            member: by_name("Di"),
            to: 0,
        },
        at(3),
    )
    .unwrap();
    let order: Vec<_> = mob
        .roster
        .members()
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(order, ["Di", "Bob", "Cy"]);
    assert_eq!(roles(&mob), pair("Bob", Some("Cy")));
    mob.apply(
        &Command::RemoveMember {
            member: by_name("Cy"),
        },
        at(4),
    )
    .unwrap();
    assert_eq!(
        roles(&mob),
        pair("Bob", Some("Di")),
        "navigator is the next in order, wrapping"
    );
    assert!(matches!(
        mob.apply(
            &Command::MoveMember {
                member: by_name("Di"),
                to: 2
            },
            at(5)
        ),
        Err(CoreError::BadPosition { to: 2, last: 1 })
    ));
}

#[test]
fn ending_a_session_records_it_and_the_next_start_opens_a_new_one() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    mob.apply(&Command::Start, t0()).unwrap();
    assert_eq!(mob.session, Some(1));
    let records = mob.apply(&Command::EndSession, at(10)).unwrap();
    let kinds: Vec<_> = records.iter().map(|r| r.event.kind()).collect();
    assert_eq!(kinds, ["turn_ended", "session_ended"]);
    assert!(
        records.iter().all(|r| r.session == Some(1)),
        "both belong to session 1"
    );
    assert_eq!(mob.phase, Phase::Idle);
    mob.apply(&Command::Start, at(20)).unwrap();
    assert_eq!(mob.session, Some(2));
    assert_eq!(mob.turn, 1);
}

#[test]
fn state_survives_a_json_round_trip() {
    let mut mob = mob_with(&["Ada", "Bob", "Cy"]);
    mob.apply(&Command::Start, t0()).unwrap();
    mob.apply(&Command::Skip, t0()).unwrap();
    let json = serde_json::to_string(&mob).unwrap();
    let back: Mob = serde_json::from_str(&json).unwrap();
    assert_eq!(back, mob, "the store keeps the state as JSON");
}
