//! Scale benchmark: five years of daily sessions (about a million events) through the real
//! store, then the history queries the app and the CLI make, with their targets.
//!
//! `cargo bench -p mobflow-store --bench history`. Set `MOBFLOW_BENCH_DB=/some/file.db` to keep
//! the generated file and reuse it on the next run (it is regenerated when absent).
//!
//! `MOBFLOW_BENCH_DB=/some/mobflow.db cargo bench -p mobflow-store --bench history -- --generate`
//! only writes the file (when absent) and times nothing: the history `scripts/measure-history`
//! opens in the real app. `MOBFLOW_BENCH_DAYS=N` writes the first N days only (the same days:
//! the generator is deterministic).

// A benchmark times things: reading the clock is its job.
#![allow(clippy::disallowed_methods)]

mod day;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, Duration as Span, Utc};
use mobflow_core::retro::{Retro, WholeLists};
use mobflow_core::Timestamp;
use mobflow_store::Store;

use day::{day, Rng};

/// Days of history: five years, a session every day.
const DAYS: u32 = 5 * 365 + 1;

/// How many days to write: `MOBFLOW_BENCH_DAYS`, else [`DAYS`].
fn days() -> u32 {
    std::env::var("MOBFLOW_BENCH_DAYS")
        .ok()
        .and_then(|d| d.parse().ok())
        .filter(|&d| d > 0)
        .unwrap_or(DAYS)
}

/// Writes the whole history into `path` through the real store, a day per transaction.
fn generate(path: &Path) -> (u64, Duration) {
    let began = Instant::now();
    let mut store = Store::open(path).expect("open the bench database");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let first = utc("2021-01-04T09:00:00Z");
    let mut next_task = 0;
    for d in 0..days() {
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

/// A time as the bench writes it: RFC 3339, UTC.
fn utc(text: &str) -> Timestamp {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

/// The 30 days a range retro covers.
fn month() -> (Timestamp, Timestamp) {
    let start = utc("2024-03-01T00:00:00Z");
    (start, start + Span::days(30))
}

fn main() {
    // `cargo test --benches` runs bench binaries with `--bench` absent: keep that quick.
    if !std::env::args().any(|a| a == "--bench") {
        println!("history bench: run with `cargo bench -p mobflow-store --bench history`");
        return;
    }
    if std::env::args().any(|a| a == "--generate") {
        let Some(path) = std::env::var_os("MOBFLOW_BENCH_DB") else {
            eprintln!("history bench: --generate needs MOBFLOW_BENCH_DB=/path/to/mobflow.db");
            std::process::exit(2);
        };
        open_history(Path::new(&path));
        return;
    }
    let temp = tempfile::tempdir().unwrap();
    let path = std::env::var_os("MOBFLOW_BENCH_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| temp.path().join("history.db"));
    let store = open_history(&path);
    let until = utc("2030-01-01T00:00:00Z");
    time_event_queries(&store, until);
    let whole = time_stored_retros(&store, until);
    compare_with_one_pass(&store, &whole, until);
}

/// Opens the history at `path`, generating it first when the file is absent.
fn open_history(path: &Path) -> Store {
    if !path.exists() {
        let (events, took) = generate(path);
        println!(
            "generated {} daily sessions, {events} events in {:.1} s",
            days(),
            took.as_secs_f64()
        );
    }
    let store = Store::open(path).unwrap();
    let events = store.event_count().unwrap();
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!(
        "history: {events} events, {:.0} MB file\n",
        size as f64 / 1e6
    );
    store
}

/// The queries that read events: the session list, one session's retro, a month's retro.
fn time_event_queries(store: &Store, until: Timestamp) {
    report(
        "list all sessions",
        measure(30, || store.sessions_between(None, None).unwrap()),
        Duration::from_millis(50),
    );
    let mut rng = Rng(7);
    report(
        "one-session retro (load + compute)",
        measure(200, || {
            let id = 1 + rng.below(u64::from(days()));
            let records = store.records_for_session(id).unwrap();
            Retro::compute(&records, until)
        }),
        Duration::from_millis(20),
    );
    let (month_start, month_end) = month();
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
}

/// The retros merged from stored session retros; returns the whole history's.
fn time_stored_retros(store: &Store, until: Timestamp) -> Retro {
    let began = Instant::now();
    let whole = store.retro_between(None, None, until).unwrap();
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
        "whole-history view (heads, newest 100)",
        measure(20, || store.retro_newest(None, None, until, 100).unwrap()),
        Duration::from_millis(50),
    );
    let mut cut = whole.clone();
    let lengths = WholeLists::cut(&mut cut, 100);
    assert_eq!(
        store.retro_newest(None, None, until, 100).unwrap(),
        (cut, lengths),
        "the view merged from heads is the whole-history retro, cut"
    );
    let (month_start, month_end) = month();
    report(
        "30-day retro (stored session retros)",
        measure(50, || {
            store
                .retro_between(Some(month_start), Some(month_end), until)
                .unwrap()
        }),
        Duration::from_millis(50),
    );
    whole
}

/// Checks the merged retro against one pass over every event, and times that pass.
fn compare_with_one_pass(store: &Store, whole: &Retro, until: Timestamp) {
    let all = store.records_between(None, None).unwrap();
    let single_pass = Retro::compute(&all, until);
    assert_eq!(
        &Retro {
            timeline: None,
            ..single_pass
        },
        whole,
        "the merged retro is the retro of every event"
    );
    println!(
        "\nwhole history: {} sessions, {} turns, {} tasks finished, keyboard {} h",
        whole.sessions.len(),
        whole.turns,
        whole.tasks.len(),
        whole.keyboard_ms / 3_600_000
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
