//! The tray icon's menu, on an X server of the test's own with a tray host; its label, on a
//! bus of the test's own with a panel's tray watcher.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::support::{wait_until, Daemon, Env, FakeTrayWatcher, PrivateBus};

/// An X server of this test's own (so no other test's tray icon docks beside ours).
struct PrivateDisplay {
    _server: Daemon,
    display: String,
}

impl PrivateDisplay {
    fn start() -> PrivateDisplay {
        // The server picks a display nobody holds and writes its number to stdout: a choice
        // made here by looking at /tmp could race another run, or find every candidate taken
        // by a crashed server's leftover lock.
        let mut xvfb = Command::new("Xvfb");
        xvfb.args(["-displayfd", "1", "-nolisten", "tcp"])
            .args(["-screen", "0", "1280x900x24"]);
        let (server, number) = Daemon::start_announcing(xvfb, "a private X server (Xvfb)");
        let display = format!(":{}", number.trim());
        // Ready when a client gets an answer from it (a tray host started before that cannot
        // open the display and quits).
        wait_until(
            Duration::from_secs(20),
            "the private X server to answer",
            || {
                Command::new("xdotool")
                    .arg("getdisplaygeometry")
                    .env("DISPLAY", &display)
                    .output()
                    .is_ok_and(|o| o.status.success())
            },
        );
        PrivateDisplay {
            _server: server,
            display,
        }
    }

    fn xdotool(&self, args: &[&str]) -> Output {
        Command::new("xdotool")
            .args(args)
            .env("DISPLAY", &self.display)
            .output()
            .unwrap()
    }
}

#[test]
fn the_tray_menu_rotates() {
    let x = PrivateDisplay::start();
    let mut trayer = Command::new("trayer");
    trayer
        .args(["--edge", "bottom", "--align", "right"])
        .args(["--widthtype", "pixel", "--width", "64", "--height", "32"])
        .args(["--transparent", "false"])
        .env("DISPLAY", &x.display);
    let _tray = Daemon::start(trayer, "the tray host (trayer)", || {
        !x.xdotool(&["search", "--class", "trayer"])
            .stdout
            .is_empty()
    });
    let env = Env::new();
    let _app = env.launch_with(&[("DISPLAY", &x.display)]);
    env.add_members(&["Ada", "Bob"]);
    env.ok(&["start"]);
    // The icon docks at the bottom right; its menu opens on a click and keys pick an item once
    // it is up (under load it maps late, and keys sent before it are lost).
    let shown = || {
        let out = x.xdotool(&["search", "--onlyvisible", "--class", "mobflow"]);
        out.stdout
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .count()
    };
    let pick = |downs: usize| {
        let before = shown();
        x.xdotool(&["mousemove", "1264", "884", "click", "1"]);
        let started = Instant::now();
        while shown() <= before {
            if started.elapsed() > Duration::from_secs(5) {
                return; // no menu: the next try clicks again
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        for _ in 0..downs {
            x.xdotool(&["key", "Down"]);
        }
        x.xdotool(&["key", "Return"]);
    };
    wait_until(Duration::from_secs(60), "the tray menu to rotate", || {
        pick(2); // Start / Pause, Rotate now
        let s = env.status();
        // Shown if the test fails: where each try left the timer.
        eprintln!("tray try: {} turn {}", s["state"], s["turn"]);
        s["state"] == "handover"
    });
    assert_eq!(env.status()["driver"], "Bob", "Rotate now, from the tray");
}

#[test]
fn the_tray_label_shows_the_time_left_in_minutes_then_seconds() {
    // A panel's tray watcher on a bus of the test's own: the app's icon registers with it, and
    // its label is read as the panel reads it.
    let bus = PrivateBus::start(None);
    let watcher = FakeTrayWatcher::start(&bus);
    let env = Env::new();
    let _app = env.launch_with(&[("DBUS_SESSION_BUS_ADDRESS", &bus.address)]);
    let label = |want: &dyn Fn(&str) -> bool, what: &str| {
        let mut seen = None;
        wait_until(Duration::from_secs(10), what, || {
            seen = watcher.label();
            seen.as_deref().is_some_and(want)
        });
        seen.unwrap()
    };
    label(&|l| l.is_empty(), "an empty label with no session on");
    env.add_members(&["Ada", "Bob"]);
    env.ok(&["start"]);
    let running = label(&|l| l.ends_with(" min"), "minutes while the turn runs");
    assert!(
        running == "10 min" || running == "9 min",
        "a fresh 10-minute turn reads {running:?}"
    );
    env.ok(&["pause"]);
    label(&|l| l.ends_with(" min paused"), "the minutes, paused");
    env.ok(&["next"]);
    label(&|l| l == "Hand over", "the hand-over");
    env.ok_all(&[&["turn-length", "1"], &["start"]]);
    let last = label(
        &|l| l.len() == 4 && l.starts_with("0:") && l != "0:00",
        "seconds in the last minute",
    );
    let secs: u32 = last[2..].parse().unwrap();
    assert!(
        secs < 60,
        "a 1-minute turn reads seconds at once after its first: {last}"
    );
    label(&|l| l != last, "the seconds counting down");
}
