//! Retro statistics over hand-made event sequences, and a fuzz test over odd ones. The
//! helpers here build the events; the tests are in `retro/`, by subject.

mod annotations;
mod figures;
mod fuzz;
mod merge;
mod newest;
mod people;

use mobflow_core::board::TaskId;
use mobflow_core::{AwayChoice, EndReason, Event, MemberId, Person, Record};

use super::at;

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

fn session_started() -> Event {
    Event::SessionStarted { session: 1 }
}

fn session_ended(turns: u32) -> Event {
    Event::SessionEnded { session: 1, turns }
}

/// A small session: three turns with a pause, an overrun and a break.
fn session() -> Vec<Record> {
    use EndReason::*;
    vec![
        ev(0, session_started()),
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
        ev(1000, session_ended(3)),
    ]
}
