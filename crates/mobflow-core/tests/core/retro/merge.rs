//! The merge of session retros against one pass over all their events.

use chrono::{DateTime, Duration, Utc};
use mobflow_core::board::TaskId;
use mobflow_core::retro::Retro;
use mobflow_core::{Event, Record};
use proptest::prelude::*;

use super::fuzz::any_event;
use super::{at, ev, finished, session};

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
fn whole(parts: &[Vec<Record>], until: DateTime<Utc>) -> Retro {
    let all: Vec<Record> = parts.iter().flatten().cloned().collect();
    Retro {
        timeline: None,
        ..Retro::compute(&all, until)
    }
}

fn merged(parts: &[Vec<Record>], until: DateTime<Utc>) -> Retro {
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
        assert_eq!(
            merged_with_timelines(&parts, until),
            whole_with_timeline(&parts, until),
            "{} sessions with their timelines: the same, timeline too (a task reopened in a \
             later session is named as one pass names it)",
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
    assert_eq!(all.sessions, [1, 2, 3], "every part's session, ascending");
    assert_eq!(
        all.keyboard_ms,
        3 * 900_000,
        "three copies of the same session"
    );
    assert_eq!(
        all.timeline, None,
        "merged from parts without a timeline (stored session retros): none"
    );
}

/// The retro of all the events, timeline and all.
fn whole_with_timeline(parts: &[Vec<Record>], until: DateTime<Utc>) -> Retro {
    let all: Vec<Record> = parts.iter().flatten().cloned().collect();
    Retro::compute(&all, until)
}

fn merged_with_timelines(parts: &[Vec<Record>], until: DateTime<Utc>) -> Retro {
    Retro::merge(parts.iter().map(|p| Retro::compute(p, until)))
}

#[test]
fn a_range_keeps_its_sessions_timelines_exactly_as_one_pass_draws_them() {
    let second = as_session(&session(), 2, 86_400);
    let third = as_session(&session(), 3, 2 * 86_400 + 3600);
    let parts = [session(), second, third];
    let until = at(10 * 86_400);
    let merged = merged_with_timelines(&parts, until);
    let one_pass = whole_with_timeline(&parts, until);
    assert_eq!(
        merged, one_pass,
        "the merge is the retro of all events, timeline too"
    );
    let timeline = merged.timeline.expect("every part had a timeline");
    let one = Retro::compute(&session(), until).timeline.unwrap();
    assert_eq!(
        timeline.segments.len(),
        3 * one.segments.len(),
        "three sessions' segments, none lost or doubled"
    );
    let sessions: Vec<Option<u64>> = timeline.segments.iter().map(|s| s.session).collect();
    let mut in_order = sessions.clone();
    in_order.sort();
    assert_eq!(sessions, in_order, "session by session, in time order");
    assert!(
        timeline
            .segments
            .windows(2)
            .all(|w| w[0].start <= w[1].start),
        "segments ordered by start across the sessions"
    );
    assert!(
        timeline.points.windows(2).all(|w| w[0].at <= w[1].at),
        "points ordered by time across the sessions"
    );
    let first_of_third = timeline
        .segments
        .iter()
        .find(|s| s.session == Some(3))
        .unwrap();
    assert_eq!(
        first_of_third.start,
        one.segments[0].start + Duration::seconds(2 * 86_400 + 3600),
        "each session keeps its own instants: the gap between sessions is not drawn as a segment"
    );
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
        prop_assert_eq!(merged(&parts, until), whole(&parts, until), "the merge is the retro of all events");
        prop_assert_eq!(
            merged_with_timelines(&parts, until),
            whole_with_timeline(&parts, until),
            "with every part's timeline, the merge's timeline is the one pass's"
        );
    }
}
