//! Exports of a retro, checked against exact expected text.

use chrono::{DateTime, Duration, Utc};
use mobflow_api::export::{self, Format};
use mobflow_core::board::TaskId;
use mobflow_core::retro::Retro;
use mobflow_core::{EndReason, Event, MemberId, Person, Record};

fn at(s: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
        + Duration::seconds(s)
}

fn who(id: u32) -> Person {
    Person {
        id: MemberId(id),
        name: ["Ada", "Bob", "Cy"][id as usize].into(),
    }
}

fn ev(s: i64, event: Event) -> Record {
    Record {
        at: at(s),
        session: Some(3),
        event,
    }
}

fn turn(s: i64, turn: u32, driver: u32, navigator: u32) -> Record {
    ev(
        s,
        Event::TurnStarted {
            turn,
            driver: who(driver),
            navigator: Some(who(navigator)),
            deadline: at(s + 600),
        },
    )
}

fn end(s: i64, turn: u32, reason: EndReason) -> Record {
    ev(
        s,
        Event::TurnEnded {
            turn,
            driver: None,
            reason,
        },
    )
}

/// Session 3: four turns, a pause, an overrun, a break, two tasks, a note, a retro line and a
/// failed hook. Ada drives 20 min, Bob 10, Cy 5.
fn retro() -> Retro {
    let records = vec![
        ev(0, Event::SessionStarted { session: 3 }),
        turn(0, 1, 0, 1),
        ev(
            30,
            Event::TaskFocused {
                task: TaskId(1),
                title: "Login, \"remember me\"".into(),
                driver: Some(who(0)),
            },
        ),
        ev(
            300,
            Event::TurnPaused {
                turn: 1,
                remaining_ms: 300_000,
            },
        ),
        ev(
            360,
            Event::TurnResumed {
                turn: 1,
                deadline: at(660),
            },
        ),
        end(660, 1, EndReason::TimeUp),
        turn(720, 2, 1, 2),
        ev(
            1200,
            Event::TaskFinished {
                task: TaskId(1),
                title: "Login, \"remember me\"".into(),
                steps_left: 0,
                override_reason: None,
                test_first: true,
                created_at: at(-3000),
                first_focused_at: Some(at(30)),
                driver: Some(who(1)),
            },
        ),
        end(1320, 2, EndReason::RotatedEarly),
        ev(
            1325,
            Event::HandoverNote {
                text: "Next: CSV quoting".into(),
                from: Some(who(1)),
                to: Some(who(2)),
            },
        ),
        turn(1330, 3, 2, 0),
        ev(
            1400,
            Event::TaskFinished {
                task: TaskId(2),
                title: "Pipe | title".into(),
                steps_left: 2,
                override_reason: Some("spike, no tests".into()),
                test_first: false,
                created_at: at(0),
                first_focused_at: None,
                driver: Some(who(2)),
            },
        ),
        ev(
            1500,
            Event::MiniRetro {
                text: "Shorter turns felt better".into(),
            },
        ),
        end(1630, 3, EndReason::Break),
        ev(
            1630,
            Event::BreakStarted {
                due: true,
                planned_ms: 600_000,
                ends_at: at(2230),
            },
        ),
        ev(
            2230,
            Event::BreakEnded {
                taken_ms: 600_000,
                early: false,
            },
        ),
        turn(2400, 4, 0, 1),
        ev(
            2450,
            Event::HookRan {
                hook: "turn_started".into(),
                command: "cargo test".into(),
                exit_code: Some(1),
                timed_out: false,
                output_tail: "1 failed".into(),
            },
        ),
        end(3000, 4, EndReason::SessionEnded),
        ev(
            3000,
            Event::SessionEnded {
                session: 3,
                turns: 4,
            },
        ),
    ];
    Retro::compute(&records, at(9999))
}

#[test]
fn durations_read_like_people_write_them() {
    for (ms, want) in [
        (0, "0s"),
        (999, "0s"),
        (45_000, "45s"),
        (750_000, "12m30s"),
        (3_900_000, "1h05m"),
        (36_000_000 + 59_999, "10h00m"),
    ] {
        assert_eq!(export::duration(ms), want, "{ms} ms");
    }
}

#[test]
fn markdown_for_a_retro_board() {
    let md = export::markdown(&retro(), "Session 3: Kata");
    let want = "\
# Session 3: Kata

Session 3 · 2026-11-23 09:00–09:50 UTC · 50m00s

- **Keyboard time:** 35m00s over 4 turns
- **Fairness:** 4.00 (most ÷ least keyboard time)
- **Overrun:** 1m00s after 1 time-up hand-over (1m00s on average)
- **Pauses:** 1 (1m00s)
- **Breaks:** 1 due, 1 taken, 0 skipped, 0 early (10m00s)
- **Tasks finished:** 2, test-first 50%
- **Parked thoughts:** 0
- **Navigator skips:** 0
- **Hooks:** 1 ran, 1 failed (0 timed out)
- **Time away:** 0s

## Keyboard time

| Person | Keyboard | Share | Drove | Navigated | |
|:--|--:|--:|--:|--:|:--|
| Ada | 20m00s | 57% | 2 | 1 | ███████████░░░░░░░░░ |
| Bob | 10m00s | 29% | 1 | 2 | ██████░░░░░░░░░░░░░░ |
| Cy | 5m00s | 14% | 1 | 1 | ███░░░░░░░░░░░░░░░░░ |

## Tasks finished

| Task | Cycle time | Test-first |
|:--|--:|:-:|
| #1 Login, \"remember me\" | 19m30s | ✓ |
| #2 Pipe \\| title | 23m20s | ✗ (override: spike, no tests) |

## Mini-retro

- Shorter turns felt better

## Hand-over notes

- 09:22 Bob → Cy: Next: CSV quoting
";
    assert_eq!(md, want, "got:\n{md}");
}

#[test]
fn markdown_of_nothing_says_so() {
    let md = export::markdown(&Retro::compute(&[], at(0)), "Retro since 2027-01-01");
    assert_eq!(md, "# Retro since 2027-01-01\n\nNothing was recorded.\n");
}

#[test]
fn csv_has_a_row_per_turn_and_per_task_with_rfc4180_quoting() {
    let csv = export::csv(&retro());
    let want = "\
session,turn,driver,navigator,start,end,keyboard_ms,paused_ms,handover_ms,overrun\r
3,1,Ada,Bob,2026-11-23T09:00:00Z,2026-11-23T09:11:00Z,600000,60000,60000,true\r
3,2,Bob,Cy,2026-11-23T09:12:00Z,2026-11-23T09:22:00Z,600000,0,10000,false\r
3,3,Cy,Ada,2026-11-23T09:22:10Z,2026-11-23T09:27:10Z,300000,0,0,false\r
3,4,Ada,Bob,2026-11-23T09:40:00Z,2026-11-23T09:50:00Z,600000,0,0,false\r
\r
task,title,finished_at,cycle_ms,test_first,override_reason,steps_left,driver\r
1,\"Login, \"\"remember me\"\"\",2026-11-23T09:20:00Z,1170000,true,,0,Bob\r
2,Pipe | title,2026-11-23T09:23:20Z,1400000,false,\"spike, no tests\",2,Cy\r
";
    assert_eq!(csv, want, "got:\n{csv}");
    assert_eq!(
        export::render(&retro(), "x", Format::Csv),
        csv,
        "--format csv is turns, a blank line, tasks"
    );
}

#[test]
fn csv_turns_of_a_merged_retro_is_just_the_header() {
    let merged = Retro::merge([retro()].map(|r| Retro {
        timeline: None,
        ..r
    }));
    assert_eq!(
        export::csv_turns(&merged),
        "session,turn,driver,navigator,start,end,keyboard_ms,paused_ms,handover_ms,overrun\r\n",
        "turn rows come from the timeline, which a merged retro lacks"
    );
}

#[test]
fn json_is_the_complete_retro() {
    let retro = retro();
    let json = export::json(&retro);
    assert!(json.ends_with("}\n"), "ends with a newline");
    let back: Retro = serde_json::from_str(&json).unwrap();
    assert_eq!(back, retro, "nothing is lost");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["start"], "2026-11-23T09:00:00Z", "RFC 3339 UTC");
    assert_eq!(value["keyboard_ms"], 2_100_000, "milliseconds");
    assert_eq!(value["people"][0]["share"], 0.5714);
}

/// The whole JSON of a one-minute session with no turns: every field, in order.
const SHORT_SESSION_JSON: &str = r#"{
  "sessions": [
    3
  ],
  "start": "2026-11-23T09:00:00Z",
  "end": "2026-11-23T09:01:00Z",
  "span_ms": 60000,
  "turns": 0,
  "keyboard_ms": 0,
  "people": [],
  "fairness": {
    "ratio": null,
    "shares": []
  },
  "overrun": {
    "count": 0,
    "total_ms": 0,
    "average_ms": null
  },
  "skips": 0,
  "pauses": {
    "count": 0,
    "total_ms": 0
  },
  "breaks": {
    "due": 0,
    "taken": 0,
    "skipped": 0,
    "early": 0,
    "total_ms": 0
  },
  "tasks": [],
  "reopened": [],
  "test_first": null,
  "parked_thoughts": 0,
  "handover_notes": [],
  "retro_lines": [],
  "hooks": {
    "ran": 0,
    "failed": 0,
    "timed_out": 0
  },
  "away_ms": 0,
  "timeline": {
    "segments": [],
    "points": [
      {
        "kind": "session_started",
        "at": "2026-11-23T09:00:00Z",
        "session": 3,
        "text": "Session 3 started",
        "who": null
      },
      {
        "kind": "session_ended",
        "at": "2026-11-23T09:01:00Z",
        "session": 3,
        "text": "Session 3 ended",
        "who": null
      }
    ]
  }
}
"#;

#[test]
fn json_of_a_short_session_is_exactly_this() {
    let tiny = Retro::compute(
        &[
            ev(0, Event::SessionStarted { session: 3 }),
            ev(
                60,
                Event::SessionEnded {
                    session: 3,
                    turns: 0,
                },
            ),
        ],
        at(60),
    );
    assert_eq!(
        export::json(&tiny),
        SHORT_SESSION_JSON,
        "the exact JSON, every field in order"
    );
}
