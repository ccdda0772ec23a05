//! A locked screen is time away, heard on a bus of the test's own from a fake screensaver and
//! a fake logind: the timer stands still while locked; a short lock was a pause, a long one
//! asks what it was.

use std::time::Duration;

use chrono::Utc;

use crate::support::{wait_until, Env, FakeLogind, FakeScreenSaver, PrivateBus, Seed};

/// The app on `bus`, as session bus and as system bus.
fn launch_on(env: &Env, bus: &PrivateBus) -> crate::support::App {
    env.launch_with(&[
        ("DBUS_SESSION_BUS_ADDRESS", &bus.address),
        ("DBUS_SYSTEM_BUS_ADDRESS", &bus.address),
    ])
}

fn locked(env: &Env) -> bool {
    env.status()["screen_locked"] == true
}

#[test]
fn the_timer_stands_still_while_the_screensaver_is_active() {
    let bus = PrivateBus::start(None);
    let saver = FakeScreenSaver::start(&bus, false);
    let env = Env::new();
    let _app = launch_on(&env, &bus);
    env.add_members(&["Ada", "Bob"]);
    env.ok(&["start"]);
    assert!(!locked(&env), "the screensaver is not active: not locked");

    saver.set_active(true);
    wait_until(Duration::from_secs(10), "the lock to be heard", || {
        locked(&env)
    });
    let first = env.status()["remaining_ms"].as_u64().unwrap();
    let second = env.status()["remaining_ms"].as_u64().unwrap();
    assert_eq!(
        first, second,
        "the time left stands still while the screen is locked (two readings apart)"
    );
    assert_eq!(env.status()["state"], "running", "still the same turn");

    saver.set_active(false);
    wait_until(Duration::from_secs(10), "the unlock to be heard", || {
        !locked(&env)
    });
    let s = env.status();
    assert_eq!(s["state"], "running", "a short lock was a pause");
    assert!(s["away"].is_null(), "nothing to ask about a short lock");
    assert!(
        s["remaining_ms"].as_u64().unwrap() <= first,
        "the turn runs on from where it stood"
    );
    env.wait_written();
    let away = env.events("time_away");
    assert_eq!(away.len(), 1, "the pause is in the history: {away:?}");
    assert_eq!(
        away[0]["choice"], "resume",
        "recorded as time away the mob resumed from"
    );
}

#[test]
fn a_long_lock_asks_what_it_was_when_the_screen_is_unlocked() {
    // The app was last running three minutes into a lock that has gone on since (it was
    // restarted meanwhile): the screensaver is still active when it starts.
    let env = Env::new();
    let now = Utc::now();
    let mut seed = Seed::open(&env);
    for name in ["Ada", "Bob"] {
        seed.run_at(
            mobflow_core::Command::AddMember { name: name.into() },
            now - chrono::Duration::minutes(5),
        );
    }
    seed.run_at(
        mobflow_core::Command::Start,
        now - chrono::Duration::minutes(5),
    );
    seed.lock(now - chrono::Duration::minutes(3));
    seed.alive(now);
    drop(seed);

    let bus = PrivateBus::start(None);
    let saver = FakeScreenSaver::start(&bus, true);
    let _app = launch_on(&env, &bus);
    assert!(
        locked(&env),
        "the screensaver says the screen is still locked: the lock goes on"
    );
    assert_eq!(
        env.status()["remaining_ms"],
        480_000,
        "the turn stands where the lock began, two minutes in"
    );

    saver.set_active(false);
    wait_until(Duration::from_secs(10), "the question", || {
        !env.status()["away"].is_null()
    });
    let s = env.status();
    assert!(!locked(&env), "unlocked");
    assert_eq!(
        s["away"]["cause"], "locked",
        "the question says the screen was locked"
    );
    assert!(
        s["away"]["away_ms"].as_u64().unwrap() >= 180_000,
        "away since the lock began: {}",
        s["away"]
    );
    assert_eq!(
        env.cli(&["start"]).code(),
        1,
        "the timer waits for the mob's answer"
    );
    env.ok(&["decide", "break"]);
    let s = env.status();
    assert_eq!(
        s["state"], "handover",
        "the lock was a break; the mob hands over"
    );
    assert_eq!(
        s["driver"], "Bob",
        "the turn ended at the lock and the seats moved"
    );
}

#[test]
fn a_stale_lock_ends_when_no_screensaver_says_it_goes_on() {
    let env = Env::new();
    let now = Utc::now();
    let mut seed = Seed::open(&env);
    seed.run_at(
        mobflow_core::Command::AddMember { name: "Ada".into() },
        now - chrono::Duration::minutes(2),
    );
    seed.run_at(
        mobflow_core::Command::Start,
        now - chrono::Duration::minutes(2),
    );
    seed.lock(now - chrono::Duration::seconds(30));
    seed.alive(now);
    drop(seed);
    let bus = PrivateBus::start(None);
    let _app = launch_on(&env, &bus);
    wait_until(
        Duration::from_secs(10),
        "the remembered lock to end",
        || !locked(&env),
    );
    assert_eq!(
        env.status()["state"],
        "running",
        "30 s locked, then no screensaver at all: the turn runs on"
    );
}

#[test]
fn logind_locking_the_session_is_a_lock_too() {
    let bus = PrivateBus::start(None);
    let logind = FakeLogind::start(&bus);
    let env = Env::new();
    let _app = launch_on(&env, &bus);
    env.add_members(&["Ada", "Bob"]);
    env.ok(&["start"]);
    logind.lock(true);
    wait_until(Duration::from_secs(10), "logind's lock to be heard", || {
        locked(&env)
    });
    logind.lock(false);
    wait_until(
        Duration::from_secs(10),
        "logind's unlock to be heard",
        || !locked(&env),
    );
    assert_eq!(env.status()["state"], "running", "a short lock was a pause");
}
