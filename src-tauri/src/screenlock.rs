//! A locked screen is time away. A thread of its own listens on the session bus (the
//! screensaver's `ActiveChanged`, freedesktop's and GNOME's) and on the system bus (logind's
//! `Lock`, `Unlock` and `LockedHint` for this session); the screen counts as locked while any
//! of them says so. A lock stops the timer (`Service::screen_locked`); the unlock lets it go on,
//! or asks what a lock of two minutes or more was, as after a suspend.
//!
//! What each service says when the app starts is asked too, so a lock remembered from before
//! ends if the screen is not locked now. Without a bus, or with none of these services, no lock
//! is seen, and a timer command ends a lock whose end went unheard (the service does that).

use std::pin::Pin;

use futures_lite::{Stream, StreamExt};
use tauri::{AppHandle, Manager, Runtime};
use zbus::message::Type;
use zbus::{Connection, MatchRule, Message, MessageStream, OwnedVariant};

use crate::clock;
use crate::state::AppState;

/// Where a lock is heard of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Freedesktop,
    Gnome,
    Logind,
}

const SOURCES: usize = 3;

/// A screensaver: its source, bus name, object and interface (the signal's and the method's).
const SAVERS: [(Source, &str, &str); 2] = [
    (
        Source::Freedesktop,
        "org.freedesktop.ScreenSaver",
        "/org/freedesktop/ScreenSaver",
    ),
    (
        Source::Gnome,
        "org.gnome.ScreenSaver",
        "/org/gnome/ScreenSaver",
    ),
];

const LOGIND: &str = "org.freedesktop.login1";
const LOGIND_SESSION: &str = "org.freedesktop.login1.Session";
const PROPERTIES: &str = "org.freedesktop.DBus.Properties";

/// What each source says; the screen is locked while any says so.
#[derive(Debug, Default)]
struct Locks([bool; SOURCES]);

impl Locks {
    fn any(&self) -> bool {
        self.0.iter().any(|&l| l)
    }

    /// Records what `source` says; the new state of the screen when that changed it.
    fn set(&mut self, source: Source, locked: bool) -> Option<bool> {
        let before = self.any();
        self.0[source as usize] = locked;
        (self.any() != before).then_some(self.any())
    }
}

/// One thing a source said: locked or not.
type Said = (Source, bool);
type Heard = Pin<Box<dyn Stream<Item = Said> + Send>>;

/// Starts listening. The timer hears of each change of the screen's state.
pub fn spawn<R: Runtime>(app: AppHandle<R>) {
    let started = std::thread::Builder::new()
        .name("mobflow-screenlock".into())
        .spawn(move || {
            let report = |locked: bool| apply(&app, locked);
            zbus::block_on(listen(&report));
        });
    if let Err(error) = started {
        eprintln!("mobflow: the screen lock is not watched: {error}");
    }
}

/// The screen is locked (or not) now: the timer stands still (or goes on, or asks).
fn apply<R: Runtime>(app: &AppHandle<R>, locked: bool) {
    let state = app.state::<AppState>();
    let now = clock::now();
    let changed = {
        let mut service = state.service();
        if locked {
            service.screen_locked(now)
        } else {
            service.screen_unlocked(now)
        }
    };
    if changed {
        // The ticker pushes the new snapshot to the windows (the writer saves the change).
        state.wake.notify_one();
    }
}

async fn listen(report: &(dyn Fn(bool) + Sync)) {
    let mut locks = Locks::default();
    let mut heard: Vec<Heard> = Vec::new();
    match Connection::session().await {
        Ok(bus) => {
            for (source, name, path) in SAVERS {
                match screensaver(&bus, source, name, path).await {
                    Ok((now, stream)) => {
                        locks.set(source, now);
                        heard.push(stream);
                    }
                    Err(error) => eprintln!("mobflow: not watching {name}: {error}"),
                }
            }
        }
        Err(error) => eprintln!("mobflow: no session bus, the screen lock is not watched: {error}"),
    }
    match logind().await {
        Ok((now, stream)) => {
            locks.set(Source::Logind, now);
            heard.push(stream);
        }
        // Often so (no logind, no session of ours): the screensavers are enough.
        Err(error) => eprintln!("mobflow: not watching logind's session lock: {error}"),
    }
    // Said even when unlocked: a lock remembered from before is over.
    report(locks.any());
    let Some(mut all) = heard.into_iter().reduce(|a, b| Box::pin(a.or(b))) else {
        return;
    };
    while let Some((source, locked)) = all.next().await {
        if let Some(any) = locks.set(source, locked) {
            report(any);
        }
    }
}

/// The signals matching `rule` on `bus`, each read by `read` (a signal it cannot read is left
/// out).
async fn signals(
    bus: &Connection,
    rule: MatchRule<'static>,
    read: impl Fn(&Message) -> Option<Said> + Send + 'static,
) -> zbus::Result<Heard> {
    let stream = MessageStream::for_match_rule(rule, bus, None).await?;
    Ok(Box::pin(
        stream.filter_map(move |message| read(&message.ok()?)),
    ))
}

/// Whether a screensaver is active now, and its `ActiveChanged` signals from then on.
async fn screensaver(
    bus: &Connection,
    source: Source,
    name: &'static str,
    path: &'static str,
) -> zbus::Result<(bool, Heard)> {
    let rule = MatchRule::builder()
        .msg_type(Type::Signal)
        .interface(name)
        .member("ActiveChanged")
        .build()?;
    let heard = signals(bus, rule, move |m| {
        Some((source, m.body().deserialize::<bool>().ok()?))
    })
    .await?;
    // Asked only of a running screensaver: a call would start one that is merely installed.
    let dbus = zbus::fdo::DBusProxy::new(bus).await?;
    let running = dbus.name_has_owner(name.try_into()?).await?;
    let active = if running {
        let reply = bus
            .call_method(Some(name), path, Some(name), "GetActive", &())
            .await;
        reply.ok().and_then(|r| r.body().deserialize::<bool>().ok())
    } else {
        None
    };
    Ok((active.unwrap_or(false), heard))
}

/// Whether logind says this session is locked now, and what it says from then on: `Lock`,
/// `Unlock` and changes of `LockedHint`, for this session only.
async fn logind() -> zbus::Result<(bool, Heard)> {
    let bus = Connection::system().await?;
    let manager = "/org/freedesktop/login1";
    let reply = bus
        .call_method(
            Some(LOGIND),
            manager,
            Some("org.freedesktop.login1.Manager"),
            "GetSessionByPID",
            &(std::process::id()),
        )
        .await?;
    let session: zbus::OwnedObjectPath = reply.body().deserialize()?;
    let session = session.to_string();
    let lock_rule = MatchRule::builder()
        .msg_type(Type::Signal)
        .interface(LOGIND_SESSION)
        .path(session.clone())
        .build()?;
    let lock = signals(&bus, lock_rule, |m| {
        let member = m.header().member()?.to_string();
        match member.as_str() {
            "Lock" => Some((Source::Logind, true)),
            "Unlock" => Some((Source::Logind, false)),
            _ => None,
        }
    })
    .await?;
    let hint_rule = MatchRule::builder()
        .msg_type(Type::Signal)
        .interface(PROPERTIES)
        .member("PropertiesChanged")
        .path(session.clone())
        .build()?;
    let hint = signals(&bus, hint_rule, |m| {
        let (interface, changed, _): (
            String,
            std::collections::HashMap<String, OwnedVariant>,
            Vec<String>,
        ) = m.body().deserialize().ok()?;
        let hint = changed
            .get("LockedHint")
            .filter(|_| interface == LOGIND_SESSION)?;
        Some((Source::Logind, bool::try_from(hint).ok()?))
    })
    .await?;
    let now = bus
        .call_method(
            Some(LOGIND),
            session.as_str(),
            Some(PROPERTIES),
            "Get",
            &(LOGIND_SESSION, "LockedHint"),
        )
        .await
        .ok()
        .and_then(|r| r.body().deserialize::<OwnedVariant>().ok())
        .and_then(|v| bool::try_from(&v).ok());
    Ok((now.unwrap_or(false), Box::pin(lock.or(hint))))
}

/// The screen's state as the sources' reports come in: a test of [`Locks`] alone.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_screen_is_locked_while_any_source_says_so() {
        let mut locks = Locks::default();
        assert_eq!(locks.set(Source::Gnome, false), None, "still unlocked");
        assert_eq!(locks.set(Source::Gnome, true), Some(true), "locked");
        assert_eq!(
            locks.set(Source::Logind, true),
            None,
            "logind agrees: nothing new"
        );
        assert_eq!(
            locks.set(Source::Gnome, false),
            None,
            "logind still says locked"
        );
        assert_eq!(locks.set(Source::Logind, false), Some(false), "unlocked");
        assert_eq!(
            locks.set(Source::Freedesktop, false),
            None,
            "an unlock heard twice is nothing new"
        );
    }
}
