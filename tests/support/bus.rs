//! A D-Bus of a test's own, and fake desktop services on it: a screensaver, logind, and the
//! watcher a tray icon registers with. A test's app talks only to its own bus, so what one
//! test's fakes say reaches no other test's app.

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::{Arc, Mutex};

use zbus::message::Header;
use zbus::{interface, Connection, OwnedObjectPath, OwnedVariant};

use super::Daemon;

/// A session bus of the test's own, so that what reaches it came from this test's app.
pub struct PrivateBus {
    _daemon: Daemon,
    pub address: String,
    _dir: tempfile::TempDir,
}

impl PrivateBus {
    /// A bus on which calling the notification service starts `activates` (none: nothing is
    /// started, a daemon has to be run on the bus).
    pub fn start(activates: Option<&str>) -> PrivateBus {
        let dir = tempfile::tempdir().unwrap();
        let services = dir.path().join("services");
        std::fs::create_dir(&services).unwrap();
        if let Some(exec) = activates {
            std::fs::write(
                services.join("org.freedesktop.Notifications.service"),
                format!("[D-BUS Service]\nName=org.freedesktop.Notifications\nExec={exec}\n"),
            )
            .unwrap();
        }
        let socket = dir.path().join("bus");
        let config = dir.path().join("bus.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <servicedir>{}</servicedir>
  <limit name="service_start_timeout">600000</limit>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>"#,
                socket.display(),
                services.display()
            ),
        )
        .unwrap();
        let mut bus = Command::new("dbus-daemon");
        bus.arg(format!("--config-file={}", config.display()))
            .arg("--nofork");
        let daemon = Daemon::start(bus, "a private session bus (dbus-daemon)", || {
            socket.exists()
        });
        PrivateBus {
            _daemon: daemon,
            address: format!("unix:path={}", socket.display()),
            _dir: dir,
        }
    }

    /// A command talking to this bus.
    pub fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.env("DBUS_SESSION_BUS_ADDRESS", &self.address);
        cmd
    }
}

/// The desktop's screensaver, `org.freedesktop.ScreenSaver`: says whether it is active and
/// announces each change with `ActiveChanged`.
pub struct FakeScreenSaver {
    conn: Connection,
    active: Arc<Mutex<bool>>,
}

struct Saver {
    active: Arc<Mutex<bool>>,
}

#[interface(name = "org.freedesktop.ScreenSaver")]
impl Saver {
    fn get_active(&self) -> bool {
        *self.active.lock().unwrap()
    }

    fn get_active_time(&self) -> u32 {
        0
    }
}

impl FakeScreenSaver {
    /// Runs on `bus`, active (the screen locked) or not.
    pub fn start(bus: &PrivateBus, active: bool) -> FakeScreenSaver {
        let active = Arc::new(Mutex::new(active));
        let saver = Saver {
            active: active.clone(),
        };
        let conn = zbus::block_on(
            zbus::connection::Builder::address(bus.address.as_str())
                .name("org.freedesktop.ScreenSaver")
                .serve_at("/org/freedesktop/ScreenSaver", saver)
                .build(),
        )
        .expect("the fake screensaver on the test's bus");
        FakeScreenSaver { conn, active }
    }

    /// The screen locks (or unlocks): the screensaver says so, as a desktop's does.
    pub fn set_active(&self, active: bool) {
        *self.active.lock().unwrap() = active;
        zbus::block_on(self.conn.emit_signal(
            None::<&str>,
            "/org/freedesktop/ScreenSaver",
            "org.freedesktop.ScreenSaver",
            "ActiveChanged",
            &(active,),
        ))
        .expect("ActiveChanged is sent");
    }
}

/// logind on a bus used as the system bus: the session of any process, with `LockedHint`, and
/// `Lock`/`Unlock` as `loginctl lock-session` sends them.
pub struct FakeLogind {
    conn: Connection,
    locked: Arc<Mutex<bool>>,
}

const SESSION_PATH: &str = "/org/freedesktop/login1/session/_31";

struct Manager;

#[interface(name = "org.freedesktop.login1.Manager")]
impl Manager {
    #[zbus(name = "GetSessionByPID")]
    fn get_session_by_pid(&self, _pid: u32) -> OwnedObjectPath {
        OwnedObjectPath::try_from(SESSION_PATH).unwrap()
    }
}

struct Session {
    locked: Arc<Mutex<bool>>,
}

#[interface(name = "org.freedesktop.login1.Session")]
impl Session {
    #[zbus(property)]
    fn locked_hint(&self) -> bool {
        *self.locked.lock().unwrap()
    }
}

impl FakeLogind {
    pub fn start(bus: &PrivateBus) -> FakeLogind {
        let locked = Arc::new(Mutex::new(false));
        let session = Session {
            locked: locked.clone(),
        };
        let conn = zbus::block_on(
            zbus::connection::Builder::address(bus.address.as_str())
                .name("org.freedesktop.login1")
                .serve_at("/org/freedesktop/login1", Manager)
                .serve_at(SESSION_PATH, session)
                .build(),
        )
        .expect("the fake logind on the test's bus");
        FakeLogind { conn, locked }
    }

    /// `loginctl lock-session`: logind asks the session to lock (`Lock`), and the locker
    /// sets `LockedHint`. Unlocking is the other way round.
    pub fn lock(&self, locked: bool) {
        *self.locked.lock().unwrap() = locked;
        let signal = if locked { "Lock" } else { "Unlock" };
        zbus::block_on(async {
            self.conn
                .emit_signal(
                    None::<&str>,
                    SESSION_PATH,
                    "org.freedesktop.login1.Session",
                    signal,
                    &(),
                )
                .await?;
            let changed: BTreeMap<&str, zbus::Variant<'_>> =
                [("LockedHint", zbus::Variant::from(locked))].into();
            self.conn
                .emit_signal(
                    None::<&str>,
                    SESSION_PATH,
                    "org.freedesktop.DBus.Properties",
                    "PropertiesChanged",
                    &(
                        "org.freedesktop.login1.Session",
                        changed,
                        Vec::<String>::new(),
                    ),
                )
                .await
        })
        .expect("the lock is announced");
    }
}

/// The StatusNotifierWatcher a panel runs: a tray icon (an app indicator) registers with it and
/// shows its label; the test reads the label as the panel would.
pub struct FakeTrayWatcher {
    conn: Connection,
    items: Arc<Mutex<Vec<(String, String)>>>,
}

struct Watcher {
    items: Arc<Mutex<Vec<(String, String)>>>,
}

#[interface(name = "org.kde.StatusNotifierWatcher")]
impl Watcher {
    fn register_status_notifier_item(&self, #[zbus(header)] header: Header<'_>, service: &str) {
        let sender = header.sender().map(|s| s.to_string()).unwrap_or_default();
        let (name, path) = if service.starts_with('/') {
            (sender, service.to_owned())
        } else {
            (service.to_owned(), "/StatusNotifierItem".to_owned())
        };
        self.items.lock().unwrap().push((name, path));
    }

    fn register_status_notifier_host(&self, _service: &str) {}

    #[zbus(property)]
    fn registered_status_notifier_items(&self) -> Vec<String> {
        self.items
            .lock()
            .unwrap()
            .iter()
            .map(|(n, p)| format!("{n}{p}"))
            .collect()
    }

    #[zbus(property)]
    fn is_status_notifier_host_registered(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn protocol_version(&self) -> i32 {
        0
    }
}

impl FakeTrayWatcher {
    pub fn start(bus: &PrivateBus) -> FakeTrayWatcher {
        let items = Arc::new(Mutex::new(Vec::new()));
        let watcher = Watcher {
            items: items.clone(),
        };
        let conn = zbus::block_on(
            zbus::connection::Builder::address(bus.address.as_str())
                .name("org.kde.StatusNotifierWatcher")
                .serve_at("/StatusNotifierWatcher", watcher)
                .build(),
        )
        .expect("the fake tray watcher on the test's bus");
        FakeTrayWatcher { conn, items }
    }

    /// The label beside the first registered icon (`XAyatanaLabel`), once one registered.
    pub fn label(&self) -> Option<String> {
        let (name, path) = self.items.lock().unwrap().first()?.clone();
        let reply = zbus::block_on(self.conn.call_method(
            Some(name.as_str()),
            path.as_str(),
            Some("org.freedesktop.DBus.Properties"),
            "Get",
            &("org.kde.StatusNotifierItem", "XAyatanaLabel"),
        ))
        .ok()?;
        let value: OwnedVariant = reply.body().deserialize().ok()?;
        String::try_from(value).ok()
    }
}
