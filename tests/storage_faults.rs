//! Faults injected from outside the running app: storage that stops working under it (a write
//! lock held by another program, a read-only data folder, a full disk), kill -9 at random
//! moments, a retried request, a crowd on the socket. Each test prints what it measured.
//!
//! The promise held here (ARCHITECTURE.md, "Durability"): the timer never waits on storage; a
//! command is answered once applied, and its answer says whether it is on disk (`storage`);
//! changes that could not be written are kept and written in order, once, when storage works
//! again; an answer that said "on disk" survives kill -9.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::DirBuilderExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use mobflow_api::protocol::{Request, Response};
use mobflow_api::{client, ApiError, Snapshot};
use mobflow_core::Command;
use serde_json::Value;

use crate::support::{wait_until, App, Env, Seed};

/// Time left in the seeded paused turn: the deadline comes this long after `resume`.
const LEFT_SECS: i64 = 4;

fn is_root() -> bool {
    // SAFETY: geteuid(2) reads the process's effective uid; no memory is involved.
    unsafe { libc::geteuid() == 0 }
}

/// One request to the app through the client the CLI uses; its snapshot.
fn call(socket: &Path, request: Request) -> Result<Snapshot, ApiError> {
    match client::call(socket, &request)? {
        Response::Ok { snapshot, .. } => Ok(*snapshot),
        Response::Error { error } => Err(error),
    }
}

fn ms(d: Duration) -> u128 {
    d.as_millis()
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

fn db(env: &Env) -> rusqlite::Connection {
    rusqlite::Connection::open(env.data.path().join(mobflow_store::DB_FILE)).unwrap()
}

fn last_seq(env: &Env) -> i64 {
    db(env)
        .query_row("SELECT COALESCE(MAX(seq), 0) FROM events", [], |r| r.get(0))
        .unwrap()
}

/// The kinds of the events after `seq`, in the order they were written.
fn kinds_after(env: &Env, seq: i64) -> Vec<String> {
    try_kinds_after(env, seq).unwrap()
}

/// The same, when the file can be read at all (a read-only folder or a full disk may stop any
/// reader of a WAL database, this test included).
fn try_kinds_after(env: &Env, seq: i64) -> rusqlite::Result<Vec<String>> {
    let db = rusqlite::Connection::open_with_flags(
        env.data.path().join(mobflow_store::DB_FILE),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )?;
    let mut stmt = db.prepare("SELECT kind FROM events WHERE seq > ?1 ORDER BY seq")?;
    let kinds = stmt.query_map([seq], |r| r.get(0))?;
    kinds.collect()
}

/// The files of the app's database it holds open (the writer's connection).
fn open_db_files(app: &App, dir: &Path) -> Vec<PathBuf> {
    let fds = format!("/proc/{}/fd", app.child.id());
    std::fs::read_dir(fds)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|fd| std::fs::read_link(fd.path()).ok())
                .filter(|target| {
                    target.starts_with(dir)
                        && target
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with("mobflow.db"))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Waits until the app's writer has closed its idle connection, so its next write opens the
/// file afresh (through whatever is mounted there by then).
fn wait_for_idle_writer(app: &App, dir: &Path) {
    wait_until(
        Duration::from_secs(20),
        "the writer to close its idle connection",
        || open_db_files(app, dir).is_empty(),
    );
}

fn run(program: &str, args: &[&str]) {
    let out = std::process::Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} must be installed: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What goes wrong with storage, injected and cleared from outside the app.
trait Fault {
    fn name(&self) -> &'static str;
    /// Words the app's `storage.reason` must contain (any of them): SQLite's own.
    fn reasons(&self) -> &'static [&'static str];
    fn inject(&mut self, env: &Env, app: &App);
    fn clear(&mut self);
}

/// Another connection holds the write lock (`BEGIN IMMEDIATE`), as an `sqlite3` shell or a
/// backup tool would.
struct WriteLock(Option<rusqlite::Connection>);

impl Fault for WriteLock {
    fn name(&self) -> &'static str {
        "the database locked by another connection"
    }
    fn reasons(&self) -> &'static [&'static str] {
        &["database is locked"]
    }
    fn inject(&mut self, env: &Env, _app: &App) {
        let conn = db(env);
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        self.0 = Some(conn);
    }
    fn clear(&mut self) {
        if let Some(conn) = self.0.take() {
            conn.execute_batch("COMMIT").unwrap();
        }
    }
}

/// The data folder turns read-only: a read-only bind mount over it (chmod does not stop root).
struct ReadOnly {
    dir: PathBuf,
    mounted: bool,
}

impl Fault for ReadOnly {
    fn name(&self) -> &'static str {
        "a read-only data folder"
    }
    fn reasons(&self) -> &'static [&'static str] {
        &["the data folder is read-only"]
    }
    fn inject(&mut self, _env: &Env, app: &App) {
        wait_for_idle_writer(app, &self.dir);
        let dir = self.dir.to_str().unwrap();
        run("mount", &["--bind", dir, dir]);
        self.mounted = true;
        run("mount", &["-o", "remount,bind,ro", dir]);
    }
    fn clear(&mut self) {
        if std::mem::take(&mut self.mounted) {
            run("umount", &[self.dir.to_str().unwrap()]);
        }
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        if self.mounted {
            let _ = std::process::Command::new("umount")
                .args(["-l", self.dir.to_str().unwrap()])
                .status();
        }
    }
}

/// The data folder is a small tmpfs, filled to the last byte by another file.
struct FullDisk {
    dir: PathBuf,
    mounted: bool,
    filler: Option<PathBuf>,
}

impl FullDisk {
    /// Mounts a 4 MiB tmpfs on `dir` (before anything is written there).
    fn mount(dir: &Path) -> FullDisk {
        let path = dir.to_str().unwrap();
        run(
            "mount",
            &["-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", path],
        );
        FullDisk {
            dir: dir.to_path_buf(),
            mounted: true,
            filler: None,
        }
    }
}

impl Fault for FullDisk {
    fn name(&self) -> &'static str {
        "a full disk"
    }
    fn reasons(&self) -> &'static [&'static str] {
        &["the disk is full"]
    }
    fn inject(&mut self, _env: &Env, app: &App) {
        // A connection that stays open could write into the space its log already has.
        wait_for_idle_writer(app, &self.dir);
        let path = self.dir.join("filler");
        let mut file = std::fs::File::create(&path).unwrap();
        let chunk = vec![0xa5u8; 64 * 1024];
        let mut filled = 0usize;
        loop {
            match file.write(&chunk) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.raw_os_error() == Some(libc::ENOSPC) => break,
                Err(e) => panic!("filling the disk: {e}"),
            }
        }
        let _ = file.sync_all();
        println!("storage faults: filled the 4 MiB data folder with {filled} bytes");
        self.filler = Some(path);
    }
    fn clear(&mut self) {
        if let Some(path) = self.filler.take() {
            std::fs::remove_file(path).unwrap();
        }
    }
}

impl Drop for FullDisk {
    fn drop(&mut self) {
        if self.mounted {
            let _ = std::process::Command::new("umount")
                .args(["-l", self.dir.to_str().unwrap()])
                .status();
        }
    }
}

fn status_json(env: &Env) -> (Value, Duration) {
    let run = env.cli(&["status", "--json"]);
    assert_eq!(
        run.code(),
        0,
        "`mobflow status` must answer whatever storage does: {}",
        run.stderr()
    );
    (serde_json::from_str(&run.stdout()).unwrap(), run.took)
}

/// A turn's deadline passes while `fault` holds: the hand-over comes at the deadline, `status`
/// answers throughout and says what is wrong, and once the fault is cleared every change is in
/// the database, in order, once.
fn deadline_through(fault: &mut dyn Fault, env: &Env, home: &tempfile::TempDir) {
    let app = launch(env, home);
    let name = fault.name();
    let (s, _) = status_json(env);
    assert_eq!(s["state"], "paused", "the seeded turn comes back paused");
    assert_eq!(s["storage"]["ok"], true, "storage works before the fault");
    let seeded = last_seq(env);

    fault.inject(env, &app);
    let injected = Instant::now();
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
    let (s, _) = status_json(env);
    assert_eq!(s["state"], "running", "resumed in memory");
    let deadline: DateTime<Utc> = serde_json::from_value(s["deadline"].clone()).unwrap();

    // Until the hand-over shows, the fault holds: the timer must not wait for it. Watched
    // through the socket (the app's own answer time) and, now and then, the CLI.
    let socket = env.socket();
    let mut polls = 0u32;
    let mut slowest = Duration::ZERO;
    let mut asked = 0u32;
    let mut slowest_answer = Duration::ZERO;
    let seen = loop {
        let start = Instant::now();
        let s = call(&socket, Request::Status)
            .unwrap_or_else(|e| panic!("the app answers during the fault ({name}): {e:?}"));
        slowest_answer = slowest_answer.max(start.elapsed());
        asked += 1;
        if s.state == mobflow_api::TimerState::Handover {
            break Utc::now();
        }
        if asked.is_multiple_of(16) {
            let (_, took) = status_json(env);
            polls += 1;
            slowest = slowest.max(took);
        }
        assert!(
            Utc::now() < deadline + chrono::Duration::seconds(20),
            "no hand-over 20 s after the deadline with {name}: the timer waited for storage"
        );
    };
    let late = (seen - deadline).num_milliseconds();

    let note = env.cli(&["note", "take", "the", "keyboard"]);
    assert_eq!(
        note.code(),
        0,
        "a note is taken during the fault: {}",
        note.stderr()
    );
    assert!(
        note.stderr().contains("not saved yet"),
        "{:?}",
        note.stderr()
    );
    let mut shown = Value::Null;
    wait_until(
        Duration::from_secs(20),
        "storage to report the failure with three changes waiting",
        || {
            let (s, took) = status_json(env);
            polls += 1;
            slowest = slowest.max(took);
            shown = s["storage"].clone();
            shown["ok"] == false && shown["pending"].as_u64() >= Some(3)
        },
    );
    let reason = shown["reason"].as_str().unwrap_or_default().to_owned();
    assert!(
        fault.reasons().iter().any(|r| reason.contains(r)),
        "the reason names the fault ({name}): {reason:?}"
    );
    assert!(
        shown["since"].is_string(),
        "the banner says since when: {shown}"
    );
    let text = env.ok(&["status"]);
    assert!(
        text.contains("History not saved since") && text.contains(&reason),
        "`mobflow status` says it in words: {text}"
    );
    if let Ok(kinds) = try_kinds_after(env, seeded) {
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
            let (s, _) = status_json(env);
            s["storage"]["ok"] == true && s["storage"]["pending"] == 0
        },
    );
    let caught_up = cleared.elapsed();
    assert_eq!(
        kinds_after(env, seeded),
        ["turn_resumed", "turn_ended", "rotated", "handover_note"],
        "every change, in order, once ({name})"
    );
    let (s, _) = status_json(env);
    assert_eq!(s["state"], "handover", "still handing over");
    drop(app);
    let _app = launch(env, home);
    let (s, _) = status_json(env);
    assert_eq!(
        (s["state"].clone(), s["handover_note"].clone()),
        ("handover".into(), "take the keyboard".into()),
        "what was written after the fault is what a restart finds ({name})"
    );
    println!(
        "storage faults: {name}: hand-over seen {late} ms after the deadline, the fault held for \
         {:.1} s; the app answered {asked} of {asked} status requests (slowest {} ms), the CLI \
         {polls} of {polls} (slowest {} ms, process start included); banner: {reason:?} with {} \
         changes waiting; all written, in order, once, {} ms after the fault cleared",
        held.as_secs_f64(),
        ms(slowest_answer),
        ms(slowest),
        shown["pending"],
        ms(caught_up),
    );
}

/// The app with its own HOME, so the data folder holds only the database.
fn launch(env: &Env, home: &tempfile::TempDir) -> App {
    env.launch_with(&[("HOME", home.path().to_str().unwrap())])
}

#[test]
fn a_write_lock_across_the_deadline_does_not_stop_the_clock() {
    let env = Env::new();
    let home = tempfile::tempdir().unwrap();
    seed_paused_turn(&env);
    deadline_through(&mut WriteLock(None), &env, &home);
}

#[test]
fn a_read_only_data_folder_does_not_stop_the_clock() {
    if !is_root() {
        println!("storage faults: read-only folder SKIPPED: needs root to mount");
        return;
    }
    let env = Env::new();
    let home = tempfile::tempdir().unwrap();
    seed_paused_turn(&env);
    let mut fault = ReadOnly {
        dir: env.data.path().to_path_buf(),
        mounted: false,
    };
    deadline_through(&mut fault, &env, &home);
}

#[test]
fn a_full_disk_does_not_stop_the_clock() {
    if !is_root() {
        println!("storage faults: full disk SKIPPED: needs root to mount a tmpfs");
        return;
    }
    let env = Env::new();
    let home = tempfile::tempdir().unwrap();
    let mut fault = FullDisk::mount(env.data.path());
    seed_paused_turn(&env);
    deadline_through(&mut fault, &env, &home);
}

/// A small deterministic generator, so a failing run can be replayed from its seed.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One command of the scripted stream.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Note(u64),
    Pause,
    Resume,
}

/// What a command left, as far as the kill test checks it.
#[derive(Debug, Clone, PartialEq)]
struct Mark {
    note: Option<u64>,
    running: bool,
    /// The deadline while running, the time left while paused: `None` when not known (a
    /// pause or resume that was never answered).
    time: Option<TurnTime>,
}

#[derive(Debug, Clone, PartialEq)]
enum TurnTime {
    Deadline(DateTime<Utc>),
    Left(u64),
}

fn mark_of(s: &Snapshot) -> Mark {
    let running = s.state == mobflow_api::TimerState::Running;
    Mark {
        note: s
            .handover_note
            .as_deref()
            .and_then(|n| n.strip_prefix("step "))
            .and_then(|n| n.parse().ok()),
        running,
        time: Some(if running {
            TurnTime::Deadline(s.deadline.expect("a running turn has a deadline"))
        } else {
            TurnTime::Left(s.remaining_ms)
        }),
    }
}

/// One command sent: its answer, if it came.
struct Sent {
    step: Step,
    answer: Option<Snapshot>,
}

/// Sends the stream until the app dies: notes while running, a pause every fourth command,
/// then a resume.
fn stream(socket: &Path, mut next: u64, mut running: bool, acked: &AtomicUsize) -> Vec<Sent> {
    let mut sent = Vec::new();
    loop {
        let step = if !running {
            Step::Resume
        } else if next % 4 == 3 {
            Step::Pause
        } else {
            Step::Note(next)
        };
        next += 1;
        let command = match &step {
            Step::Note(n) => Command::SetHandoverNote {
                text: format!("step {n}"),
            },
            Step::Pause => Command::Pause,
            Step::Resume => Command::Resume,
        };
        match call(socket, Request::Run { command }) {
            Ok(snapshot) => {
                running = snapshot.state == mobflow_api::TimerState::Running;
                sent.push(Sent {
                    step,
                    answer: Some(snapshot),
                });
                acked.fetch_add(1, Ordering::SeqCst);
            }
            Err(error) => {
                assert_eq!(
                    error.code,
                    mobflow_api::ErrorCode::NotRunning,
                    "a killed app is \"not running\", never a refusal: {error:?}"
                );
                sent.push(Sent { step, answer: None });
                return sent;
            }
        }
    }
}

/// What each lane of the kill test counted.
#[derive(Default, Debug)]
struct Tally {
    kills: u32,
    acked: u32,
    durable: u32,
    /// Acknowledged but said "not on disk yet": not promised to survive a kill.
    unsaved: u32,
    /// Rounds whose restart lost a change acknowledged on disk, described.
    losses: Vec<String>,
}

/// Starts the app again on `env` and waits (bounded) until `socket` answers: asked in-process,
/// so a hundred restarts do not cost a thousand CLI processes.
fn relaunch(env: &Env, home: &tempfile::TempDir, socket: &Path) -> App {
    let child = env
        .command_for(crate::support::app_binary())
        .env("HOME", home.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let app = App { child };
    let limit = Instant::now() + Duration::from_secs(60);
    while call(socket, Request::Status).is_err() {
        assert!(
            Instant::now() < limit,
            "the app did not come back within 60 s"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    app
}

/// One data folder: `rounds` times, a scripted stream runs and the app is killed at a random
/// moment, then restarted and checked.
fn kill_lane(lane: u64, rounds: u32, seed: u64) -> Tally {
    let env = Env::new();
    let home = tempfile::tempdir().unwrap();
    let mut rng = XorShift(seed ^ (lane + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let mut app = launch(&env, &home);
    env.add_members(&["Ada", "Bob"]);
    env.ok(&["turn-length", "60"]);
    env.ok(&["start"]);
    let socket = env.socket();
    let mut tally = Tally::default();
    let mut now = mark_of(&call(&socket, Request::Status).unwrap());
    let mut next = 0u64;
    let mut notes_kept: Vec<u64> = Vec::new();
    for round in 0..rounds {
        let acked = Arc::new(AtomicUsize::new(0));
        let target = rng.below(6) as usize;
        let spin = Duration::from_micros(rng.below(20_000));
        let streamer = {
            let (socket, acked, running) = (socket.clone(), acked.clone(), now.running);
            std::thread::spawn(move || stream(&socket, next, running, &acked))
        };
        // The moment: after `target` answers, plus a random spin (a deadline polled, not slept).
        let limit = Instant::now() + Duration::from_secs(30);
        while acked.load(Ordering::SeqCst) < target {
            assert!(Instant::now() < limit, "lane {lane}: the stream stalled");
            std::thread::yield_now();
        }
        let at = Instant::now() + spin;
        while Instant::now() < at {
            std::hint::spin_loop();
        }
        app.kill();
        tally.kills += 1;
        let sent = streamer.join().unwrap();
        next += sent.len() as u64;

        app = relaunch(&env, &home, &socket);
        let restored = call(&socket, Request::Status).unwrap();
        assert_eq!(
            restored.away, None,
            "lane {lane} round {round}: no time away asked"
        );
        let found = mark_of(&restored);

        // What each command left: known exactly when answered; an unanswered note keeps the
        // time; an unanswered pause or resume leaves it unknown.
        let mut marks = vec![now.clone()];
        let mut durable = 0; // the last answered-and-on-disk command (0: the round's start)
        for (i, s) in sent.iter().enumerate() {
            let before = marks.last().unwrap().clone();
            let mark = match (&s.answer, &s.step) {
                (Some(answer), _) => mark_of(answer),
                (None, Step::Note(n)) => Mark {
                    note: Some(*n),
                    ..before
                },
                (None, Step::Pause) => Mark {
                    running: false,
                    time: None,
                    ..before
                },
                (None, Step::Resume) => Mark {
                    running: true,
                    time: None,
                    ..before
                },
            };
            if let Some(answer) = &s.answer {
                tally.acked += 1;
                if answer.storage.ok && answer.storage.pending == 0 {
                    tally.durable += 1;
                    durable = i + 1;
                } else {
                    tally.unsaved += 1;
                }
            }
            marks.push(mark);
        }
        let matches = |m: &Mark| {
            m.note == found.note
                && m.running == found.running
                && (m.time.is_none() || m.time == found.time)
        };
        match marks.iter().rposition(matches) {
            Some(i) if i >= durable => {}
            other => tally.losses.push(format!(
                "lane {lane} round {round}: after kill -9 the app came back as {found:?}, which \
                 is not the state after the last change acknowledged on disk (#{durable} of {}) \
                 or a later one (matched {other:?}); sent {:?}",
                sent.len(),
                sent.iter().map(|s| &s.step).collect::<Vec<_>>()
            )),
        }
        for (s, _) in sent.iter().zip(1..).filter(|(_, i)| *i <= durable) {
            if let Step::Note(n) = s.step {
                notes_kept.push(n);
            }
        }
        now = found;
        if !now.running {
            assert!(
                matches!(now.time, Some(TurnTime::Left(left)) if left > 0),
                "a paused turn keeps its time"
            );
        }
    }
    drop(app);
    // History: every note acknowledged on disk is there, in order, once.
    let notes: Vec<u64> = env
        .events("handover_note")
        .iter()
        .map(|e| {
            e["text"].as_str().unwrap()["step ".len()..]
                .parse()
                .unwrap()
        })
        .collect();
    assert!(
        notes.windows(2).all(|w| w[0] < w[1]),
        "lane {lane}: notes in history in order, each once: {notes:?}"
    );
    for n in &notes_kept {
        assert!(
            notes.contains(n),
            "lane {lane}: note {n} was acknowledged on disk and is missing from history"
        );
    }
    tally
}

#[test]
fn kill_nine_at_random_moments_loses_no_acknowledged_change() {
    const LANES: u64 = 4;
    const ROUNDS: u32 = 25;
    let seed = 0x5eed_0fd1_5c00;
    let started = Instant::now();
    let lanes: Vec<_> = (0..LANES)
        .map(|lane| std::thread::spawn(move || kill_lane(lane, ROUNDS, seed)))
        .collect();
    let mut total = Tally::default();
    for lane in lanes {
        let t = lane.join().unwrap();
        total.kills += t.kills;
        total.acked += t.acked;
        total.durable += t.durable;
        total.unsaved += t.unsaved;
        total.losses.extend(t.losses);
    }
    assert_eq!(
        total.kills,
        LANES as u32 * ROUNDS,
        "every round killed the app"
    );
    assert!(
        total.losses.is_empty(),
        "{} of {} kills lost a change acknowledged on disk:\n{}",
        total.losses.len(),
        total.kills,
        total.losses.join("\n")
    );
    println!(
        "storage faults: kill -9: {} of {} kills lost an acknowledged change ({} commands \
         acknowledged: {} on disk, {} said not yet); the turn resumed with its deadline or time \
         left every time; {:.1} s, seed {seed:#x}",
        total.losses.len(),
        total.kills,
        total.acked,
        total.durable,
        total.unsaved,
        started.elapsed().as_secs_f64()
    );
}

/// Forwards a client's request to the app; the first connection's answer is lost on the way
/// back (the client is hung up on), the next ones are passed on. Returns each request line.
fn lossy_proxy(listener: UnixListener, app: PathBuf, connections: usize) -> Vec<Value> {
    let mut lines = Vec::new();
    for i in 0..connections {
        let (mut client, _) = listener.accept().unwrap();
        let mut line = Vec::new();
        BufReader::new(&client)
            .read_until(b'\n', &mut line)
            .unwrap();
        lines.push(serde_json::from_slice(&line).unwrap());
        let mut upstream = UnixStream::connect(&app).unwrap();
        upstream.write_all(&line).unwrap();
        let mut answer = Vec::new();
        BufReader::new(&upstream)
            .read_until(b'\n', &mut answer)
            .unwrap();
        if i > 0 {
            client.write_all(&answer).unwrap();
        }
    }
    lines
}

#[test]
fn a_retried_next_rotates_once() {
    let env = Env::new();
    let _app = env.launch();
    env.add_members(&["Ada", "Bob", "Cy"]);
    env.ok(&["start"]);
    let socket = env.socket();

    // The same id twice, straight to the app: carried out once, the same answer twice.
    let line = br#"{"op":"run","id":"test-retry-1","command":{"type":"next"}}"#;
    let send = || {
        let mut s = UnixStream::connect(&socket).unwrap();
        s.write_all(line).unwrap();
        s.write_all(b"\n").unwrap();
        let mut answer = String::new();
        BufReader::new(s).read_line(&mut answer).unwrap();
        serde_json::from_str::<Value>(&answer).unwrap()
    };
    let first = send();
    let again = send();
    assert_eq!(first["status"], "ok", "{first}");
    assert_eq!(first, again, "a retry gets the first answer");
    let s = env.status();
    assert_eq!(
        (s["state"].clone(), s["turn"].clone()),
        ("handover".into(), 1.into()),
        "one rotation: a second would have started turn 2"
    );
    let other = br#"{"op":"run","id":"test-retry-1","command":{"type":"skip"}}"#;
    let mut s = UnixStream::connect(&socket).unwrap();
    s.write_all(other).unwrap();
    s.write_all(b"\n").unwrap();
    let mut answer = String::new();
    BufReader::new(s).read_line(&mut answer).unwrap();
    assert!(
        answer.contains("bad_request") && answer.contains("already used"),
        "one id for two requests is refused: {answer}"
    );

    // The real CLI through a proxy that loses the first answer: it retries with the same id.
    env.ok(&["start"]);
    let runtime = tempfile::tempdir().unwrap();
    let app_socket = env.socket();
    let folder = runtime
        .path()
        .join(app_socket.parent().unwrap().file_name().unwrap());
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(&folder)
        .unwrap();
    let listener = UnixListener::bind(folder.join("control.sock")).unwrap();
    let proxy = std::thread::spawn(move || lossy_proxy(listener, app_socket, 2));
    let run = env
        .command()
        .env("XDG_RUNTIME_DIR", runtime.path())
        .arg("next")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "the CLI retried after the lost answer: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let lines = proxy.join().unwrap();
    assert!(
        lines[0]["id"].is_string(),
        "next carries an id: {}",
        lines[0]
    );
    assert_eq!(
        lines[0]["id"], lines[1]["id"],
        "the retry carries the same id"
    );
    let s = env.status();
    assert_eq!(
        (s["state"].clone(), s["turn"].clone()),
        ("handover".into(), 2.into()),
        "the CLI's retried next rotated once"
    );
    println!("storage faults: a retried next (same id) rotated 1 time of 2 attempts, twice");
}

#[test]
fn a_crowd_gets_answers_or_an_explicit_busy() {
    let env = Env::new();
    let _app = env.launch();
    let socket = env.socket();

    // 40 clients connect, then all ask at once.
    const CROWD: usize = 40;
    let barrier = Arc::new(std::sync::Barrier::new(CROWD));
    let crowd: Vec<_> = (0..CROWD)
        .map(|_| {
            let (socket, barrier) = (socket.clone(), barrier.clone());
            std::thread::spawn(move || {
                let mut s = UnixStream::connect(&socket).unwrap();
                s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                barrier.wait();
                let _ = s.write_all(b"{\"op\":\"status\"}\n");
                let mut answer = String::new();
                let _ = BufReader::new(s).read_line(&mut answer);
                answer
            })
        })
        .collect();
    let answers: Vec<String> = crowd.into_iter().map(|t| t.join().unwrap()).collect();
    let ok = answers
        .iter()
        .filter(|a| a.contains("\"status\":\"ok\""))
        .count();
    let busy = answers
        .iter()
        .filter(|a| a.contains("\"code\":\"busy\""))
        .count();
    assert_eq!(
        ok + busy,
        CROWD,
        "every connection gets an answer or an explicit busy, none a silent close: {answers:?}"
    );

    // Every slot held by a client that sends nothing: the CLI is told "busy" (exit 1).
    let idle: Vec<UnixStream> = (0..32)
        .map(|_| UnixStream::connect(&socket).unwrap())
        .collect();
    let mut said = String::new();
    wait_until(
        Duration::from_secs(10),
        "the app to be busy with 32 idle clients",
        || {
            let run = env.cli(&["status"]);
            said = run.stderr();
            run.code() == 1
        },
    );
    assert!(
        said.contains("busy") && said.contains("try again"),
        "a clear message: {said}"
    );
    drop(idle);
    wait_until(Duration::from_secs(10), "the app to serve again", || {
        env.cli(&["status"]).code() == 0
    });
    println!(
        "storage faults: {CROWD} simultaneous connections: {ok} answered, {busy} told busy, 0 \
         closed silently; with every slot taken the CLI exits 1 saying {:?}",
        said.trim()
    );
}
