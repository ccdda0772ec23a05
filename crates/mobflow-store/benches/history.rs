//! Scale benchmark: five years of daily sessions (about a million events) through the real
//! store, then the history queries the app and the CLI make, with their targets.
//!
//! `cargo bench -p mobflow-store --bench history`. Set `MOBFLOW_BENCH_DB=/some/file.db` to keep
//! the generated file and reuse it on the next run (it is regenerated when absent).

// A benchmark times things: reading the clock is its job.
#![allow(clippy::disallowed_methods)]

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, Duration as Span, Utc};
use mobflow_core::board::{StepKind, TaskId};
use mobflow_core::retro::Retro;
use mobflow_core::{AwayChoice, EndReason, Event, MemberId, Person, Record, Timestamp};
use mobflow_store::Store;

/// Days of history: five years, a session every day.
const DAYS: u32 = 5 * 365 + 1;

/// A small deterministic generator (xorshift64*): the same history on every run.
struct Rng(u64);

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

    fn below(&mut self, n: u64) -> u64 {
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
fn day(rng: &mut Rng, session: u64, start: Timestamp, next_task: &mut u32) -> Vec<Record> {
    let mut out = Vec::with_capacity(700);
    let mut t = start;
    let push = |at: Timestamp, event: Event, out: &mut Vec<Record>| {
        out.push(Record {
            at,
            session: Some(session),
            event,
        })
    };
    let secs = |s: u64| Span::seconds(s as i64);
    push(t, Event::SessionStarted { session }, &mut out);
    let people = 4 + rng.below(2) as usize;
    let end = start + Span::hours(8);
    let mut turn = 0u32;
    let mut task: Option<(TaskId, usize, Timestamp, usize)> = None;
    while t < end {
        turn += 1;
        let driver = person((turn as usize - 1) % people);
        let navigator = person(turn as usize % people);
        let deadline = t + Span::minutes(7);
        push(
            t,
            Event::TurnStarted {
                turn,
                driver: driver.clone(),
                navigator: Some(navigator.clone()),
                deadline,
            },
            &mut out,
        );
        let started = t;
        if task.is_none() {
            *next_task += 1;
            let id = TaskId(*next_task);
            let title = TITLES[rng.below(TITLES.len() as u64) as usize];
            push(
                t + secs(5),
                Event::TaskAdded {
                    task: id,
                    title: title.into(),
                    parked: false,
                    driver: Some(driver.clone()),
                },
                &mut out,
            );
            push(
                t + secs(10),
                Event::TaskFocused {
                    task: id,
                    title: title.into(),
                    driver: Some(driver.clone()),
                },
                &mut out,
            );
            task = Some((id, 0, t, rng.below(TITLES.len() as u64) as usize));
        }
        // Work: a few ticks and edits spread over the turn.
        for k in 0..3 + rng.below(3) {
            let at = t + secs(60 + k * 80);
            if let Some((id, step, focused, title)) = task.as_mut() {
                if *step < STEPS.len() && rng.chance(45) {
                    let (name, kind) = STEPS[*step];
                    push(
                        at,
                        Event::StepChecked {
                            task: *id,
                            step: *step as u32,
                            title: name.into(),
                            step_kind: kind,
                            violation: false,
                            driver: Some(driver.clone()),
                            run: None,
                        },
                        &mut out,
                    );
                    *step += 1;
                } else if *step == STEPS.len() {
                    push(
                        at,
                        Event::TaskFinished {
                            task: *id,
                            title: TITLES[*title].into(),
                            steps_left: 0,
                            override_reason: None,
                            test_first: rng.chance(85),
                            created_at: *focused,
                            first_focused_at: Some(*focused),
                            driver: Some(driver.clone()),
                        },
                        &mut out,
                    );
                    task = None;
                } else {
                    push(
                        at,
                        Event::TaskEdited {
                            task: *id,
                            title: TITLES[*title].into(),
                            driver: Some(driver.clone()),
                        },
                        &mut out,
                    );
                }
            }
        }
        if rng.chance(30) {
            *next_task += 1;
            push(
                t + secs(200),
                Event::TaskAdded {
                    task: TaskId(*next_task),
                    title: "Ask about the flaky CI runner".into(),
                    parked: true,
                    driver: Some(driver.clone()),
                },
                &mut out,
            );
        }
        let mut deadline = deadline;
        if rng.chance(20) {
            push(
                t + secs(300),
                Event::TurnPaused {
                    turn,
                    remaining_ms: 120_000,
                },
                &mut out,
            );
            let back = t + secs(300 + 30 + rng.below(300));
            deadline = back + secs(120);
            push(back, Event::TurnResumed { turn, deadline }, &mut out);
        }
        // Time up (with some overrun) or an early rotation.
        let (ended, reason) = if rng.chance(70) {
            (deadline, EndReason::TimeUp)
        } else {
            (deadline - secs(30 + rng.below(60)), EndReason::RotatedEarly)
        };
        let ended = ended.max(started + secs(400));
        push(
            ended,
            Event::TurnEnded {
                turn,
                driver: Some(driver.clone()),
                reason,
            },
            &mut out,
        );
        push(
            ended,
            Event::Rotated {
                driver: Some(navigator.clone()),
                navigator: Some(person((turn as usize + 1) % people)),
            },
            &mut out,
        );
        push(
            ended + secs(2),
            Event::HookRan {
                hook: "turn_ended".into(),
                command: "cargo test --quiet".into(),
                exit_code: Some(if rng.chance(90) { 0 } else { 101 }),
                timed_out: false,
                output_tail: "test result: ok. 42 passed; 0 failed".into(),
            },
            &mut out,
        );
        t = ended + secs(5 + rng.below(40));
        if rng.chance(60) {
            push(
                t - secs(2),
                Event::HandoverNote {
                    text: "Next: make the CSV quoting test pass".into(),
                    from: Some(driver.clone()),
                    to: Some(navigator.clone()),
                },
                &mut out,
            );
        }
        if rng.chance(5) {
            push(
                t,
                Event::NavigatorSkipped {
                    skipped: person(turn as usize % people),
                    navigator: person((turn as usize + 1) % people),
                },
                &mut out,
            );
        }
        if (turn as usize).is_multiple_of(people) {
            push(
                t,
                Event::MiniRetro {
                    text: "Smaller steps worked well".into(),
                },
                &mut out,
            );
        }
        if turn.is_multiple_of(8) {
            if rng.chance(85) {
                push(
                    t,
                    Event::BreakStarted {
                        due: true,
                        planned_ms: 600_000,
                        ends_at: t + Span::minutes(10),
                    },
                    &mut out,
                );
                t += Span::minutes(10);
                push(
                    t,
                    Event::BreakEnded {
                        taken_ms: 600_000,
                        early: false,
                    },
                    &mut out,
                );
            } else {
                push(t, Event::BreakSkipped, &mut out);
            }
        }
        if rng.chance(1) {
            push(
                t,
                Event::TimeAway {
                    from: t - Span::minutes(3),
                    away_ms: 180_000,
                    choice: AwayChoice::Resume,
                },
                &mut out,
            );
        }
    }
    push(
        t,
        Event::SessionEnded {
            session,
            turns: turn,
        },
        &mut out,
    );
    out
}

/// Writes the whole history into `path` through the real store, a day per transaction.
fn generate(path: &Path) -> (u64, Duration) {
    let began = Instant::now();
    let mut store = Store::open(path).expect("open the bench database");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let first = DateTime::parse_from_rfc3339("2021-01-04T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let mut next_task = 0;
    for d in 0..DAYS {
        let records = day(
            &mut rng,
            u64::from(d) + 1,
            first + Span::days(i64::from(d)),
            &mut next_task,
        );
        store.bulk_append(&records).expect("append a day");
    }
    (store.event_count().unwrap(), began.elapsed())
}

/// Runs `f` `runs` times; returns (median, p99).
fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let began = Instant::now();
            std::hint::black_box(f());
            began.elapsed()
        })
        .collect();
    times.sort();
    let p99 = ((runs * 99).div_ceil(100)).clamp(1, runs) - 1;
    (times[runs / 2], times[p99])
}

fn report(what: &str, (median, p99): (Duration, Duration), target: Duration) {
    let verdict = if median <= target { "ok" } else { "OVER" };
    println!(
        "{what:<44} median {:>9.2} ms   p99 {:>9.2} ms   target {:>4} ms  {verdict}",
        median.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        target.as_millis()
    );
}

fn info(what: &str, (median, p99): (Duration, Duration)) {
    println!(
        "{what:<44} median {:>9.2} ms   p99 {:>9.2} ms",
        median.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
    );
}

fn main() {
    // `cargo test --benches` runs bench binaries with `--bench` absent: keep that quick.
    if !std::env::args().any(|a| a == "--bench") {
        println!("history bench: run with `cargo bench -p mobflow-store --bench history`");
        return;
    }
    let temp = tempfile::tempdir().unwrap();
    let path = std::env::var_os("MOBFLOW_BENCH_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| temp.path().join("history.db"));
    if !path.exists() {
        let (events, took) = generate(&path);
        println!(
            "generated {DAYS} daily sessions, {events} events in {:.1} s",
            took.as_secs_f64()
        );
    }
    let store = Store::open(&path).unwrap();
    let events = store.event_count().unwrap();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "history: {events} events, {:.0} MB file\n",
        size as f64 / 1e6
    );
    let until = DateTime::parse_from_rfc3339("2030-01-01T00:00:00Z")
        .unwrap()
        .with_timezone(&Utc);

    report(
        "list all sessions",
        measure(30, || store.sessions_between(None, None).unwrap()),
        Duration::from_millis(50),
    );
    let mut rng = Rng(7);
    report(
        "one-session retro (load + compute)",
        measure(200, || {
            let id = 1 + rng.below(u64::from(DAYS));
            let records = store.records_for_session(id).unwrap();
            Retro::compute(&records, until)
        }),
        Duration::from_millis(20),
    );
    let month_start = DateTime::parse_from_rfc3339("2024-03-01T00:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let month_end = month_start + Span::days(30);
    report(
        "30-day retro, every event (records_between)",
        measure(20, || {
            let records = store
                .records_between(Some(month_start), Some(month_end))
                .unwrap();
            Retro::compute(&records, until)
        }),
        Duration::from_millis(50),
    );
    let began = Instant::now();
    let first = store.retro_between(None, None, until).unwrap();
    println!(
        "{:<44} once   {:>9.2} ms   (computes and stores each session's retro)",
        "whole-history retro, first call",
        began.elapsed().as_secs_f64() * 1e3
    );
    report(
        "whole-history retro (stored session retros)",
        measure(20, || store.retro_between(None, None, until).unwrap()),
        Duration::from_millis(200),
    );
    report(
        "30-day retro (stored session retros)",
        measure(50, || {
            store
                .retro_between(Some(month_start), Some(month_end), until)
                .unwrap()
        }),
        Duration::from_millis(50),
    );
    let all = store.records_between(None, None).unwrap();
    let single_pass = Retro::compute(&all, until);
    assert_eq!(
        Retro {
            timeline: None,
            ..single_pass
        },
        first,
        "the merged retro is the retro of every event"
    );
    println!(
        "\nwhole history: {} sessions, {} turns, {} tasks finished, keyboard {} h",
        first.sessions.len(),
        first.turns,
        first.tasks.len(),
        first.keyboard_ms / 3_600_000
    );
    println!("for comparison, one pass over every event (what stored retros avoid):");
    info(
        "  load every event",
        measure(3, || store.records_between(None, None).unwrap()),
    );
    info(
        "  compute over every event",
        measure(3, || Retro::compute(&all, until)),
    );
}
