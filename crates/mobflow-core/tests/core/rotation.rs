//! Away members, roles, extend, auto-start, breaks, notes, mini-retros and honest time.

use chrono::Duration;
use mobflow_core::{AwayChoice, Command, CoreError, Event, Mob, Phase, SettingsPatch};

use super::{at, by_name, mob_with, pair, roles, t0};

fn patch(f: impl FnOnce(&mut SettingsPatch)) -> Command {
    let mut p = SettingsPatch::default();
    f(&mut p);
    Command::UpdateSettings { patch: p }
}

fn kinds(records: &[mobflow_core::Record]) -> Vec<&'static str> {
    records.iter().map(|r| r.event.kind()).collect()
}

fn away(name: &str, away: bool) -> Command {
    Command::SetAway {
        member: by_name(name),
        away,
    }
}

#[test]
fn away_members_are_skipped_by_every_role_and_come_back() {
    let mut mob = mob_with(&["Ada", "Bob", "Cy", "Di"]);
    mob.apply(&away("Bob", true), t0()).unwrap();
    assert_eq!(
        roles(&mob),
        pair("Ada", Some("Cy")),
        "Bob is away: Cy navigates"
    );
    mob.apply(&Command::Start, t0()).unwrap();
    mob.apply(&Command::Next, at(1)).unwrap();
    assert_eq!(roles(&mob), pair("Cy", Some("Di")));
    mob.apply(&Command::Next, at(2)).unwrap(); // start
    mob.apply(&Command::Next, at(3)).unwrap(); // rotate
    assert_eq!(
        roles(&mob),
        pair("Di", Some("Ada")),
        "wraps past the away member"
    );
    mob.apply(&away("Bob", false), at(4)).unwrap();
    mob.apply(&Command::Next, at(5)).unwrap();
    mob.apply(&Command::Next, at(6)).unwrap();
    assert_eq!(
        roles(&mob),
        pair("Ada", Some("Bob")),
        "back in the rotation"
    );

    // Marking the driver away mid-turn hands the keyboard to the navigator.
    mob.apply(&away("Ada", true), at(7)).unwrap();
    assert_eq!(roles(&mob), pair("Bob", Some("Cy")));
}

#[test]
fn one_present_member_runs_a_solo_timer_and_cannot_leave_mid_turn() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    mob.apply(&away("Bob", true), t0()).unwrap();
    mob.apply(&Command::Start, t0()).unwrap();
    assert_eq!(roles(&mob), pair("Ada", None), "a solo focus timer");
    let before = mob.clone();
    assert_eq!(
        mob.apply(&away("Ada", true), at(1)).unwrap_err(),
        CoreError::LastPresentInTurn
    );
    assert_eq!(mob, before);
    let mut all_away = mob_with(&["Ada"]);
    all_away.apply(&away("Ada", true), t0()).unwrap();
    assert_eq!(
        all_away.apply(&Command::Start, t0()).unwrap_err(),
        CoreError::NobodyPresent
    );
}

#[test]
fn extra_roles_rotate_with_the_driver_and_never_double_up() {
    let mut mob = mob_with(&["Ada", "Bob", "Cy", "Di"]);
    let set = patch(|p| p.roles = Some(vec![" researcher ".into(), "Facilitator".into()]));
    mob.apply(&set, t0()).unwrap();
    let names = |mob: &Mob| -> Vec<(String, Option<String>)> {
        mob.role_holders()
            .into_iter()
            .map(|(role, h)| (role, mob.person(h).map(|p| p.name)))
            .collect()
    };
    assert_eq!(
        names(&mob),
        [
            ("researcher".to_owned(), Some("Cy".to_owned())),
            ("Facilitator".to_owned(), Some("Di".to_owned()))
        ]
    );
    mob.apply(&Command::Next, t0()).unwrap();
    assert_eq!(
        names(&mob)[0].1.as_deref(),
        Some("Di"),
        "roles move on at rotation"
    );
    assert_eq!(names(&mob)[1].1.as_deref(), Some("Ada"));
    mob.apply(&away("Ada", true), t0()).unwrap();
    assert_eq!(
        names(&mob)[1].1,
        None,
        "three present: no one left for a fourth role"
    );
    for bad in [
        vec!["".to_owned()],
        vec!["Driver".into()],
        vec!["a".into(), "A".into()],
    ] {
        assert!(matches!(
            mob.apply(&patch(|p| p.roles = Some(bad.clone())), t0()),
            Err(CoreError::BadRole(_))
        ));
    }
}

#[test]
fn extend_adds_time_to_the_running_or_paused_turn() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    mob.apply(&Command::Start, t0()).unwrap();
    mob.apply(&Command::Extend { minutes: None }, at(10))
        .unwrap();
    assert_eq!(mob.remaining_ms(at(10)), 650_000, "default +1 minute");
    mob.apply(&Command::Pause, at(20)).unwrap();
    mob.apply(&Command::Extend { minutes: Some(2) }, at(30))
        .unwrap();
    assert_eq!(mob.remaining_ms(at(30)), 760_000);
    for bad in [Some(0), Some(61)] {
        assert!(mob
            .apply(&Command::Extend { minutes: bad }, at(31))
            .is_err());
    }
    mob.apply(&Command::Resume, at(40)).unwrap();
    mob.apply(&Command::Next, at(41)).unwrap();
    assert!(matches!(
        mob.apply(&Command::Extend { minutes: None }, at(42)),
        Err(CoreError::WrongState { .. })
    ));
}

#[test]
fn auto_start_begins_the_next_turn_after_the_grace_period() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    mob.apply(&patch(|p| p.auto_start = Some(true)), t0())
        .unwrap();
    mob.apply(&Command::Start, t0()).unwrap();
    mob.advance(at(605));
    assert!(
        matches!(mob.phase, Phase::Handover { .. }),
        "still in the grace period"
    );
    let records = mob.advance(at(616));
    assert_eq!(kinds(&records), ["turn_started"]);
    assert_eq!(records[0].at, at(615), "starts exactly when the grace ends");
    assert_eq!(mob.turn, 2);
    assert_eq!(roles(&mob), pair("Bob", Some("Ada")));
}

#[test]
fn a_due_break_starts_at_the_turn_boundary_never_mid_turn() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    let every_20 = patch(|p| {
        p.break_every_minutes = Some(20);
        p.break_minutes = Some(5);
        p.turn_minutes = Some(15);
    });
    mob.apply(&every_20, t0()).unwrap();
    mob.apply(&Command::Start, t0()).unwrap();
    mob.advance(at(900));
    assert!(
        matches!(mob.phase, Phase::Handover { .. }),
        "15 min < 20: no break"
    );
    assert_eq!(mob.break_due_in_ms(at(900)), Some(300_000));
    mob.apply(&Command::Start, at(900)).unwrap();
    mob.advance(at(900 + 600));
    assert!(
        matches!(mob.phase, Phase::Running { .. }),
        "20 minutes passed mid-turn: the break waits for the boundary"
    );
    assert_eq!(mob.break_due_in_ms(at(1500)), Some(0));
    let records = mob.advance(at(1800));
    assert_eq!(kinds(&records), ["turn_ended", "rotated", "break_started"]);
    assert!(matches!(
        records[2].event,
        Event::BreakStarted { due: true, .. }
    ));
    assert_eq!(mob.break_left_ms(at(1860)), 240_000);
    let records = mob.advance(at(2100));
    assert!(matches!(
        records[0].event,
        Event::BreakEnded {
            early: false,
            taken_ms: 300_000
        }
    ));
    assert_eq!(mob.phase, Phase::Handover { since: at(2100) });
    assert_eq!(
        mob.last_break_end,
        Some(at(2100)),
        "thoughts parked from now on are for the next break"
    );
}

#[test]
fn breaks_by_turns_can_be_skipped_ended_early_or_taken_early() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    mob.apply(&patch(|p| p.break_every_turns = Some(1)), t0())
        .unwrap();
    mob.apply(&Command::Start, t0()).unwrap();
    mob.apply(&Command::Next, at(60)).unwrap();
    assert!(matches!(mob.phase, Phase::Break { due: true, .. }));
    let records = mob.apply(&Command::SkipBreak, at(61)).unwrap();
    assert_eq!(kinds(&records), ["break_skipped"]);
    assert!(matches!(mob.phase, Phase::Handover { .. }));

    mob.apply(&patch(|p| p.break_every_turns = Some(0)), at(62))
        .unwrap();
    mob.apply(&Command::Start, at(62)).unwrap();
    let records = mob.apply(&Command::StartBreak, at(100)).unwrap();
    assert_eq!(kinds(&records), ["turn_ended", "rotated", "break_started"]);
    assert!(
        matches!(records[2].event, Event::BreakStarted { due: false, .. }),
        "early"
    );
    assert!(matches!(
        mob.apply(&Command::SkipBreak, at(101)),
        Err(CoreError::WrongState { .. })
    ));
    let records = mob.apply(&Command::EndBreak, at(160)).unwrap();
    assert!(matches!(
        records[0].event,
        Event::BreakEnded {
            early: true,
            taken_ms: 60_000
        }
    ));
}

#[test]
fn ending_the_session_during_a_break_ends_the_break_early_but_not_as_a_break_taken() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    mob.apply(&Command::Start, t0()).unwrap();
    mob.apply(&Command::StartBreak, at(60)).unwrap();
    mob.apply(&Command::EndBreak, at(120)).unwrap();
    mob.apply(&Command::StartBreak, at(180)).unwrap();
    let records = mob.apply(&Command::EndSession, at(240)).unwrap();
    assert_eq!(
        kinds(&records),
        ["break_ended", "session_ended"],
        "the break ends with the session"
    );
    assert_eq!(
        records[0].event,
        Event::BreakEnded {
            taken_ms: 60_000,
            early: true
        },
        "cut short by the session's end"
    );
    assert_eq!(mob.phase, Phase::Idle, "no hand-over after the session");
    assert_eq!(
        mob.last_break_end,
        Some(at(120)),
        "thoughts parked since the last break taken stay for the next one"
    );
}

#[test]
fn the_next_step_note_reaches_the_new_driver_and_clears_with_the_turn() {
    let mut mob = mob_with(&["Ada", "Bob"]);
    mob.apply(&Command::Start, t0()).unwrap();
    mob.apply(&Command::Next, at(10)).unwrap();
    let note = Command::SetHandoverNote {
        text: "  make parse_date fail on 31 Feb ".into(),
    };
    let records = mob.apply(&note, at(11)).unwrap();
    match &records[0].event {
        Event::HandoverNote { text, from, to } => {
            assert_eq!(text, "make parse_date fail on 31 Feb");
            assert_eq!(
                from.as_ref().map(|p| p.name.as_str()),
                Some("Bob"),
                "the outgoing navigator"
            );
            assert_eq!(
                to.as_ref().map(|p| p.name.as_str()),
                Some("Bob"),
                "who drives now"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        mob.handover_note.as_deref(),
        Some("make parse_date fail on 31 Feb")
    );
    mob.apply(&Command::Start, at(12)).unwrap();
    assert_eq!(mob.handover_note, None, "shown until the next turn starts");
    let long = Command::SetHandoverNote {
        text: "x".repeat(201),
    };
    assert!(matches!(
        mob.apply(&long, at(13)),
        Err(CoreError::NoteTooLong { .. })
    ));
}

#[test]
fn a_full_cycle_offers_a_mini_retro() {
    let mut mob = mob_with(&["Ada", "Bob", "Cy"]);
    mob.apply(&Command::Start, t0()).unwrap();
    for i in 0..2 {
        mob.apply(&Command::Next, at(10 * i + 1)).unwrap();
        assert!(!mob.retro_prompt, "not yet a full cycle");
        mob.apply(&Command::Next, at(10 * i + 2)).unwrap();
    }
    mob.apply(&Command::Next, at(30)).unwrap();
    assert!(mob.retro_prompt, "three turns by three people: a cycle");
    let line = Command::MiniRetro {
        text: Some("swap more often".into()),
    };
    let records = mob.apply(&line, at(31)).unwrap();
    assert!(matches!(&records[0].event, Event::MiniRetro { text } if text == "swap more often"));
    assert!(!mob.retro_prompt);
    assert!(mob.apply(&line, at(32)).is_err(), "only after a cycle");
}

/// Ada and Bob's turn started at 0; the app was away from 60 s for twelve minutes.
fn away_twelve_minutes() -> Mob {
    let mut mob = mob_with(&["Ada", "Bob"]);
    mob.apply(&Command::Start, t0()).unwrap();
    mob.notice_gap(at(60), at(60 + 12 * 60));
    mob
}

fn decide(choice: AwayChoice) -> Command {
    Command::ResolveAway { choice }
}

#[test]
fn time_away_waits_for_a_decision_and_resuming_keeps_the_time_left() {
    let mut mob = away_twelve_minutes();
    assert!(mob.away.is_some(), "12 minutes away: ask");
    assert_eq!(
        mob.remaining_ms(at(2000)),
        540_000,
        "the timer stands at the gap's start"
    );
    assert_eq!(
        mob.apply(&Command::Pause, at(800)).unwrap_err(),
        CoreError::AwayPending,
        "the timer waits for the decision"
    );

    let records = mob.apply(&decide(AwayChoice::Resume), at(800)).unwrap();
    assert!(
        matches!(
            records[0].event,
            Event::TimeAway {
                away_ms: 740_000,
                choice: AwayChoice::Resume,
                ..
            }
        ),
        "the decision is recorded with the time away until it: {records:?}"
    );
    assert_eq!(
        mob.remaining_ms(at(800)),
        540_000,
        "resumed with the time it had"
    );
}

#[test]
fn time_away_taken_as_a_break_or_the_session_end_counts_from_when_it_began() {
    let mut mob = away_twelve_minutes();
    let records = mob.apply(&decide(AwayChoice::Break), at(800)).unwrap();
    assert_eq!(
        kinds(&records),
        [
            "turn_ended",
            "rotated",
            "break_started",
            "break_ended",
            "time_away"
        ],
        "the turn ends, the break is taken, then the decision"
    );
    assert_eq!(
        records[0].at,
        at(60),
        "the turn ended when the time away began"
    );
    assert_eq!(
        mob.phase,
        Phase::Handover { since: at(800) },
        "after the break the mob hands over"
    );

    let mut mob = away_twelve_minutes();
    let records = mob.apply(&decide(AwayChoice::EndSession), at(800)).unwrap();
    assert_eq!(
        kinds(&records),
        ["turn_ended", "session_ended", "time_away"],
        "the session ends, then the decision"
    );
    assert_eq!(
        records[1].at,
        at(60),
        "the session ended when the time away began"
    );
    assert_eq!(
        records[2].session,
        Some(1),
        "the decision belongs to the session"
    );
    assert_eq!(mob.phase, Phase::Idle, "no session, no turn");
}

#[test]
fn under_two_minutes_away_is_just_time() {
    let mut mob = mob_with(&["Ada"]);
    mob.apply(&Command::Start, t0()).unwrap();
    mob.notice_gap(at(60), at(150));
    assert!(mob.away.is_none(), "under 2 minutes is just time");
    assert_eq!(
        mob.remaining_ms(at(150)),
        450_000,
        "the gap counted as turn time"
    );
}

#[test]
fn a_wall_clock_jump_keeps_the_time_left() {
    let mut mob = mob_with(&["Ada"]);
    mob.apply(&Command::Start, t0()).unwrap();
    let jumped = at(60 + 3600);
    let records = mob.clock_jumped(Duration::hours(1), jumped);
    assert!(matches!(
        records[0].event,
        Event::ClockJumped { by_ms: 3_600_000 }
    ));
    assert_eq!(mob.remaining_ms(jumped), 540_000);
    assert!(
        mob.advance(jumped).is_empty(),
        "no turn ended because of the jump"
    );
}
