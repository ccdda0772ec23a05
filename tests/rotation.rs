//! Rotation, hotkeys and control on the real app: global shortcuts through X, hooks, time away
//! after a crash, the socket under abuse, desktop notifications, and the extra windows.

use std::io::Write;
use std::os::unix::net::UnixStream;
use std::process::Command;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::support::{wait_until, Env};

fn mob(env: &Env, names: &[&str]) {
    for name in names {
        env.ok(&["roster", "add", name]);
    }
}

/// Asks X for the app's windows with this title (the extra windows are real X windows).
fn x_windows(app: &crate::support::App, title: &str) -> usize {
    let pid = app.child.id().to_string();
    let out = Command::new("xdotool")
        .args(["search", "--all", "--pid", &pid, "--name", title])
        .output()
        .expect("xdotool is installed by scripts/dev.sh test");
    String::from_utf8_lossy(&out.stdout).lines().count()
}

fn events(env: &Env, kind: &str) -> Vec<Value> {
    let db = rusqlite::Connection::open(env.data.path().join(mobflow_store::DB_FILE)).unwrap();
    let mut stmt = db
        .prepare("SELECT payload FROM events WHERE kind = ?1 ORDER BY seq")
        .unwrap();
    stmt.query_map([kind], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|p| serde_json::from_str(&p.unwrap()).unwrap())
        .collect()
}

#[test]
fn a_global_shortcut_rotates_without_the_window_in_focus() {
    let env = Env::new();
    let _app = env.launch();
    // Other tests' apps on this display hold the default keys: use keys of our own.
    let patch = r#"{"shortcuts":{"next":"Ctrl+Alt+Shift+F7","toggle":"Ctrl+Alt+Shift+F8"}}"#;
    env.ok(&["settings", "--patch", patch]);
    mob(&env, &["Ada", "Bob"]);
    env.ok(&["start"]);
    let status = Command::new("xdotool")
        .args(["key", "--clearmodifiers", "ctrl+alt+shift+F7"])
        .status()
        .unwrap();
    assert!(status.success());
    wait_until(Duration::from_secs(5), "the shortcut to rotate", || {
        env.status()["state"] == "handover"
    });
    assert_eq!(env.status()["driver"], "Bob", "the shortcut rotated");
    Command::new("xdotool")
        .args(["key", "--clearmodifiers", "ctrl+alt+shift+F8"])
        .status()
        .unwrap();
    wait_until(
        Duration::from_secs(5),
        "the toggle shortcut to start",
        || env.status()["state"] == "running",
    );
}

#[test]
fn shortcuts_and_settings_are_validated() {
    let env = Env::new();
    let _app = env.launch();
    for (patch, message) in [
        (r#"{"shortcuts":{"next":"Ctrl+Nope"}}"#, "not known"),
        (
            r#"{"shortcuts":{"skip":"Ctrl+Alt+Shift+N"}}"#,
            "used for two actions",
        ),
        (r#"{"shortcuts":{"next":"N"}}"#, "needs a modifier"),
        (r#"{"turn_minutes":0}"#, "1 to 60"),
        (
            r#"{"hooks":{"turn_end":{"command":"x","cwd":"rel"}}}"#,
            "absolute path",
        ),
        (r#"{"nonsense":1}"#, "not valid settings JSON"),
        ("{", "not valid settings JSON"),
    ] {
        let run = env.cli(&["settings", "--patch", patch]);
        assert_eq!(run.code(), 1, "{patch} must be refused");
        assert!(run.stderr().contains(message), "{patch}: {}", run.stderr());
    }
    env.ok(&[
        "settings",
        "--patch",
        r#"{"shortcuts":{"next":"ctrl+alt+shift+f10"}}"#,
    ]);
    let settings: Value = serde_json::from_str(&env.ok(&["settings", "--json"])).unwrap();
    assert_eq!(
        settings["shortcuts"]["next"], "Ctrl+Alt+Shift+F10",
        "stored normalized"
    );
}

#[test]
fn hooks_get_the_rotation_in_their_environment_and_a_hanging_one_is_killed() {
    let env = Env::new();
    let _app = env.launch();
    mob(&env, &["Ada", "Bob"]);
    let out = env.data.path().join("hook.txt");
    let patch = serde_json::json!({
        "hook_timeout_secs": 1,
        "hooks": {
            "turn_end": {
                "command": format!("printf '%s|%s|%s|%s' \"$MOBFLOW_EVENT\" \"$MOBFLOW_DRIVER\" \"$MOBFLOW_NEXT_DRIVER\" \"$PWD\" > '{}'", out.display()),
                "cwd": env.data.path().display().to_string(),
            },
            "turn_start": { "command": "echo waiting; sleep 60", "cwd": "" }
        }
    });
    env.ok(&["settings", "--patch", &patch.to_string()]);
    env.ok(&["start"]);
    // The turn_start hook now hangs for a second: the app answers all the same.
    let run = env.cli(&["status", "--json"]);
    assert_eq!(run.code(), 0);
    assert!(
        run.took < Duration::from_secs(1),
        "a hanging hook never blocks: {:?}",
        run.took
    );
    env.ok(&["next"]);
    wait_until(
        Duration::from_secs(10),
        "the turn_end hook to write",
        || std::fs::read_to_string(&out).is_ok_and(|s| !s.is_empty()),
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        text,
        format!("turn_end|Ada|Bob|{}", env.data.path().display()),
        "the hook sees the outgoing driver, the next driver, and runs in its folder"
    );
    wait_until(
        Duration::from_secs(10),
        "the hanging hook to be killed",
        || {
            events(&env, "hook_ran")
                .iter()
                .any(|e| e["timed_out"] == true)
        },
    );
    let ran = events(&env, "hook_ran");
    let hung = ran.iter().find(|e| e["hook"] == "turn_start").unwrap();
    assert_eq!(hung["timed_out"], true);
    assert_eq!(
        hung["output_tail"], "waiting",
        "its output up to the kill is kept"
    );
    let done = ran.iter().find(|e| e["hook"] == "turn_end").unwrap();
    assert_eq!(done["exit_code"], 0);
    assert_eq!(
        env.status()["state"],
        "handover",
        "the rotation went on meanwhile"
    );
}

#[test]
fn time_away_while_the_app_was_closed_is_asked_about() {
    let env = Env::new();
    // A turn started 12 minutes ago by an app that then died (its last sign of life then).
    {
        let started: DateTime<Utc> = DateTime::<Utc>::from_timestamp_millis(
            chrono::Utc::now().timestamp_millis() - 12 * 60_000,
        )
        .unwrap();
        let mut store = mobflow_store::Store::open_dir(env.data.path()).unwrap();
        let mut m = mobflow_core::Mob::default();
        for c in [
            mobflow_core::Command::AddMember { name: "Ada".into() },
            mobflow_core::Command::Start,
        ] {
            let records = m.apply(&c, started).unwrap();
            store.commit(&m, &records, started).unwrap();
        }
    }
    let _app = env.launch();
    let s = env.status();
    assert_eq!(s["state"], "running");
    let away = s["away"]["away_ms"]
        .as_u64()
        .expect("the app asks about the time away");
    assert!((12 * 60_000..13 * 60_000).contains(&away), "{away}");
    assert_eq!(
        s["remaining_ms"], 600_000,
        "the timer stands where it was left"
    );
    let run = env.cli(&["pause"]);
    assert_eq!(run.code(), 1, "decide first");
    assert!(
        run.stderr().contains("decide about the time away"),
        "{}",
        run.stderr()
    );
    env.ok(&["decide", "resume"]);
    let s = env.status();
    assert_eq!(s["away"], Value::Null);
    assert!(
        s["remaining_ms"].as_u64().unwrap() > 595_000,
        "resumed with its time"
    );
    let away = events(&env, "time_away");
    assert_eq!(away[0]["choice"], "resume");
}

/// A small deterministic generator, so a failure can be replayed.
struct XorShift(u64);
impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn the_socket_survives_fuzzing_and_a_crowd() {
    let env = Env::new();
    let mut app = env.launch();
    let socket = env.socket();
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    for i in 0..300 {
        let len = (rng.next() % 300) as usize;
        let mut bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        if i % 3 == 0 {
            bytes.push(b'\n');
        }
        if let Ok(mut s) = UnixStream::connect(&socket) {
            s.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
            let _ = s.write_all(&bytes);
            let _ = s.shutdown(std::net::Shutdown::Write);
            let _ = std::io::Read::read_to_end(&mut s, &mut Vec::new());
        }
    }
    // Half a message, then nothing: the app times the client out.
    let mut half = UnixStream::connect(&socket).unwrap();
    half.write_all(b"{\"op\":\"sta").unwrap();
    // Many at once.
    let crowd: Vec<_> = (0..64)
        .map(|_| {
            let socket = socket.clone();
            std::thread::spawn(move || {
                UnixStream::connect(&socket).ok().map(|mut s| {
                    let _ = s.write_all(b"{\"op\":\"status\"}\n");
                    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
                    let mut reply = String::new();
                    let _ = std::io::Read::read_to_string(&mut s, &mut reply);
                    reply
                })
            })
        })
        .collect();
    let answered = crowd
        .into_iter()
        .filter_map(|t| t.join().unwrap())
        .filter(|r| r.contains("\"status\":\"ok\""))
        .count();
    assert!(answered > 0, "the crowd was served");
    drop(half);
    assert!(
        app.child.try_wait().unwrap().is_none(),
        "0 crashes: the app still runs"
    );
    assert_eq!(env.status()["state"], "idle", "and answers normally");
}

#[test]
fn the_hand_over_alert_reaches_the_notification_daemon() {
    let env = Env::new();
    let _app = env.launch();
    mob(&env, &["Ada", "Bob"]);
    env.ok(&["start"]);
    env.ok(&["next"]);
    // dunst is started by the session bus on the first notification.
    wait_until(
        Duration::from_secs(10),
        "dunst to show the hand-over",
        || {
            Command::new("dunstctl")
                .args(["history"])
                .output()
                .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("Time to hand over"))
                || Command::new("dunstctl")
                    .args(["count", "displayed"])
                    .output()
                    .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() != "0")
        },
    );
}

#[test]
fn the_hand_over_screen_and_the_mini_timer_are_real_windows() {
    let env = Env::new();
    let app = env.launch();
    mob(&env, &["Ada", "Bob", "Cy"]);
    let hand_over = || x_windows(&app, "Mobflow: hand over");
    let mini = || x_windows(&app, "Mobflow mini timer");
    env.ok(&["start"]);
    assert_eq!(hand_over(), 0, "no hand-over screen during a turn");
    env.ok(&["next"]);
    wait_until(Duration::from_secs(10), "the hand-over screen", || {
        hand_over() >= 1
    });
    env.ok(&["note", "make", "parse_date", "fail", "on", "31", "Feb"]);
    assert_eq!(
        env.status()["handover_note"],
        "make parse_date fail on 31 Feb"
    );
    env.ok(&["next"]);
    wait_until(
        Duration::from_secs(10),
        "the hand-over screen to close",
        || hand_over() == 0,
    );

    env.ok(&["mini"]);
    wait_until(Duration::from_secs(10), "the mini timer", || mini() == 1);
    env.ok(&["mini"]);
    wait_until(Duration::from_secs(10), "the mini timer to close", || {
        mini() == 0
    });
}

/// A session bus whose notification service "starts" but never answers: D-Bus activation then
/// blocks a notification call until the service gives up (20 s here, 120 s in the wild).
struct HangingBus {
    daemon: std::process::Child,
    address: String,
    _dir: tempfile::TempDir,
}

impl HangingBus {
    fn start() -> HangingBus {
        let dir = tempfile::tempdir().unwrap();
        let services = dir.path().join("services");
        std::fs::create_dir(&services).unwrap();
        std::fs::write(
            services.join("org.freedesktop.Notifications.service"),
            "[D-BUS Service]\nName=org.freedesktop.Notifications\nExec=/bin/sleep 20\n",
        )
        .unwrap();
        let config = dir.path().join("bus.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}/bus</listen>
  <servicedir>{}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>"#,
                dir.path().display(),
                services.display()
            ),
        )
        .unwrap();
        let daemon = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .arg("--nofork")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let socket = dir.path().join("bus");
        wait_until(Duration::from_secs(5), "the private bus", || {
            socket.exists()
        });
        HangingBus {
            daemon,
            address: format!("unix:path={}", socket.display()),
            _dir: dir,
        }
    }
}

impl Drop for HangingBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

#[test]
fn a_hanging_notification_daemon_never_delays_the_timer() {
    let bus = HangingBus::start();
    let env = Env::new();
    let _app = env.launch_with(&[("DBUS_SESSION_BUS_ADDRESS", &bus.address)]);
    mob(&env, &["Ada", "Bob", "Cy"]);
    env.ok(&["start"]);
    for round in 0..4 {
        // Each hand-over sends a notification into the hanging bus.
        let run = env.cli(&["next"]);
        assert_eq!(run.code(), 0, "{}", run.stderr());
        assert!(
            run.took < Duration::from_secs(1),
            "round {round}: {:?}",
            run.took
        );
        let run = env.cli(&["next"]);
        assert!(
            run.took < Duration::from_secs(1),
            "round {round}: {:?}",
            run.took
        );
        let s = env.status();
        assert_eq!(s["state"], "running", "round {round}: the timer moved on");
        assert_eq!(s["turn"], round + 2);
    }
}

#[test]
fn every_action_round_trips_through_the_cli() {
    let env = Env::new();
    let app = env.launch();
    mob(&env, &["Ada", "Bob", "Cy"]);
    let state = || env.status()["state"].as_str().unwrap().to_owned();
    env.ok(&["toggle"]);
    assert_eq!(state(), "running");
    env.ok(&["toggle"]);
    assert_eq!(state(), "paused");
    env.ok(&["toggle"]);
    assert_eq!(state(), "running");
    env.ok(&["extend", "2"]);
    assert!(env.status()["remaining_ms"].as_u64().unwrap() > 700_000);
    env.ok(&["skip"]);
    assert_eq!(env.status()["navigator"], "Cy");
    env.ok(&["away", "bob"]);
    assert_eq!(env.status()["members"][1]["away"], true);
    env.ok(&["back", "Bob"]);
    env.ok(&["break"]);
    assert_eq!(state(), "break");
    let run = env.cli(&["break", "--skip"]);
    assert_eq!(run.code(), 1, "an early break is not skipped but ended");
    env.ok(&["break", "--end"]);
    assert_eq!(state(), "handover");
    env.ok(&["next"]);
    assert_eq!(state(), "running");
    env.ok(&["show"]);
    env.ok(&["mini"]);
    wait_until(Duration::from_secs(10), "the mini timer", || {
        x_windows(&app, "Mobflow mini timer") == 1
    });
    env.ok(&["mini"]);
    env.ok(&["end"]);
    assert_eq!(state(), "idle");
}

/// An X server of this test's own (so no other test's tray icon docks beside ours).
struct PrivateDisplay {
    server: std::process::Child,
    display: String,
}

impl PrivateDisplay {
    fn start() -> PrivateDisplay {
        let free = (300..400)
            .map(|n| n + std::process::id() % 100)
            .find(|n| {
                !std::path::Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
                    && !std::path::Path::new(&format!("/tmp/.X{n}-lock")).exists()
            })
            .expect("a free display number");
        let display = format!(":{free}");
        let server = Command::new("Xvfb")
            .args([&display, "-screen", "0", "1280x900x24", "-nolisten", "tcp"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let socket = format!("/tmp/.X11-unix/X{free}");
        wait_until(Duration::from_secs(10), "the private X server", || {
            std::path::Path::new(&socket).exists()
        });
        PrivateDisplay { server, display }
    }

    fn xdotool(&self, args: &[&str]) -> std::process::Output {
        Command::new("xdotool")
            .args(args)
            .env("DISPLAY", &self.display)
            .output()
            .unwrap()
    }
}

impl Drop for PrivateDisplay {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

#[test]
fn the_tray_menu_rotates() {
    let x = PrivateDisplay::start();
    let mut tray = Command::new("trayer")
        .args([
            "--edge",
            "bottom",
            "--align",
            "right",
            "--widthtype",
            "pixel",
        ])
        .args(["--width", "64", "--height", "32", "--transparent", "false"])
        .env("DISPLAY", &x.display)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("trayer is installed by scripts/dev.sh test");
    wait_until(Duration::from_secs(10), "the tray host", || {
        !x.xdotool(&["search", "--class", "trayer"])
            .stdout
            .is_empty()
    });
    let env = Env::new();
    let _app = env.launch_with(&[("DISPLAY", &x.display)]);
    mob(&env, &["Ada", "Bob"]);
    env.ok(&["start"]);
    // The icon docks at the bottom right; its menu opens on a click and keys pick an item.
    let pick = |downs: usize| {
        x.xdotool(&["mousemove", "1264", "884", "click", "1"]);
        for _ in 0..downs {
            x.xdotool(&["key", "Down"]);
        }
        x.xdotool(&["key", "Return"]);
    };
    wait_until(Duration::from_secs(10), "the tray menu to rotate", || {
        pick(2); // Start / Pause, Rotate now
        env.status()["state"] == "handover"
    });
    assert_eq!(env.status()["driver"], "Bob", "Rotate now, from the tray");
    let _ = tray.kill();
    let _ = tray.wait();
}
