//! A turn's deadline passes while storage fails under the app: the hand-over comes at the
//! deadline, `status` answers throughout and says what is wrong, and once storage works again
//! every change is in the database, in order, once.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use mobflow_api::protocol::Request;
use mobflow_api::TimerState;
use mobflow_core::Command;
use serde_json::Value;

use super::faults::{db, is_root, Fault, FullDisk, ReadOnly, WriteLock};
use super::{call, launch, ms};
use crate::support::{wait_until, Env, Seed};

/// Time left in the seeded paused turn: the deadline comes this long after `resume`.
const LEFT_SECS: i64 = 4;

#[test]
fn a_write_lock_across_the_deadline_does_not_stop_the_clock() {
    let env = Env::new();
    seed_paused_turn(&env);
    deadline_through(&mut WriteLock(None), &env);
}

#[test]
fn a_read_only_data_folder_does_not_stop_the_clock() {
    if !is_root() {
        println!("storage faults: read-only folder SKIPPED: mounting needs root");
        return;
    }
    let env = Env::new();
    seed_paused_turn(&env);
    deadline_through(&mut ReadOnly::new(env.data.path()), &env);
}

#[test]
fn a_full_disk_does_not_stop_the_clock() {
    if !is_root() {
        println!("storage faults: full disk SKIPPED: mounting a tmpfs needs root");
        return;
    }
    let env = Env::new();
    let mut fault = FullDisk::mount(env.data.path());
    seed_paused_turn(&env);
    deadline_through(&mut fault, &env);
}

/// A mob of two with a one-minute turn, paused with `LEFT_SECS` to go, as an app that ran until
/// a few seconds ago left it (so no time away is asked about).
fn seed_paused_turn(env: &Env) {
    let started = Utc::now() - chrono::Duration::seconds(70);
    let paused = started + chrono::Duration::seconds(60 - LEFT_SECS);
    let mut seed = Seed::open(env);
    for command in [
        Command::AddMember { name: "Ada".into() },
        Command::AddMember { name: "Bob".into() },
        Command::SetTurnLength { minutes: 1 },
        Command::Start,
    ] {
        seed.run_at(command, started);
    }
    seed.run_at(Command::Pause, paused);
}

/// What the watch of one fault measured.
#[derive(Default)]
struct Watch {
    /// Status requests the app answered over its socket, and the slowest answer.
    asked: u32,
    slowest_answer: Duration,
    /// `mobflow status` runs (all exit 0), and the slowest (process start included).
    polls: u32,
    slowest_cli: Duration,
}

impl Watch {
    /// `mobflow status --json`, which must answer whatever storage does.
    fn cli(&mut self, env: &Env) -> Value {
        let run = env.cli(&["status", "--json"]);
        assert_eq!(
            run.code(),
            0,
            "`mobflow status` answers whatever storage does: {}",
            run.stderr()
        );
        self.polls += 1;
        self.slowest_cli = self.slowest_cli.max(run.took);
        serde_json::from_str(&run.stdout()).unwrap()
    }
}

fn deadline_through(fault: &mut dyn Fault, env: &Env) {
    let name = fault.name();
    let home = tempfile::tempdir().unwrap();
    let app = launch(env, &home);
    let mut watch = Watch::default();
    let s = watch.cli(env);
    assert_eq!(s["state"], "paused", "the seeded turn comes back paused");
    assert_eq!(s["storage"]["ok"], true, "storage works before the fault");
    let seeded = last_seq(env);

    fault.inject(env, &app);
    let injected = Instant::now();
    let deadline = resume_unsaved(env, name);
    let late = watch_for_handover(env, deadline, &mut watch, name);
    let note = env.cli(&["note", "take", "the", "keyboard"]);
    assert_eq!(note.code(), 0, "a note is taken: {}", note.stderr());
    assert!(
        note.stderr().contains("not saved yet"),
        "{:?}",
        note.stderr()
    );
    let shown = failure_shown(env, fault, &mut watch);
    if let Ok(kinds) = kinds_after(env, seeded) {
        assert_eq!(
            kinds,
            Vec::<String>::new(),
            "nothing reached the file during the fault ({name})"
        );
    }

    let held = injected.elapsed();
    fault.clear();
    let cleared = Instant::now();
    wait_until(
        Duration::from_secs(30),
        "the waiting changes to be written",
        || {
            let s = watch.cli(env);
            s["storage"]["ok"] == true && s["storage"]["pending"] == 0
        },
    );
    let caught_up = cleared.elapsed();
    assert_eq!(
        kinds_after(env, seeded).unwrap(),
        ["turn_resumed", "turn_ended", "rotated", "handover_note"],
        "every change, in order, once ({name})"
    );
    drop(app);
    let _app = launch(env, &home);
    let s = watch.cli(env);
    assert_eq!(
        (s["state"].clone(), s["handover_note"].clone()),
        ("handover".into(), "take the keyboard".into()),
        "a restart finds what was written after the fault ({name})"
    );
    println!(
        "storage faults: {name}: hand-over seen {late} ms after the deadline, the fault held for \
         {:.1} s; the app answered {asked} of {asked} status requests (slowest {} ms), the CLI \
         {polls} of {polls} (slowest {} ms, process start included); banner: {:?} with {} \
         changes waiting; all written, in order, once, {} ms after the fault cleared",
        held.as_secs_f64(),
        ms(watch.slowest_answer),
        ms(watch.slowest_cli),
        shown["reason"].as_str().unwrap_or_default(),
        shown["pending"],
        ms(caught_up),
        asked = watch.asked,
        polls = watch.polls,
    );
}

/// `mobflow resume` during the fault: applied and answered, saying it is not on disk yet.
/// Returns the new deadline.
fn resume_unsaved(env: &Env, name: &str) -> DateTime<Utc> {
    let resume = env.cli(&["resume"]);
    assert_eq!(
        resume.code(),
        0,
        "a command is applied and answered while {name}: {}",
        resume.stderr()
    );
    assert!(
        resume.stderr().contains("not saved yet"),
        "the answer says the change is not on disk yet ({name}): {:?}",
        resume.stderr()
    );
    let s = env.status();
    assert_eq!(s["state"], "running", "resumed in memory");
    serde_json::from_value(s["deadline"].clone()).unwrap()
}

/// Watches, through the socket (the app's own answer time) and now and then the CLI, until
/// the hand-over shows; the fault holds all the while. Returns how late it was seen, in ms.
fn watch_for_handover(env: &Env, deadline: DateTime<Utc>, watch: &mut Watch, name: &str) -> i64 {
    let socket = env.socket();
    loop {
        let start = Instant::now();
        let s = call(&socket, Request::Status)
            .unwrap_or_else(|e| panic!("the app answers during the fault ({name}): {e:?}"));
        watch.slowest_answer = watch.slowest_answer.max(start.elapsed());
        watch.asked += 1;
        if s.state == TimerState::Handover {
            return (Utc::now() - deadline).num_milliseconds();
        }
        if watch.asked.is_multiple_of(16) {
            watch.cli(env);
        }
        assert!(
            Utc::now() < deadline + chrono::Duration::seconds(20),
            "no hand-over 20 s after the deadline with {name}: the timer waited for storage"
        );
    }
}

/// Waits until `status` reports the failure, its reason and the three changes waiting (resume,
/// the turn's end, the note); checks the words `mobflow status` prints. Returns `storage`.
fn failure_shown(env: &Env, fault: &dyn Fault, watch: &mut Watch) -> Value {
    let mut shown = Value::Null;
    wait_until(
        Duration::from_secs(20),
        "storage to report the failure with three changes waiting",
        || {
            shown = watch.cli(env)["storage"].clone();
            shown["ok"] == false && shown["pending"].as_u64() >= Some(3)
        },
    );
    let reason = shown["reason"].as_str().unwrap_or_default();
    assert!(
        reason.contains(fault.reason()),
        "the reason names the fault ({}): {reason:?}",
        fault.name()
    );
    assert!(
        shown["since"].is_string(),
        "the banner says since when: {shown}"
    );
    let text = env.ok(&["status"]);
    assert!(
        text.contains("History not saved since") && text.contains(reason),
        "`mobflow status` says it in words: {text}"
    );
    shown
}

fn last_seq(env: &Env) -> i64 {
    db(env)
        .query_row("SELECT COALESCE(MAX(seq), 0) FROM events", [], |r| r.get(0))
        .unwrap()
}

/// The kinds of the events after `seq`, in the order they were written; an error when the file
/// cannot be read at all (a read-only folder or a full disk may stop any reader of a WAL
/// database, this test included).
fn kinds_after(env: &Env, seq: i64) -> rusqlite::Result<Vec<String>> {
    let db = rusqlite::Connection::open_with_flags(
        env.data.path().join(mobflow_store::DB_FILE),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )?;
    let mut stmt = db.prepare("SELECT kind FROM events WHERE seq > ?1 ORDER BY seq")?;
    let kinds = stmt.query_map([seq], |r| r.get(0))?;
    kinds.collect()
}
