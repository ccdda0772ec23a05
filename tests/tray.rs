//! The tray icon's menu, on an X server of the test's own with a tray host.

use std::process::{Command, Output};
use std::time::Duration;

use crate::support::{wait_until, Daemon, Env};

/// An X server of this test's own (so no other test's tray icon docks beside ours).
struct PrivateDisplay {
    _server: Daemon,
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
        let mut xvfb = Command::new("Xvfb");
        xvfb.args([&display, "-screen", "0", "1280x900x24", "-nolisten", "tcp"]);
        let socket = format!("/tmp/.X11-unix/X{free}");
        let server = Daemon::start(xvfb, "a private X server (Xvfb)", || {
            std::path::Path::new(&socket).exists()
        });
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
    // The icon docks at the bottom right; its menu opens on a click and keys pick an item.
    let pick = |downs: usize| {
        x.xdotool(&["mousemove", "1264", "884", "click", "1"]);
        for _ in 0..downs {
            x.xdotool(&["key", "Down"]);
        }
        x.xdotool(&["key", "Return"]);
    };
    // A poll: under load the menu may open too late for the keys, so it is tried again.
    wait_until(Duration::from_secs(30), "the tray menu to rotate", || {
        pick(2); // Start / Pause, Rotate now
        env.status()["state"] == "handover"
    });
    assert_eq!(env.status()["driver"], "Bob", "Rotate now, from the tray");
}
