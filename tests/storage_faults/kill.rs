//! kill -9 at random moments while a scripted stream of commands runs: every change whose
//! answer said it was on disk survives, and the turn comes back with its deadline (or its time
//! left, when paused).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use mobflow_api::protocol::Request;
use mobflow_api::{ErrorCode, Snapshot, TimerState};
use mobflow_core::Command;

use super::{call, launch};
use crate::support::{App, Env};

const LANES: u64 = 4;
const ROUNDS: u32 = 25;

#[test]
fn kill_nine_at_random_moments_loses_no_acknowledged_change() {
    let seed = 0x5eed_0fd1_5c00;
    let started = Instant::now();
    let lanes: Vec<_> = (0..LANES)
        .map(|lane| std::thread::spawn(move || Lane::start(lane, seed).run(ROUNDS)))
        .collect();
    let mut total = Tally::default();
    for lane in lanes {
        let t = lane.join().unwrap();
        total.kills += t.kills;
        total.acked += t.acked;
        total.durable += t.durable;
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
         acknowledged, {} of them on disk, the rest said \"not yet\"); the turn came back with \
         its deadline or time left every time; {:.1} s, seed {seed:#x}",
        total.losses.len(),
        total.kills,
        total.acked,
        total.durable,
        started.elapsed().as_secs_f64()
    );
}

/// A small deterministic generator, so a failing run can be replayed from its seed.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// One command of the scripted stream.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Note(u64),
    Pause,
    Resume,
}

/// What a command left, as far as this test checks it.
#[derive(Debug, Clone, PartialEq)]
struct Mark {
    note: Option<u64>,
    running: bool,
    /// The deadline while running, the time left while paused; `None` when not known (a pause
    /// or resume that was never answered).
    time: Option<TurnTime>,
}

#[derive(Debug, Clone, PartialEq)]
enum TurnTime {
    Deadline(DateTime<Utc>),
    Left(u64),
}

fn mark_of(s: &Snapshot) -> Mark {
    let running = s.state == TimerState::Running;
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

/// What a command not answered would have left after `before`.
fn unanswered(step: &Step, before: &Mark) -> Mark {
    match step {
        Step::Note(n) => Mark {
            note: Some(*n),
            ..before.clone()
        },
        Step::Pause | Step::Resume => Mark {
            running: *step == Step::Resume,
            time: None,
            ..before.clone()
        },
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
        let step = match (running, next % 4) {
            (false, _) => Step::Resume,
            (true, 3) => Step::Pause,
            (true, _) => Step::Note(next),
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
                running = snapshot.state == TimerState::Running;
                sent.push(Sent {
                    step,
                    answer: Some(snapshot),
                });
                acked.fetch_add(1, Ordering::SeqCst);
            }
            Err(error) => {
                assert_eq!(
                    error.code,
                    ErrorCode::NotRunning,
                    "a killed app is \"not running\", never a refusal: {error:?}"
                );
                sent.push(Sent { step, answer: None });
                return sent;
            }
        }
    }
}

/// What a lane counted.
#[derive(Default, Debug)]
struct Tally {
    kills: u32,
    acked: u32,
    /// Answers that said the change was on disk (`storage.pending` 0).
    durable: u32,
    /// Rounds whose restart lost a change acknowledged on disk, described.
    losses: Vec<String>,
}

/// One data folder, its app, and what the stream has done to it so far.
struct Lane {
    lane: u64,
    env: Env,
    home: tempfile::TempDir,
    socket: PathBuf,
    app: Option<App>,
    rng: XorShift,
    /// The state the app is in now.
    now: Mark,
    /// The number of the next command.
    next: u64,
    /// Notes whose answer said they were on disk.
    kept: Vec<u64>,
    tally: Tally,
}

impl Lane {
    fn start(lane: u64, seed: u64) -> Lane {
        let env = Env::new();
        let home = tempfile::tempdir().unwrap();
        let app = launch(&env, &home);
        env.add_members(&["Ada", "Bob"]);
        env.ok_all(&[&["turn-length", "60"], &["start"]]);
        let socket = env.socket();
        let now = mark_of(&call(&socket, Request::Status).unwrap());
        Lane {
            lane,
            env,
            home,
            socket,
            app: Some(app),
            rng: XorShift(seed ^ (lane + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15)),
            now,
            next: 0,
            kept: Vec::new(),
            tally: Tally::default(),
        }
    }

    fn run(mut self, rounds: u32) -> Tally {
        for round in 0..rounds {
            let sent = self.stream_and_kill();
            self.app = Some(self.relaunch());
            self.check(round, &sent);
        }
        self.app = None;
        self.check_history();
        self.tally
    }

    /// Runs the stream and kills the app after a random number of answers plus a random spin
    /// (a deadline polled, not a sleep).
    fn stream_and_kill(&mut self) -> Vec<Sent> {
        let acked = Arc::new(AtomicUsize::new(0));
        let target = self.rng.below(6) as usize;
        let spin = Duration::from_micros(self.rng.below(20_000));
        let streamer = {
            let (socket, acked) = (self.socket.clone(), acked.clone());
            let (next, running) = (self.next, self.now.running);
            std::thread::spawn(move || stream(&socket, next, running, &acked))
        };
        let limit = Instant::now() + Duration::from_secs(30);
        while acked.load(Ordering::SeqCst) < target {
            assert!(
                Instant::now() < limit,
                "lane {}: the stream stalled",
                self.lane
            );
            std::thread::yield_now();
        }
        let at = Instant::now() + spin;
        while Instant::now() < at {
            std::hint::spin_loop();
        }
        self.app.take().expect("the app runs").kill();
        self.tally.kills += 1;
        let sent = streamer.join().unwrap();
        self.next += sent.len() as u64;
        sent
    }

    /// Starts the app again and waits (bounded) until its socket answers: asked in-process, so
    /// a hundred restarts do not cost a thousand CLI processes.
    fn relaunch(&self) -> App {
        let child = self
            .env
            .command_for(crate::support::app_binary())
            .env("HOME", self.home.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let app = App { child };
        let limit = Instant::now() + Duration::from_secs(60);
        while call(&self.socket, Request::Status).is_err() {
            assert!(
                Instant::now() < limit,
                "the app did not come back within 60 s"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        app
    }

    /// The restarted app must be in the state after the last command answered "on disk", or
    /// after a later one; its turn with the same deadline, or the same time left.
    fn check(&mut self, round: u32, sent: &[Sent]) {
        let restored = call(&self.socket, Request::Status).unwrap();
        assert_eq!(restored.away, None, "a restart within seconds asks nothing");
        let found = mark_of(&restored);
        let mut marks = vec![self.now.clone()];
        let mut durable = 0; // the last command answered on disk (0: the round's start)
        for (i, s) in sent.iter().enumerate() {
            let mark = match &s.answer {
                Some(answer) => {
                    self.tally.acked += 1;
                    if answer.storage.ok && answer.storage.pending == 0 {
                        self.tally.durable += 1;
                        durable = i + 1;
                    }
                    mark_of(answer)
                }
                None => unanswered(&s.step, marks.last().unwrap()),
            };
            marks.push(mark);
        }
        let same = |m: &Mark| {
            m.note == found.note
                && m.running == found.running
                && (m.time.is_none() || m.time == found.time)
        };
        match marks.iter().rposition(same) {
            Some(i) if i >= durable => {}
            other => self.tally.losses.push(format!(
                "lane {} round {round}: after kill -9 the app came back as {found:?}, which is \
                 not the state after the last change acknowledged on disk (#{durable} of {}) or \
                 a later one (matched {other:?}); sent {:?}",
                self.lane,
                sent.len(),
                sent.iter().map(|s| &s.step).collect::<Vec<_>>()
            )),
        }
        for s in &sent[..durable] {
            if let Step::Note(n) = s.step {
                self.kept.push(n);
            }
        }
        self.now = found;
    }

    /// History: every note answered "on disk" is there, and all are in order, each once.
    fn check_history(&self) {
        let lane = self.lane;
        let notes: Vec<u64> = self
            .env
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
        for n in &self.kept {
            assert!(
                notes.contains(n),
                "lane {lane}: note {n} was acknowledged on disk and is missing from history"
            );
        }
    }
}
