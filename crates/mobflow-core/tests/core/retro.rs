//! Retro statistics over hand-made event sequences, and a fuzz test over odd ones.

use chrono::Duration;
use mobflow_core::board::{StepKind, TaskId};
use mobflow_core::retro::{PointKind, Retro, SegmentKind};
use mobflow_core::{AwayChoice, EndReason, Event, MemberId, Person, Record, Timestamp};
use proptest::prelude::*;

use super::{at, t0};

fn who(id: u32) -> Person {
    let name = ["Ada", "Bob", "Cy", "Di"][id as usize % 4];
    Person {
        id: MemberId(id),
        name: name.into(),
    }
}

/// An event of session 1 at `s` seconds after t0.
fn ev(s: i64, event: Event) -> Record {
    Record {
        at: at(s),
        session: Some(1),
        event,
    }
}

fn started(turn: u32, driver: u32, navigator: Option<u32>) -> Event {
    Event::TurnStarted {
        turn,
        driver: who(driver),
        navigator: navigator.map(who),
        deadline: at(600),
    }
}

fn ended(turn: u32, reason: EndReason) -> Event {
    Event::TurnEnded {
        turn,
        driver: None,
        reason,
    }
}

fn paused(turn: u32) -> Event {
    Event::TurnPaused {
        turn,
        remaining_ms: 0,
    }
}

fn resumed(turn: u32) -> Event {
    Event::TurnResumed {
        turn,
        deadline: at(0),
    }
}

fn brk(due: bool) -> Event {
    Event::BreakStarted {
        due,
        planned_ms: 300_000,
        ends_at: at(0),
    }
}

fn brk_end(taken_s: u64) -> Event {
    Event::BreakEnded {
        taken_ms: taken_s * 1000,
        early: false,
    }
}

fn away(from: i64, secs: u64, choice: AwayChoice) -> Event {
    Event::TimeAway {
        from: at(from),
        away_ms: secs * 1000,
        choice,
    }
}

fn finished(task: u32, title: &str, created: i64, focused: Option<i64>, ok: bool) -> Event {
    Event::TaskFinished {
        task: TaskId(task),
        title: title.into(),
        steps_left: 0,
        override_reason: (!ok).then(|| "spike".to_owned()),
        test_first: ok,
        created_at: at(created),
        first_focused_at: focused.map(at),
        driver: Some(who(0)),
    }
}

/// The headline figures a case checks, in seconds.
#[derive(Debug, PartialEq)]
struct Figures {
    keyboard: u64,
    span: u64,
    turns: u32,
    overrun: (u32, u64),
    pauses: (u32, u64),
    /// due, taken, skipped, early, total seconds.
    breaks: (u32, u32, u32, u32, u64),
    away: u64,
}

fn figures(r: &Retro) -> Figures {
    Figures {
        keyboard: r.keyboard_ms / 1000,
        span: r.span_ms / 1000,
        turns: r.turns,
        overrun: (r.overrun.count, r.overrun.total_ms / 1000),
        pauses: (r.pauses.count, r.pauses.total_ms / 1000),
        breaks: (
            r.breaks.due,
            r.breaks.taken,
            r.breaks.skipped,
            r.breaks.early,
            r.breaks.total_ms / 1000,
        ),
        away: r.away_ms / 1000,
    }
}

const fn fig(keyboard: u64, span: u64, turns: u32) -> Figures {
    Figures {
        keyboard,
        span,
        turns,
        overrun: (0, 0),
        pauses: (0, 0),
        breaks: (0, 0, 0, 0, 0),
        away: 0,
    }
}

#[test]
fn headline_figures_follow_the_definitions() {
    use EndReason::*;
    let cases: Vec<(&str, Vec<Record>, i64, Figures)> = vec![
        ("no events", vec![], 100, fig(0, 0, 0)),
        (
            "a turn still running is closed at until",
            vec![ev(0, started(1, 0, Some(1)))],
            300,
            fig(300, 300, 1),
        ),
        (
            "events after until are ignored",
            vec![ev(0, started(1, 0, None)), ev(600, ended(1, TimeUp))],
            300,
            fig(300, 300, 1),
        ),
        (
            "an end without a start adds no keyboard time but its hand-over counts",
            vec![
                ev(100, ended(1, TimeUp)),
                ev(160, started(2, 1, None)),
                ev(220, ended(2, RotatedEarly)),
            ],
            1000,
            Figures {
                overrun: (1, 60),
                ..fig(60, 1000 - 100, 1)
            },
        ),
        (
            "a pause is not keyboard time, even when the turn ends paused",
            vec![
                ev(0, started(1, 0, None)),
                ev(100, paused(1)),
                ev(400, ended(1, RotatedEarly)),
            ],
            1000,
            Figures {
                pauses: (1, 300),
                ..fig(100, 1000, 1)
            },
        ),
        (
            "a resume without a pause and a second pause are tolerated",
            vec![
                ev(0, started(1, 0, None)),
                ev(50, resumed(1)),
                ev(100, paused(1)),
                ev(150, paused(1)),
                ev(200, resumed(1)),
                ev(300, ended(1, RotatedEarly)),
            ],
            1000,
            Figures {
                pauses: (2, 100),
                ..fig(200, 1000, 1)
            },
        ),
        (
            "a turn started over an open one ends it",
            vec![
                ev(0, started(1, 0, Some(1))),
                ev(100, started(2, 1, Some(0))),
                ev(250, ended(2, SessionEnded)),
            ],
            250,
            fig(250, 250, 2),
        ),
        (
            "a clock that went backwards gives no negative time",
            vec![ev(100, started(1, 0, None)), ev(50, ended(1, RotatedEarly))],
            1000,
            fig(0, 1000 - 100, 1),
        ),
        (
            "overrun runs from a time-up end to the break that follows",
            vec![
                ev(0, started(1, 0, Some(1))),
                ev(600, ended(1, TimeUp)),
                ev(620, brk(true)),
                ev(920, brk_end(300)),
            ],
            920,
            Figures {
                overrun: (1, 20),
                breaks: (1, 1, 0, 0, 300),
                ..fig(600, 920, 1)
            },
        ),
        (
            "a hand-over after rotating early is not overrun",
            vec![
                ev(0, started(1, 0, Some(1))),
                ev(300, ended(1, RotatedEarly)),
                ev(400, started(2, 1, Some(0))),
                ev(500, ended(2, SessionEnded)),
            ],
            500,
            fig(400, 500, 2),
        ),
        (
            "overrun still open at until is counted up to until",
            vec![ev(0, started(1, 0, None)), ev(600, ended(1, TimeUp))],
            700,
            Figures {
                overrun: (1, 100),
                ..fig(600, 700, 1)
            },
        ),
        (
            "a skipped due break that never started is due and not taken",
            vec![ev(0, Event::BreakSkipped)],
            0,
            Figures {
                breaks: (1, 0, 1, 0, 0),
                ..fig(0, 0, 0)
            },
        ),
        (
            "a started break that is skipped is due once and not taken",
            vec![ev(0, brk(true)), ev(60, Event::BreakSkipped)],
            60,
            Figures {
                breaks: (1, 0, 1, 0, 60),
                ..fig(0, 60, 0)
            },
        ),
        (
            "an early break is taken but was not due",
            vec![ev(0, brk(false)), ev(120, brk_end(120))],
            120,
            Figures {
                breaks: (0, 1, 0, 1, 120),
                ..fig(0, 120, 0)
            },
        ),
        (
            "a break end without a start trusts its recorded length",
            vec![
                ev(0, Event::MiniRetro { text: "x".into() }),
                ev(500, brk_end(300)),
            ],
            500,
            Figures {
                breaks: (0, 1, 0, 0, 300),
                ..fig(0, 500, 0)
            },
        ),
        (
            "time away counted as a break is recorded as a break taken",
            vec![
                ev(0, started(1, 0, None)),
                ev(100, ended(1, Away)),
                ev(100, brk(false)),
                ev(700, brk_end(600)),
                ev(700, away(100, 600, AwayChoice::Break)),
            ],
            700,
            Figures {
                breaks: (0, 1, 0, 1, 600),
                away: 600,
                ..fig(100, 700, 1)
            },
        ),
        (
            "time away that ended the session does not stretch it",
            vec![
                ev(0, Event::SessionStarted { session: 1 }),
                ev(0, started(1, 0, None)),
                ev(100, ended(1, SessionEnded)),
                ev(
                    100,
                    Event::SessionEnded {
                        session: 1,
                        turns: 1,
                    },
                ),
                ev(3100, away(100, 3000, AwayChoice::EndSession)),
            ],
            5000,
            Figures {
                away: 3000,
                ..fig(100, 100, 1)
            },
        ),
        (
            "time up straight into a due break is not an overrun",
            vec![
                ev(0, started(1, 0, Some(1))),
                ev(600, ended(1, TimeUp)),
                ev(600, brk(true)),
                ev(900, brk_end(300)),
                ev(960, started(2, 1, Some(0))),
                ev(1000, ended(2, SessionEnded)),
            ],
            1000,
            Figures {
                breaks: (1, 1, 0, 0, 300),
                ..fig(640, 1000, 2)
            },
        ),
        (
            "time away inside a resumed turn is not keyboard time",
            vec![
                ev(0, started(1, 0, None)),
                ev(300, away(100, 200, AwayChoice::Resume)),
                ev(600, ended(1, RotatedEarly)),
            ],
            600,
            Figures {
                away: 200,
                ..fig(400, 600, 1)
            },
        ),
        (
            "time away overlapping a pause is taken off once",
            vec![
                ev(0, started(1, 0, None)),
                ev(100, paused(1)),
                ev(250, away(150, 100, AwayChoice::Resume)),
                ev(300, resumed(1)),
                ev(400, ended(1, RotatedEarly)),
            ],
            400,
            Figures {
                pauses: (1, 200),
                away: 100,
                ..fig(200, 400, 1)
            },
        ),
        (
            "a session end closes the turn and the span ends there",
            vec![
                ev(0, Event::SessionStarted { session: 1 }),
                ev(0, started(1, 0, Some(1))),
                ev(90, ended(1, SessionEnded)),
                ev(
                    90,
                    Event::SessionEnded {
                        session: 1,
                        turns: 1,
                    },
                ),
            ],
            5000,
            fig(90, 90, 1),
        ),
        (
            "a session never ended spans to until",
            vec![ev(0, Event::SessionStarted { session: 1 })],
            5000,
            fig(0, 5000, 0),
        ),
    ];
    for (name, records, until, want) in cases {
        let retro = Retro::compute(&records, at(until));
        assert_eq!(figures(&retro), want, "case: {name}");
        let per_person: u64 = retro.people.iter().map(|p| p.keyboard_ms).sum();
        assert_eq!(
            per_person, retro.keyboard_ms,
            "case {name}: the total is the sum of the people"
        );
    }
}

/// A small session: three turns with a pause, an overrun and a break.
fn session() -> Vec<Record> {
    use EndReason::*;
    vec![
        ev(0, Event::SessionStarted { session: 1 }),
        ev(0, started(1, 0, Some(1))),
        ev(600, ended(1, TimeUp)),
        ev(630, started(2, 1, Some(2))),
        ev(700, paused(2)),
        ev(760, resumed(2)),
        ev(900, ended(2, RotatedEarly)),
        ev(
            905,
            Event::HandoverNote {
                text: "make the test pass".into(),
                from: Some(who(2)),
                to: Some(who(2)),
            },
        ),
        ev(910, started(3, 2, Some(0))),
        ev(1000, ended(3, SessionEnded)),
        ev(
            1000,
            Event::SessionEnded {
                session: 1,
                turns: 3,
            },
        ),
    ]
}

#[test]
fn keyboard_time_is_credited_to_each_driver_with_shares_and_fairness() {
    let retro = Retro::compute(&session(), at(5000));
    assert_eq!(retro.sessions, [1]);
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
    assert_eq!(retro.overrun.average_ms, Some(30_000));
    assert_eq!(retro.handover_notes.len(), 1);
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
    assert_eq!(retro.people[1].keyboard_ms, 0);
    assert_eq!(
        retro.fairness.ratio, None,
        "one driver: nothing to compare; a navigator who never drove is not in the ratio"
    );
    let empty = Retro::compute(&[], at(0));
    assert_eq!(empty.fairness.ratio, None);
    assert!(empty.people.is_empty());
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
        ]
    );
}

#[test]
fn tasks_keep_their_last_finish_unless_reopened() {
    let records = vec![
        ev(0, Event::SessionStarted { session: 1 }),
        ev(100, finished(1, "Login", 0, Some(40), true)),
        ev(200, finished(2, "Logout", 50, None, false)),
        ev(
            250,
            Event::TaskReopened {
                task: TaskId(1),
                driver: None,
            },
        ),
        ev(300, finished(3, "Signup", 10, Some(20), true)),
        ev(400, finished(1, "Login v2", 0, Some(40), true)),
    ];
    let retro = Retro::compute(&records, at(400));
    let got: Vec<_> = retro
        .tasks
        .iter()
        .map(|t| {
            (
                t.task.0,
                t.title.as_str(),
                t.cycle_ms / 1000,
                t.test_first,
                t.override_reason.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (2, "Logout", 150, false, Some("spike")),
            (3, "Signup", 280, true, None),
            (1, "Login v2", 360, true, None),
        ],
        "cycle from first focus, else creation; a reopened task counts at its new finish"
    );
    assert_eq!(retro.test_first, Some(0.6667));
    let reopened = Retro::compute(&records[..4], at(400));
    assert_eq!(reopened.tasks.len(), 1, "the reopened task is not finished");
    assert_eq!(
        Retro::compute(&records[..1], at(400)).test_first,
        None,
        "no finished tasks: no compliance figure"
    );
}

#[test]
fn counts_lists_and_latest_names() {
    let records = vec![
        ev(0, started(1, 0, Some(1))),
        ev(
            10,
            Event::MemberRenamed {
                member: MemberId(0),
                from: "Ada".into(),
                to: "Ada L.".into(),
            },
        ),
        ev(
            20,
            Event::TaskAdded {
                task: TaskId(9),
                title: "Try sqlx?".into(),
                parked: true,
                driver: Some(who(0)),
            },
        ),
        ev(
            25,
            Event::TaskAdded {
                task: TaskId(10),
                title: "Real task".into(),
                parked: false,
                driver: None,
            },
        ),
        ev(
            30,
            Event::StepChecked {
                task: TaskId(10),
                step: 0,
                title: "Write a failing test".into(),
                step_kind: StepKind::Test,
                violation: false,
                driver: Some(who(0)),
            },
        ),
        ev(
            40,
            Event::NavigatorSkipped {
                skipped: who(1),
                navigator: who(2),
            },
        ),
        ev(
            50,
            Event::MiniRetro {
                text: "Shorter turns".into(),
            },
        ),
        ev(
            60,
            Event::HookRan {
                hook: "turn_ended".into(),
                command: "cargo test".into(),
                exit_code: Some(0),
                timed_out: false,
                output_tail: String::new(),
            },
        ),
        ev(
            61,
            Event::HookRan {
                hook: "turn_ended".into(),
                command: "cargo test".into(),
                exit_code: Some(101),
                timed_out: false,
                output_tail: String::new(),
            },
        ),
        ev(
            62,
            Event::HookRan {
                hook: "turn_ended".into(),
                command: "sleep 99".into(),
                exit_code: None,
                timed_out: true,
                output_tail: String::new(),
            },
        ),
        ev(70, ended(1, EndReason::RotatedEarly)),
    ];
    let retro = Retro::compute(&records, at(70));
    assert_eq!(retro.people[0].name, "Ada L.", "the latest name wins");
    assert_eq!(retro.parked_thoughts, 1, "only parked additions count");
    assert_eq!(retro.skips, 1);
    assert_eq!(retro.retro_lines.len(), 1);
    assert_eq!(retro.retro_lines[0].text, "Shorter turns");
    assert_eq!(
        (retro.hooks.ran, retro.hooks.failed, retro.hooks.timed_out),
        (3, 2, 1)
    );
    let texts: Vec<_> = retro
        .timeline
        .as_ref()
        .expect("computed from events")
        .points
        .iter()
        .map(|p| (p.kind, p.text.as_str(), p.who.as_deref()))
        .collect();
    assert_eq!(
        texts,
        [
            (PointKind::ParkedThought, "Try sqlx?", Some("Ada")),
            (
                PointKind::StepChecked,
                "#10 step 1: Write a failing test",
                Some("Ada")
            ),
            (PointKind::Skip, "Bob skipped; Cy navigates", Some("Bob")),
            (PointKind::RetroLine, "Shorter turns", None),
            (PointKind::Hook, "turn_ended: cargo test (exit 0)", None),
            (PointKind::Hook, "turn_ended: cargo test (exit 101)", None),
            (PointKind::Hook, "turn_ended: sleep 99 (timed out)", None),
        ]
    );
}

#[test]
fn a_retro_survives_a_json_round_trip() {
    let retro = Retro::compute(&session(), at(5000));
    let json = serde_json::to_string(&retro).unwrap();
    let back: Retro = serde_json::from_str(&json).unwrap();
    assert_eq!(back, retro, "the UI and exports read the same JSON");
}

fn any_event() -> impl Strategy<Value = Event> {
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
        prop_assert_eq!(per_person, retro.keyboard_ms);
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
        prop_assert_eq!(back, retro);
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

/// `records` moved `by` seconds later and relabelled as session `id`.
fn as_session(records: &[Record], id: u64, by: i64) -> Vec<Record> {
    records
        .iter()
        .map(|r| {
            let event = match &r.event {
                Event::SessionStarted { .. } => Event::SessionStarted { session: id },
                Event::SessionEnded { turns, .. } => Event::SessionEnded {
                    session: id,
                    turns: *turns,
                },
                other => other.clone(),
            };
            Record {
                at: r.at + Duration::seconds(by),
                session: Some(id),
                event,
            }
        })
        .collect()
}

/// The retro of all the events, without its timeline: what merging the parts must give.
fn whole(parts: &[Vec<Record>], until: Timestamp) -> Retro {
    let all: Vec<Record> = parts.iter().flatten().cloned().collect();
    Retro {
        timeline: None,
        ..Retro::compute(&all, until)
    }
}

fn merged(parts: &[Vec<Record>], until: Timestamp) -> Retro {
    Retro::merge(parts.iter().map(|p| Retro {
        timeline: None,
        ..Retro::compute(p, until)
    }))
}

#[test]
fn merging_session_retros_equals_computing_over_all_their_events() {
    let mut second = as_session(&session(), 2, 86_400);
    let last = second.pop().unwrap();
    second.push(ev(86_400 + 950, finished(7, "Export", 86_400, None, true)));
    second.push(Record {
        at: at(86_400 + 960),
        ..ev(0, finished(8, "Import", 86_400, None, false))
    });
    second.push(last);
    let mut third = as_session(&session(), 3, 2 * 86_400);
    third.insert(
        2,
        Record {
            at: at(2 * 86_400 + 10),
            session: Some(3),
            event: Event::TaskReopened {
                task: TaskId(7),
                driver: None,
            },
        },
    );
    for parts in [
        vec![session()],
        vec![session(), second.clone()],
        vec![session(), second.clone(), third.clone()],
    ] {
        let until = at(10 * 86_400);
        let expect = whole(&parts, until);
        assert_eq!(
            merged(&parts, until),
            expect,
            "{} sessions: the merge is the retro of all events",
            parts.len()
        );
    }
    let all = merged(&[session(), second, third], at(10 * 86_400));
    let titles: Vec<_> = all.tasks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Import"],
        "a task reopened in a later session is no longer finished"
    );
    assert_eq!(all.sessions, [1, 2, 3]);
    assert_eq!(all.keyboard_ms, 3 * 900_000);
    assert_eq!(all.timeline, None, "a merged retro has no timeline");
}

proptest! {
    #[test]
    fn merging_sessions_of_odd_events_equals_one_pass(
        chunks in prop::collection::vec(prop::collection::vec((0i64..400, any_event()), 0..25), 1..5),
    ) {
        let mut t = 0;
        let mut parts = Vec::new();
        for (i, chunk) in chunks.into_iter().enumerate() {
            let id = i as u64 + 1;
            // Sessions follow one another: each starts after everything the previous one
            // touched (time away can reach back 5000 s).
            t += 10_000;
            let mut records = vec![Record { at: at(t), session: Some(id), event: Event::SessionStarted { session: id } }];
            for (delta, event) in chunk {
                if matches!(event, Event::SessionStarted { .. } | Event::SessionEnded { .. }) {
                    continue;
                }
                t += delta;
                records.push(Record { at: at(t), session: Some(id), event });
            }
            t += 1;
            records.push(Record { at: at(t), session: Some(id), event: Event::SessionEnded { session: id, turns: 0 } });
            parts.push(records);
        }
        let until = at(t + 1);
        prop_assert_eq!(merged(&parts, until), whole(&parts, until));
    }
}

#[test]
fn the_retro_of_what_the_real_mob_records() {
    use mobflow_core::{Command, Mob};
    let mut mob = super::mob_with(&["Ada", "Bob", "Cy"]);
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
    assert_eq!(retro.turns, 3);
    assert_eq!((retro.overrun.count, retro.overrun.total_ms), (1, 40_000));
    assert_eq!((retro.pauses.count, retro.pauses.total_ms), (1, 60_000));
    assert_eq!(
        (retro.breaks.taken, retro.breaks.total_ms),
        (1, 300_000),
        "the break from 800 to 1100"
    );
    assert_eq!(retro.away_ms, 300_000);
    assert_eq!(retro.span_ms, 1_800_000);
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
