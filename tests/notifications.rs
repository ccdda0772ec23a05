//! Desktop notifications from the real app, each test on a session bus of its own: the
//! hand-over notification as the daemon received it, and a daemon that hangs.

use std::process::{Command, Output};
use std::time::Duration;

use serde_json::Value;

use crate::support::{wait_until, Daemon, Env, PrivateBus, Window};

/// dunst, the notification daemon, on a test's own bus.
trait Dunst {
    fn dunstctl(&self, args: &[&str]) -> Output;
    fn dunst(&self) -> Daemon;
    fn dunst_history(&self) -> Vec<(String, String, String)>;
}

impl Dunst for PrivateBus {
    fn dunstctl(&self, args: &[&str]) -> Output {
        self.command("dunstctl")
            .args(args)
            .output()
            .expect("dunstctl is installed with dunst by scripts/dev.sh test")
    }

    /// Runs dunst on this bus as its notification daemon.
    fn dunst(&self) -> Daemon {
        Daemon::start(self.command("dunst"), "dunst", || {
            self.dunstctl(&["is-paused"]).status.success()
        })
    }

    /// Closes what dunst shows (which moves it to its history) and returns the history as
    /// `(appname, summary, body)`, newest first.
    fn dunst_history(&self) -> Vec<(String, String, String)> {
        self.dunstctl(&["close-all"]);
        let out = self.dunstctl(&["history"]);
        let history: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("dunstctl history is JSON: {e}: {out:?}"));
        let field = |n: &Value, name: &str| n[name]["data"].as_str().unwrap_or("").to_owned();
        history["data"][0]
            .as_array()
            .into_iter()
            .flatten()
            .map(|n| (field(n, "appname"), field(n, "summary"), field(n, "body")))
            .collect()
    }
}

#[test]
fn the_hand_over_notification_reaches_the_daemon_naming_the_next_driver() {
    let bus = PrivateBus::start(None);
    let _dunst = bus.dunst();
    let env = Env::new();
    let _app = env.launch_with(&[("DBUS_SESSION_BUS_ADDRESS", &bus.address)]);
    env.add_members(&["Ada", "Bob"]);
    env.ok(&["start"]);
    assert_eq!(
        bus.dunst_history(),
        [],
        "starting a turn notifies nobody (and the bus is this test's alone)"
    );
    env.ok(&["next"]);
    let mut shown = Vec::new();
    wait_until(
        Duration::from_secs(10),
        "dunst to get a notification",
        || {
            shown = bus.dunst_history();
            !shown.is_empty()
        },
    );
    assert_eq!(
        shown,
        [(
            "Mobflow".to_owned(),
            "Time to hand over".to_owned(),
            "Bob drives, Ada navigates.".to_owned()
        )],
        "one notification from Mobflow, naming who drives and navigates next"
    );
}

#[test]
fn a_hanging_notification_daemon_never_delays_the_timer() {
    // The notification service "starts" but never answers: D-Bus activation then blocks a
    // notification call until the service exits (two minutes here, as in the wild). The service
    // writes its pid where the test can see it.
    let marks = tempfile::tempdir().unwrap();
    let pid_file = marks.path().join("pid");
    let service = marks.path().join("hanging-daemon");
    let script = format!(
        "#!/bin/sh\necho $$ > '{}'\nexec sleep 120\n",
        pid_file.display()
    );
    std::fs::write(&service, script).unwrap();
    let executable = std::os::unix::fs::PermissionsExt::from_mode(0o755);
    std::fs::set_permissions(&service, executable).unwrap();
    let bus = PrivateBus::start(Some(&service.display().to_string()));
    let env = Env::new();
    let _app = env.launch_with(&[("DBUS_SESSION_BUS_ADDRESS", &bus.address)]);
    env.add_members(&["Ada", "Bob", "Cy"]);
    env.ok(&["start"]);
    for round in 0..4 {
        // Each hand-over sends a notification into the hanging bus.
        env.ok(&["next"]);
        env.ok(&["next"]);
        let s = env.status();
        assert_eq!(s["state"], "running", "round {round}: the timer moved on");
        assert_eq!(s["turn"], round + 2, "round {round}: one turn further");
    }
    wait_until(Duration::from_secs(10), "the daemon to be started", || {
        std::fs::read_to_string(&pid_file).is_ok_and(|p| p.ends_with('\n'))
    });
    let pid = std::fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .to_owned();
    let hanging = std::path::Path::new(&format!("/proc/{pid}")).exists();
    let _ = Command::new("kill").arg(&pid).status();
    assert!(
        hanging,
        "every hand-over and turn went through while the notification still hung"
    );
}

/// The app's stderr, line by line, as it comes (read on a thread of its own).
fn stderr_lines(app: &mut crate::support::App) -> std::sync::mpsc::Receiver<String> {
    use std::io::BufRead;
    let err = app
        .child
        .stderr
        .take()
        .expect("launch_with pipes the app's stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(err).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    rx
}

/// Waits (bounded) for a line of `lines` that contains `wanted`.
fn said(lines: &std::sync::mpsc::Receiver<String>, wanted: &str) {
    let mut seen = Vec::new();
    while let Ok(line) = lines.recv_timeout(Duration::from_secs(20)) {
        if line.contains(wanted) {
            return;
        }
        seen.push(line);
    }
    panic!("the app never said {wanted:?}; it said {seen:#?}");
}

/// Whether the main window's web process has loaded GStreamer's plugins (what Web Audio plays
/// through; GStreamer's own library is linked in from the start).
fn web_process_plays_sound(env: &Env) -> bool {
    crate::app::running_on(env, "WebKitWebProcess").is_some_and(|(pid, _)| {
        std::fs::read_to_string(format!("/proc/{pid}/maps"))
            .is_ok_and(|m| m.contains("/gstreamer-1.0/"))
    })
}

/// Whether the shell has written the turn-over chime it hands the player (in the app's
/// private runtime folder).
fn chime_written(env: &Env) -> bool {
    std::fs::read_dir(env.runtime.path()).is_ok_and(|dirs| {
        dirs.flatten()
            .any(|d| d.path().join("chime-turn_over-1.wav").exists())
    })
}

/// A folder holding only `programs` (links to the real ones), for the app's PATH.
fn path_with(programs: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for program in programs {
        let real = ["/usr/bin", "/bin"]
            .iter()
            .map(|d| std::path::Path::new(d).join(program))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("{program} is installed by scripts/dev.sh test"));
        std::os::unix::fs::symlink(real, dir.path().join(program)).unwrap();
    }
    dir
}

/// The chime plays through the desktop's sound player (here ALSA's `aplay`, to its null
/// device), not the page's Web Audio: the web process never loads GStreamer's plugins, which
/// stayed in it all day once a chime had played there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chime_plays_through_the_desktops_player_and_the_page_loads_no_sound_stack() {
    let env = Env::new();
    std::fs::write(
        env.data.path().join(".asoundrc"),
        "pcm.!default { type null }\n",
    )
    .unwrap();
    let players = path_with(&["aplay"]);
    let home = env.data.path().to_str().unwrap().to_owned();
    let w = Window::open_with(
        &env,
        &[("PATH", players.path().to_str().unwrap()), ("HOME", &home)],
    )
    .await;
    env.add_members(&["Ada", "Bob"]);
    env.ok(&["start"]);
    env.ok(&["next"]);
    // The page has taken the alert (it shows it): had it played the chime itself, its web
    // process would have loaded GStreamer's plugins by now.
    w.wait_text("#alert strong", "Time to hand over").await;
    wait_until(
        Duration::from_secs(20),
        "the shell to write the chime",
        || chime_written(&env),
    );
    assert!(
        !web_process_plays_sound(&env),
        "the page played no chime of its own"
    );
    w.close().await;
}

/// Where no player can play it (none installed, or none reaches a sound device), the main
/// window plays the chime itself.
#[test]
fn without_a_sound_player_the_window_plays_the_chime() {
    let env = Env::new();
    let nothing = path_with(&[]);
    let mut app = env.launch_with(&[("PATH", nothing.path().to_str().unwrap())]);
    let lines = stderr_lines(&mut app);
    // The main window is shown once its page is ready to follow what it is sent.
    wait_until(Duration::from_secs(20), "the main window", || {
        app.x_windows("Mobflow") == 1
    });
    env.add_members(&["Ada", "Bob"]);
    env.ok(&["start"]);
    env.ok(&["next"]);
    said(&lines, "the window plays it");
    wait_until(
        Duration::from_secs(20),
        "the page to play the chime",
        || web_process_plays_sound(&env),
    );
}
