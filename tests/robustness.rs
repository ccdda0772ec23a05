//! Faults from outside, on the real binaries: one app per data folder whatever the runtime
//! folder, a damaged history (the CLI's refusal and the app's window), a fuzz of socket
//! messages and CLI argument vectors, and an answer bigger than any fixed buffer. Each test
//! prints its figure as `robustness/NAME: ...` (run with `--nocapture` to see them).

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use clap::Parser;
use mobflow_api::protocol::Response;
use mobflow_api::ErrorCode;
use mobflow_store::DB_FILE;
use serde_json::{json, Value};

use crate::support::{wait_until, xdotool, App, Env, Window, BIN};

fn figure(name: &str, text: &str) {
    println!("robustness/{name}: {text}");
}

/// What the app holding the data folder wrote in its lock file.
fn lock_file(env: &Env) -> String {
    std::fs::read_to_string(env.data.path().join("mobflow.lock")).unwrap_or_default()
}

fn published(env: &Env, key: &str) -> Option<String> {
    lock_file(env)
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}=")).map(str::to_owned))
}

/// Starts the app with `XDG_RUNTIME_DIR` set to `runtime`, not waiting for it.
fn start_app(env: &Env, runtime: &Path) -> Child {
    env.command_for(BIN)
        .env("XDG_RUNTIME_DIR", runtime)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn stderr_of(child: &mut Child) -> String {
    let mut text = String::new();
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut text);
    }
    text
}

#[test]
fn three_launches_with_three_runtime_folders_make_one_app_the_cli_finds_from_each() {
    let env = Env::new();
    let runtimes: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    // A desktop, an ssh session and cron, at the same moment.
    let mut launches: Vec<App> = runtimes
        .iter()
        .map(|rt| App {
            child: start_app(&env, rt.path()),
        })
        .collect();
    wait_until(
        Duration::from_secs(60),
        "two of the three launches to hand over to the first and exit",
        || {
            let mut done = 0;
            for app in launches.iter_mut() {
                done += usize::from(app.child.try_wait().unwrap().is_some());
            }
            done >= 2
        },
    );
    let mut running = 0;
    let mut focused = 0;
    for app in &mut launches {
        match app.child.try_wait().unwrap() {
            None => running += 1,
            Some(status) => {
                let said = stderr_of(&mut app.child);
                assert_eq!(
                    status.code(),
                    Some(0),
                    "a second launch focuses the first and exits 0; it said: {said}"
                );
                focused += 1;
            }
        }
    }
    assert_eq!(running, 1, "one app per data folder, never two writers");

    let cli = |rt: &Path, args: &[&str]| {
        env.command()
            .env("XDG_RUNTIME_DIR", rt)
            .args(args)
            .output()
            .unwrap()
    };
    let mut answered = 0;
    for (i, rt) in runtimes.iter().enumerate() {
        let name = format!("Member{i}");
        let out = cli(rt.path(), &["roster", "add", &name]);
        assert!(
            out.status.success(),
            "the CLI with runtime folder {i} reaches the one app: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        answered += 1;
    }
    let out = cli(runtimes[2].path(), &["roster", "list", "--json"]);
    let members: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        members.as_array().map(Vec::len),
        Some(3),
        "all three changes reached the same app: {members}"
    );
    let socket = published(&env, "socket").expect("the app publishes its socket");
    assert!(
        runtimes
            .iter()
            .any(|rt| socket.starts_with(&*rt.path().to_string_lossy())),
        "the socket lives in the winner's runtime folder: {socket}"
    );
    figure(
        "one-app-per-data-folder",
        &format!(
            "3 launches with 3 runtime folders -> {running} app running, {focused} focused it \
             and exited 0; the CLI from {answered}/3 runtime folders reached it"
        ),
    );
}

/// Bytes that are no SQLite file, the same every run.
fn garbage() -> Vec<u8> {
    (0..16_384u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect()
}

fn folder_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_cli_refuses_a_damaged_or_missing_history_clearly_and_touches_nothing() {
    let env = Env::new();
    let db = env.data.path().join(DB_FILE);
    let bytes = garbage();
    std::fs::write(&db, &bytes).unwrap();
    let commands: [&[&str]; 6] = [
        &["sessions"],
        &["sessions", "--json"],
        &["show", "last"],
        &["retro"],
        &["session", "rename", "1", "Kata"],
        &["session", "delete", "1", "--yes"],
    ];
    let mut refused = 0;
    for args in commands {
        let run = env.cli(args);
        assert_eq!(run.code(), 1, "{args:?} fails: {}", run.stderr());
        let said = run.stderr();
        assert!(
            said.contains("damaged") && said.contains(&*db.to_string_lossy()),
            "{args:?} says what is wrong and where: {said}"
        );
        assert!(run.stdout().is_empty(), "{args:?} prints no result");
        refused += 1;
    }
    assert_eq!(
        std::fs::read(&db).unwrap(),
        bytes,
        "the damaged file is untouched"
    );
    assert_eq!(
        folder_names(env.data.path()),
        [DB_FILE],
        "nothing was created beside it"
    );

    let typo = env.data.path().join("mobflw");
    let run = env
        .command()
        .env("MOBFLOW_DATA_DIR", &typo)
        .arg("sessions")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "a missing history is an error");
    assert!(
        said.contains("no Mobflow history") && said.contains("MOBFLOW_DATA_DIR"),
        "says so and points at the variable: {said}"
    );
    assert!(!typo.exists(), "a mistyped data folder is never created");
    figure(
        "damaged-history-cli",
        &format!(
            "{refused}/{} history commands refused a damaged file with exit 1 and a clear \
             message, 0 bytes changed; a mistyped MOBFLOW_DATA_DIR created nothing",
            commands.len()
        ),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_history_shows_a_window_and_starts_anew_with_the_file_moved_aside() {
    let env = Env::new();
    let db = env.data.path().join(DB_FILE);
    let bytes = garbage();
    std::fs::write(&db, &bytes).unwrap();

    let w = Window::open_showing(&env, "#startup-title").await;
    w.wait_text("#startup-title", "Mobflow's history file is damaged.")
        .await;
    assert_eq!(
        w.text("#startup-path").await,
        db.to_string_lossy(),
        "the window says where the file is"
    );
    assert!(
        w.text("#startup-advice").await.contains("never deleted"),
        "and what starting anew does with it"
    );
    let pid = published(&env, "pid").expect("the app holds the data folder");
    let titled = xdotool(&[
        "search",
        "--all",
        "--pid",
        &pid,
        "--name",
        "Mobflow cannot start",
    ]);
    assert_eq!(
        String::from_utf8_lossy(&titled.stdout).lines().count(),
        1,
        "one X window titled for the problem"
    );
    let second = env.command_for(BIN).output().unwrap();
    assert_eq!(
        second.status.code(),
        Some(1),
        "a second launch does not open the file"
    );
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("start-up problem"),
        "it says what the first one shows: {}",
        String::from_utf8_lossy(&second.stderr)
    );
    w.screenshot("startup-damaged").await;

    w.click_letting_go("#startup-new").await;
    // The file moves aside and the app starts again in the same process.
    wait_until(
        Duration::from_secs(60),
        "the app to start again with a new history",
        || env.cli(&["status"]).code() == 0,
    );
    let names = folder_names(env.data.path());
    let moved: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("mobflow.db.damaged-"))
        .collect();
    assert_eq!(moved.len(), 1, "moved aside once: {names:?}");
    let stamp = &moved[0]["mobflow.db.damaged-".len()..];
    assert!(
        stamp.len() == 15
            && stamp.as_bytes()[8] == b'-'
            && stamp.chars().filter(char::is_ascii_digit).count() == 14,
        "named mobflow.db.damaged-YYYYMMDD-HHMMSS: {}",
        moved[0]
    );
    assert_eq!(
        std::fs::read(env.data.path().join(moved[0])).unwrap(),
        bytes,
        "never deleted: the damaged file is kept whole"
    );
    assert_eq!(env.ok(&["sessions"]), "No sessions yet.\n", "a new history");
    assert_eq!(
        published(&env, "pid"),
        Some(pid.clone()),
        "the same process runs the app now"
    );
    // The WebDriver session ended with the old page: end the app by its pid.
    let pid: i32 = pid.parse().unwrap();
    // SAFETY: kill(2) on the pid of the app this test started (through the driver).
    unsafe { libc::kill(pid, libc::SIGKILL) };
    w.close_quietly().await;
    env.wait_for_exit();
    figure(
        "damaged-history-app",
        "the problem window showed the file and what to do (X window \"Mobflow cannot start\"); \
         a second launch exited 1 saying so; \"Start with a new history\" moved it to \
         mobflow.db.damaged-YYYYMMDD-HHMMSS (all bytes kept) and the app answered again",
    );
}

/// splitmix64: a small deterministic generator, so a failure can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }

    /// Text people (and attackers) type: control characters, quotes, non-ASCII, sometimes long.
    fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "a",
            "Ada",
            " ",
            "\n",
            "\t",
            "\r",
            "\u{7}",
            "\u{1b}[31m",
            "\"",
            "\\",
            "é",
            "🙂",
            "#",
            "-",
            "0",
            "{",
            "}",
            "%s",
            "\u{202e}",
            "\u{0}",
        ];
        let len = if self.below(40) == 0 {
            2000 + self.below(5000)
        } else {
            self.below(12)
        };
        (0..len).map(|_| self.pick(PIECES)).collect()
    }

    fn number(&mut self) -> Value {
        match self.below(9) {
            0 => json!(0),
            1 => json!(-1),
            2 => json!(1),
            3 => json!(u32::MAX),
            4 => json!(u64::MAX),
            5 => json!(1e308),
            6 => json!(0.5),
            7 => json!(i64::MIN),
            _ => json!(self.below(70)),
        }
    }

    /// A JSON value of any shape, keys from the protocol's own words.
    fn value(&mut self, depth: u32) -> Value {
        match self.below(if depth == 0 { 4 } else { 6 }) {
            0 => Value::Null,
            1 => json!(self.below(2) == 0),
            2 => self.number(),
            3 => json!(self.text()),
            4 => Value::Array((0..self.below(4)).map(|_| self.value(depth - 1)).collect()),
            _ => {
                let mut object = serde_json::Map::new();
                for _ in 0..self.below(4) {
                    let key = self.pick(KEYS).to_owned();
                    object.insert(key, self.value(depth - 1));
                }
                Value::Object(object)
            }
        }
    }
}

/// The protocol's words, for keys. No `hooks` or `shortcuts`: a fuzz must not run commands
/// or grab keys.
const KEYS: &[&str] = &[
    "op",
    "command",
    "type",
    "action",
    "name",
    "member",
    "to",
    "minutes",
    "text",
    "patch",
    "task",
    "step",
    "title",
    "notes",
    "acceptance",
    "away",
    "choice",
    "override_reason",
    "strict",
    "steps",
    "kind",
    "turn_minutes",
    "roles",
];
const OPS: &[&str] = &[
    "status", "board", "run", "perform", "focus", "nope", "RUN", "",
];
/// Commands that open no window (no turn, no break, no hand-over screen) but change state.
const TYPES: &[&str] = &[
    "add_member",
    "rename_member",
    "remove_member",
    "move_member",
    "set_turn_length",
    "update_settings",
    "set_away",
    "extend",
    "skip_break",
    "end_break",
    "set_handover_note",
    "mini_retro",
    "resolve_away",
    "pause",
    "skip",
    "end_session",
    "add_task",
    "edit_task",
    "move_task",
    "focus_task",
    "park_task",
    "unpark_task",
    "finish_task",
    "reopen_task",
    "check_step",
    "uncheck_step",
    "park_thought",
    "set_checklist",
    "set_strict",
    "dance",
];
const ACTIONS: &[&str] = &["skip", "extend", "show_main", "park_thought", "dance", ""];

/// One generated request line (without its newline), and whether it is garbage (which must
/// get a typed error) rather than something that may be carried out.
fn socket_message(rng: &mut Rng) -> (Vec<u8>, bool) {
    match rng.below(6) {
        0 => {
            let len = rng.below(300);
            ((0..len).map(|_| rng.next() as u8).collect(), true)
        }
        1 => (serde_json::to_vec(&rng.value(3)).unwrap(), true),
        2 => {
            let mut request = serde_json::Map::new();
            request.insert("op".into(), json!(rng.pick(&["nope", "RUN", "", "Status"])));
            for _ in 0..rng.below(3) {
                let key = rng.pick(KEYS).to_owned();
                request.insert(key, rng.value(2));
            }
            (serde_json::to_vec(&request).unwrap(), true)
        }
        3 => {
            let mut command = serde_json::Map::new();
            command.insert("type".into(), json!(rng.pick(TYPES)));
            for _ in 0..rng.below(4) {
                let key = rng.pick(KEYS).to_owned();
                command.insert(key, rng.value(2));
            }
            let request = json!({ "op": "run", "command": command });
            (serde_json::to_vec(&request).unwrap(), false)
        }
        4 => {
            let request = match rng.below(7) {
                0 => json!({ "op": rng.pick(OPS) }),
                1 => {
                    json!({ "op": "run", "command": { "type": "add_member", "name": rng.text() } })
                }
                2 => json!({ "op": "run", "command": {
                    "type": "add_task", "title": rng.text(), "notes": rng.text(),
                    "acceptance": [rng.text(), rng.text()] } }),
                3 => {
                    json!({ "op": "run", "command": { "type": "park_thought", "text": rng.text() } })
                }
                4 => {
                    json!({ "op": "run", "command": { "type": "set_turn_length", "minutes": rng.number() } })
                }
                5 => json!({ "op": "run", "command": { "type": "update_settings",
                    "patch": { "turn_minutes": rng.number(), "roles": [rng.text()] } } }),
                _ => json!({ "op": "perform", "action": rng.pick(ACTIONS) }),
            };
            (serde_json::to_vec(&request).unwrap(), false)
        }
        _ => {
            // Too long, or cut off before its end.
            if rng.below(8) == 0 {
                (vec![b'{'; 70 * 1024], true)
            } else {
                let mut line = serde_json::to_vec(&json!({"op": "status"})).unwrap();
                line.truncate(rng.below(line.len()));
                (line, true)
            }
        }
    }
}

/// What one exchange over the socket came to.
enum Answer {
    Ok,
    Error(ErrorCode),
    /// An answer that does not parse as a `Response`.
    Unreadable(String),
    /// The app closed without a word.
    Silent,
}

fn exchange(socket: &Path, line: &[u8], newline: bool) -> Answer {
    let mut stream = UnixStream::connect(socket).expect("the app still listens");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let _ = stream.write_all(line);
    if newline {
        let _ = stream.write_all(b"\n");
    }
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let mut answer = Vec::new();
    if BufReader::new(stream)
        .read_until(b'\n', &mut answer)
        .is_err()
        || answer.is_empty()
    {
        return Answer::Silent;
    }
    match serde_json::from_slice::<Response>(&answer) {
        Ok(Response::Ok { .. }) => Answer::Ok,
        Ok(Response::Error { error }) => Answer::Error(error.code),
        Err(e) => Answer::Unreadable(format!("{e}: {}", String::from_utf8_lossy(&answer))),
    }
}

/// CLI words: subcommands and arguments, valid and not. No `-o` (it would write files) and
/// nothing that starts a turn, a break or the mini timer (windows would open and close).
const SUBCOMMANDS: &[&[&str]] = &[
    &["status"],
    &["status", "--json"],
    &["roster", "add"],
    &["roster", "remove"],
    &["roster", "rename"],
    &["roster", "move"],
    &["roster", "list"],
    &["roster", "list", "--json"],
    &["task", "add"],
    &["task", "list"],
    &["task", "focus"],
    &["task", "park"],
    &["task", "done"],
    &["task", "reopen"],
    &["task", "check"],
    &["task", "uncheck"],
    &["task", "backlog"],
    &["park"],
    &["note"],
    &["extend"],
    &["away"],
    &["back"],
    &["turn-length"],
    &["settings"],
    &["settings", "--patch"],
    &["sessions"],
    &["sessions", "--since"],
    &["show"],
    &["retro"],
    &["retro", "--format"],
    &["session", "rename"],
    &["session", "delete"],
    &["decide"],
    &["pause"],
    &["skip"],
    &["end"],
    &["--help"],
    &["-h"],
    &["--version"],
    &["frobnicate"],
    &["roster"],
    &["task"],
    &["session"],
];
const WORDS: &[&str] = &[
    "Ada",
    "ada",
    "",
    "-1",
    "0",
    "1",
    "3",
    "61",
    "999999999999",
    "#3",
    "last",
    "md",
    "json",
    "csv",
    "xml",
    "--json",
    "--yes",
    "--override",
    "--acceptance",
    "--since",
    "--until",
    "--clear",
    "2026-11-23",
    "2026-13-45",
    "yesterday",
    "{}",
    "{\"turn_minutes\":5}",
    "{\"roles\":[\"scribe\"]}",
    "{\"hooks\":1}",
    "[",
    "--",
    "-x",
    "é🙂",
    "\u{7}bell",
    "a\nb",
    "   ",
    "--format",
    "break",
    "resume",
    "end",
    "--help",
];

fn cli_vector(rng: &mut Rng) -> Vec<String> {
    let mut args: Vec<String> = rng
        .pick(SUBCOMMANDS)
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    for _ in 0..rng.below(5) {
        let word = if rng.below(6) == 0 {
            rng.text().replace('\0', "")
        } else {
            rng.pick(WORDS).to_owned()
        };
        args.push(word);
    }
    args
}

/// What a stream of socket messages got.
#[derive(Default)]
struct Tally {
    ok: usize,
    typed: usize,
    garbage_ok: usize,
    codes: std::collections::BTreeMap<String, usize>,
    bad: Vec<String>,
}

/// Sends `count` generated messages from `seed`, one connection each.
fn fuzz_socket(socket: &Path, seed: u64, count: usize) -> Tally {
    let mut rng = Rng(seed);
    let mut tally = Tally::default();
    for i in 0..count {
        let (line, garbage) = socket_message(&mut rng);
        let newline = i % 7 != 0 || !garbage;
        match exchange(socket, &line, newline) {
            Answer::Ok if garbage => tally.garbage_ok += 1,
            Answer::Ok => tally.ok += 1,
            Answer::Error(code) => {
                tally.typed += 1;
                *tally.codes.entry(format!("{code:?}")).or_default() += 1;
            }
            Answer::Unreadable(what) => tally.bad.push(format!(
                "seed {seed:#x} message {i}: unreadable answer {what}"
            )),
            Answer::Silent => tally.bad.push(format!(
                "seed {seed:#x} message {i}: no answer to {:?}",
                String::from_utf8_lossy(&line[..line.len().min(200)])
            )),
        }
    }
    tally
}

#[test]
fn a_fuzz_of_socket_messages_and_cli_arguments_gets_typed_errors_and_no_panic() {
    const SEED: u64 = 0x6d6f_6266_6c6f_7721;
    const MESSAGES: usize = 10_000;
    const VECTORS: usize = 10_000;
    const REAL_RUNS: usize = 400;
    let started = Instant::now();
    let env = Env::new();
    let mut app = env.launch();
    // Drained as it comes, so a talkative app never blocks on a full pipe.
    let mut err_pipe = app.child.stderr.take().unwrap();
    let app_said = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = err_pipe.read_to_string(&mut text);
        text
    });
    let socket = PathBuf::from(published(&env, "socket").expect("the socket is published"));
    // Four clients at once, each with its own stream of messages.
    let tallies: Vec<Tally> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..4u64)
            .map(|t| {
                let socket = &socket;
                scope.spawn(move || fuzz_socket(socket, SEED + t, MESSAGES / 4))
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let mut total = Tally::default();
    for tally in tallies {
        total.ok += tally.ok;
        total.typed += tally.typed;
        total.garbage_ok += tally.garbage_ok;
        total.bad.extend(tally.bad);
        for (code, n) in tally.codes {
            *total.codes.entry(code).or_default() += n;
        }
    }
    let Tally {
        ok,
        typed,
        garbage_ok,
        codes,
        bad,
    } = total;
    assert!(bad.is_empty(), "every message gets an answer: {bad:?}");
    assert_eq!(garbage_ok, 0, "garbage is never carried out");
    assert_eq!(ok + typed, MESSAGES, "every message answered, typed");
    let mut rng = Rng(SEED);
    let socket_took = started.elapsed();

    // The CLI's own parser over every vector, in this process: refusals, never a panic.
    let mut parsed = (0usize, 0usize);
    let mut vectors = Vec::with_capacity(VECTORS);
    for _ in 0..VECTORS {
        let args = cli_vector(&mut rng);
        let argv = std::iter::once("mobflow".to_owned()).chain(args.iter().cloned());
        match mobflow_cli::args::Cli::try_parse_from(argv) {
            Ok(_) => parsed.0 += 1,
            Err(_) => parsed.1 += 1,
        }
        vectors.push(args);
    }
    // A sample through the real binary, against the running app, four at a time.
    let work = tempfile::tempdir().unwrap();
    let sample: Vec<Vec<String>> = vectors
        .iter()
        .step_by(VECTORS / REAL_RUNS)
        .cloned()
        .collect();
    let outcomes: Vec<(Vec<String>, Option<i32>, String)> = std::thread::scope(|scope| {
        let chunks: Vec<_> = sample
            .chunks(sample.len().div_ceil(4))
            .map(|chunk| {
                let env = &env;
                let cwd = work.path();
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|args| {
                            let out = env.command().current_dir(cwd).args(args).output().unwrap();
                            let said = String::from_utf8_lossy(&out.stderr).into_owned();
                            (args.clone(), out.status.code(), said)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        chunks.into_iter().flat_map(|c| c.join().unwrap()).collect()
    });
    let mut exits = [0usize; 3];
    for (args, code, said) in &outcomes {
        assert!(
            matches!(code, Some(0..=2)) && !said.contains("panicked"),
            "{args:?}: exit {code:?} (0 done, 1 refused, 2 bad arguments; never a panic or \
             'not running' while the app runs): {said}"
        );
        exits[code.unwrap() as usize] += 1;
    }

    assert!(
        app.child.try_wait().unwrap().is_none(),
        "the app still runs after the fuzz"
    );
    let status = env.status();
    assert!(status["state"].is_string(), "and answers: {status}");
    app.child.kill().unwrap();
    app.child.wait().unwrap();
    let said = app_said.join().unwrap();
    let panics = said.matches("panicked").count();
    assert_eq!(panics, 0, "no panic inside the app: {said}");
    figure(
        "fuzz",
        &format!(
            "{MESSAGES} socket messages (4 clients, seeds {SEED:#x}+0..3) in {:.1} s: {typed} typed errors \
             {codes:?}, {ok} carried out, 0 unanswered, 0 garbage carried out; {VECTORS} CLI argument \
             vectors through the CLI's parser ({} accepted, {} refused, 0 panics) and {} through \
             the real binary (exit 0: {}, 1: {}, 2: {}; 0 panics); {panics} panics in the app, \
             which still answered; {:.1} s in all",
            socket_took.as_secs_f64(),
            parsed.0,
            parsed.1,
            outcomes.len(),
            exits[0],
            exits[1],
            exits[2],
            started.elapsed().as_secs_f64()
        ),
    );
}

#[test]
fn an_answer_bigger_than_any_fixed_buffer_reaches_the_cli_whole() {
    let env = Env::new();
    let _app = env.launch();
    let socket = PathBuf::from(published(&env, "socket").expect("the socket is published"));
    let line = "x".repeat(300);
    let acceptance: Vec<String> = (0..50).map(|i| format!("{i:02}{}", &line[2..])).collect();
    for i in 0..30 {
        let request = json!({ "op": "run", "command": {
            "type": "add_task", "title": format!("Task {i}"), "notes": "",
            "acceptance": acceptance } });
        let answer = exchange(&socket, &serde_json::to_vec(&request).unwrap(), true);
        assert!(matches!(answer, Answer::Ok), "task {i} added");
    }
    let run = env.cli(&["task", "list", "--json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let board: Value = serde_json::from_str(&run.stdout()).expect("the whole board, as JSON");
    let tasks = board["tasks"].as_array().map_or(0, Vec::len);
    assert_eq!(tasks, 30, "every task arrived");
    assert!(
        run.stdout().len() > 256 * 1024,
        "bigger than the old 256 KiB read: {} bytes",
        run.stdout().len()
    );
    figure(
        "large-answer",
        &format!(
            "`mobflow task list --json` printed {} KiB ({tasks} tasks) whole",
            run.stdout().len() / 1024
        ),
    );
}
