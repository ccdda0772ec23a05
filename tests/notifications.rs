//! Desktop notifications from the real app, each test on a session bus of its own: the
//! hand-over notification as the daemon received it, and a daemon that hangs.

use std::process::{Command, Output};
use std::time::Duration;

use serde_json::Value;

use crate::support::{wait_until, Daemon, Env, PrivateBus};

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
