//! The headline figures against their definitions, one case a line of the table.

use mobflow_core::retro::Retro;
use mobflow_core::{AwayChoice, EndReason, Event, Record};

use super::{
    at, away, brk, brk_end, ended, ev, paused, resumed, session_ended, session_started, started,
};

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
                ev(0, session_started()),
                ev(0, started(1, 0, None)),
                ev(100, ended(1, SessionEnded)),
                ev(100, session_ended(1)),
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
                ev(0, session_started()),
                ev(0, started(1, 0, Some(1))),
                ev(90, ended(1, SessionEnded)),
                ev(90, session_ended(1)),
            ],
            5000,
            fig(90, 90, 1),
        ),
        (
            "a session never ended spans to until",
            vec![ev(0, session_started())],
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
