//! The generated history: a day of a mob's events from a deterministic generator, so every
//! run writes the same five years.

use chrono::Duration as Span;
use mobflow_core::board::{StepKind, TaskId};
use mobflow_core::{AwayChoice, EndReason, Event, MemberId, Person, Record, Timestamp};

/// A small deterministic generator (xorshift64*): the same history on every run.
pub struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const NAMES: [&str; 5] = ["Ada", "Bob", "Cyrille", "Dominique", "Eve"];
const TITLES: [&str; 6] = [
    "Login form remembers the last user",
    "Export the retro as CSV",
    "Fix flaky rotation test",
    "Rename a session from the history view",
    "Show the overrun in the timer",
    "Parse RFC 3339 dates on the command line",
];
const STEPS: [(&str, StepKind); 5] = [
    ("Write a failing test", StepKind::Test),
    ("Make it pass", StepKind::Code),
    ("Refactor", StepKind::Code),
    ("Update the docs", StepKind::Code),
    ("Ship it", StepKind::Delivery),
];

fn person(i: usize) -> Person {
    Person {
        id: MemberId(i as u32 + 1),
        name: NAMES[i % NAMES.len()].to_owned(),
    }
}

/// One working day of a four-to-five person mob: 7-minute turns from 09:00 to 17:00 with
/// breaks, pauses, overruns, hand-over notes, a hook per turn, tasks and their checklists.
pub fn day(rng: &mut Rng, session: u64, start: Timestamp, next_task: &mut u32) -> Vec<Record> {
    let mut day = Day {
        rng,
        session,
        next_task,
        people: 0,
        task: None,
        out: Vec::with_capacity(700),
    };
    day.push(start, Event::SessionStarted { session });
    day.people = 4 + day.rng.below(2) as usize;
    let end = start + Span::hours(8);
    let (mut t, mut turn) = (start, 0u32);
    while t < end {
        turn += 1;
        t = day.turn(turn, t);
    }
    day.push(
        t,
        Event::SessionEnded {
            session,
            turns: turn,
        },
    );
    day.out
}

fn secs(s: u64) -> Span {
    Span::seconds(s as i64)
}

/// A day being written: where it stands, and its records so far.
struct Day<'a> {
    rng: &'a mut Rng,
    session: u64,
    next_task: &'a mut u32,
    people: usize,
    task: Option<Focus>,
    out: Vec<Record>,
}

/// The task in focus: the next step to tick, when it was focused, its title (an index).
#[derive(Clone, Copy)]
struct Focus {
    id: TaskId,
    step: usize,
    since: Timestamp,
    title: usize,
}

impl Day<'_> {
    fn push(&mut self, at: Timestamp, event: Event) {
        self.out.push(Record {
            at,
            session: Some(self.session),
            event,
        });
    }

    /// Turn `turn` from `t`: work, perhaps a pause, its end and what follows it. Returns when
    /// the next turn starts.
    fn turn(&mut self, turn: u32, t: Timestamp) -> Timestamp {
        let driver = person((turn as usize - 1) % self.people);
        let navigator = person(turn as usize % self.people);
        let deadline = t + Span::minutes(7);
        self.push(
            t,
            Event::TurnStarted {
                turn,
                driver: driver.clone(),
                navigator: Some(navigator.clone()),
                deadline,
            },
        );
        if self.task.is_none() {
            self.focus_new_task(t, &driver);
        }
        // Work: a few ticks and edits spread over the turn.
        for k in 0..3 + self.rng.below(3) {
            self.work(t + secs(60 + k * 80), &driver);
        }
        if self.rng.chance(30) {
            *self.next_task += 1;
            let parked = Event::TaskAdded {
                task: TaskId(*self.next_task),
                title: "Ask about the flaky CI runner".into(),
                parked: true,
                driver: Some(driver.clone()),
            };
            self.push(t + secs(200), parked);
        }
        let deadline = self.maybe_pause(turn, t, deadline);
        let ended = self.end_turn(turn, t, deadline, &driver, &navigator);
        let next = ended + secs(5 + self.rng.below(40));
        self.between_turns(turn, next, &driver, &navigator)
    }

    fn focus_new_task(&mut self, t: Timestamp, driver: &Person) {
        *self.next_task += 1;
        let id = TaskId(*self.next_task);
        let title = TITLES[self.rng.below(TITLES.len() as u64) as usize];
        let driver = Some(driver.clone());
        self.push(
            t + secs(5),
            Event::TaskAdded {
                task: id,
                title: title.into(),
                parked: false,
                driver: driver.clone(),
            },
        );
        self.push(
            t + secs(10),
            Event::TaskFocused {
                task: id,
                title: title.into(),
                driver,
            },
        );
        let title = self.rng.below(TITLES.len() as u64) as usize;
        self.task = Some(Focus {
            id,
            step: 0,
            since: t,
            title,
        });
    }

    /// A tick of the next step, the task finished once every step is ticked, or an edit.
    fn work(&mut self, at: Timestamp, driver: &Person) {
        let Some(mut task) = self.task else { return };
        let driver = Some(driver.clone());
        let event = if task.step < STEPS.len() && self.rng.chance(45) {
            let (name, kind) = STEPS[task.step];
            task.step += 1;
            Event::StepChecked {
                task: task.id,
                step: task.step as u32 - 1,
                title: name.into(),
                step_kind: kind,
                violation: false,
                driver,
            }
        } else if task.step == STEPS.len() {
            Event::TaskFinished {
                task: task.id,
                title: TITLES[task.title].into(),
                steps_left: 0,
                override_reason: None,
                test_first: self.rng.chance(85),
                created_at: task.since,
                first_focused_at: Some(task.since),
                driver,
            }
        } else {
            Event::TaskEdited {
                task: task.id,
                title: TITLES[task.title].into(),
                driver,
            }
        };
        let finished = matches!(event, Event::TaskFinished { .. });
        self.task = (!finished).then_some(task);
        self.push(at, event);
    }

    /// Now and then a pause of half a minute to five and a half; returns the deadline after it.
    fn maybe_pause(&mut self, turn: u32, t: Timestamp, deadline: Timestamp) -> Timestamp {
        if !self.rng.chance(20) {
            return deadline;
        }
        let paused = Event::TurnPaused {
            turn,
            remaining_ms: 120_000,
        };
        self.push(t + secs(300), paused);
        let back = t + secs(300 + 30 + self.rng.below(300));
        let deadline = back + secs(120);
        self.push(back, Event::TurnResumed { turn, deadline });
        deadline
    }

    /// Time up (with some overrun) or an early rotation, then the hook; returns when it ended.
    fn end_turn(
        &mut self,
        turn: u32,
        started: Timestamp,
        deadline: Timestamp,
        driver: &Person,
        navigator: &Person,
    ) -> Timestamp {
        let (ended, reason) = if self.rng.chance(70) {
            (deadline, EndReason::TimeUp)
        } else {
            let early = secs(30 + self.rng.below(60));
            (deadline - early, EndReason::RotatedEarly)
        };
        let ended = ended.max(started + secs(400));
        let driver = Some(driver.clone());
        self.push(
            ended,
            Event::TurnEnded {
                turn,
                driver,
                reason,
            },
        );
        let rotated = Event::Rotated {
            driver: Some(navigator.clone()),
            navigator: Some(person((turn as usize + 1) % self.people)),
        };
        self.push(ended, rotated);
        let hook = Event::HookRan {
            hook: "turn_ended".into(),
            command: "cargo test --quiet".into(),
            exit_code: Some(if self.rng.chance(90) { 0 } else { 101 }),
            timed_out: false,
            output_tail: "test result: ok. 42 passed; 0 failed".into(),
        };
        self.push(ended + secs(2), hook);
        ended
    }

    /// What may happen between turns: a note, a skip, a retro line, a break, time away.
    /// Returns when the next turn starts (after the break, if one was taken).
    fn between_turns(
        &mut self,
        turn: u32,
        mut t: Timestamp,
        driver: &Person,
        navigator: &Person,
    ) -> Timestamp {
        if self.rng.chance(60) {
            let note = Event::HandoverNote {
                text: "Next: make the CSV quoting test pass".into(),
                from: Some(driver.clone()),
                to: Some(navigator.clone()),
            };
            self.push(t - secs(2), note);
        }
        if self.rng.chance(5) {
            let skipped = Event::NavigatorSkipped {
                skipped: person(turn as usize % self.people),
                navigator: person((turn as usize + 1) % self.people),
            };
            self.push(t, skipped);
        }
        if (turn as usize).is_multiple_of(self.people) {
            let text = "Smaller steps worked well".into();
            self.push(t, Event::MiniRetro { text });
        }
        if turn.is_multiple_of(8) {
            t = self.due_break(t);
        }
        if self.rng.chance(1) {
            let away = Event::TimeAway {
                from: t - Span::minutes(3),
                away_ms: 180_000,
                choice: AwayChoice::Resume,
            };
            self.push(t, away);
        }
        t
    }

    /// A due break of ten minutes, or now and then one skipped; returns when it ended.
    fn due_break(&mut self, t: Timestamp) -> Timestamp {
        if !self.rng.chance(85) {
            self.push(t, Event::BreakSkipped);
            return t;
        }
        let end = t + Span::minutes(10);
        let started = Event::BreakStarted {
            due: true,
            planned_ms: 600_000,
            ends_at: end,
        };
        self.push(t, started);
        let ended = Event::BreakEnded {
            taken_ms: 600_000,
            early: false,
        };
        self.push(end, ended);
        end
    }
}
