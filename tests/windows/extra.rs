//! The windows besides the main one: the hand-over screen, the break screen and the mini timer,
//! seen through WebDriver and as real X windows.

use std::time::Duration;

use crate::support::{wait_until, Env, Window};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hand_over_screen_the_break_and_the_mini_timer() {
    let env = Env::new();
    let w = Window::open(&env).await;
    env.add_members(&["Ada", "Bob", "Cy"]);
    env.ok_all(&[
        &[
            "settings",
            "--patch",
            r#"{"roles":["researcher"],"auto_start":true,"auto_start_grace_secs":120}"#,
        ],
        &["task", "add", "Parse dates"],
        &["task", "focus", "1"],
        &["start"],
        &["next"],
        &["note", "make parse_date fail on 31 Feb"],
    ]);
    w.switch_to("#handover").await;
    w.wait_text("#ho-driver", "Bob drives").await;
    w.wait_text("#ho-navigator", "Cy navigates").await;
    w.wait_text(
        "#ho-note",
        "Next step, for Bob make parse_date fail on 31 Feb",
    )
    .await;
    w.screenshot("handover-screen").await;
    // The clocks move, a second at a time: the wait counts up, the auto-start down.
    counts(&w, "#ho-waiting", Count::Up, |t| {
        t.strip_prefix('+')?
            .strip_suffix(" waiting")
            .and_then(seconds)
    })
    .await;
    counts(&w, "#ho-autostart", Count::Down, |t| {
        t.strip_prefix("Starts by itself in ")?
            .strip_suffix(" s")?
            .parse()
            .ok()
    })
    .await;

    env.ok(&["park", "the", "flaky", "date", "test"]);
    env.ok(&["break"]);
    w.wait_for("#break-screen").await;
    w.wait_text("#parked-list li", "the flaky date test").await;
    counts(&w, "#break-countdown", Count::Down, seconds).await;
    w.screenshot("break-screen").await;

    env.ok(&["mini"]);
    w.switch_to("#mini").await;
    counts(&w, "#mini-clock", Count::Down, seconds).await;
    w.screenshot("mini-timer").await;
    w.close().await;
}

enum Count {
    Up,
    Down,
}

/// Waits until the clock at `css` reads a time (`read` gives its seconds), then until it has
/// moved on from it the way it counts.
async fn counts(w: &Window, css: &str, way: Count, read: impl Fn(&str) -> Option<u64>) {
    let first = w
        .wait_text_where(css, "a time", |t| read(t).is_some())
        .await;
    let from = read(&first).unwrap_or_default();
    w.wait_text_where(css, &format!("a time after {first:?}"), |t| {
        read(t).is_some_and(|now| match way {
            Count::Up => now > from,
            Count::Down => now < from,
        })
    })
    .await;
}

/// The seconds of a clock's "12:34" (or "2:05").
fn seconds(text: &str) -> Option<u64> {
    let (minutes, secs) = text.split_once(':')?;
    (secs.len() == 2)
        .then(|| Some(minutes.parse::<u64>().ok()? * 60 + secs.parse::<u64>().ok()?))
        .flatten()
}

/// The hand-over window is kept hidden between hand-overs and gets no snapshot while hidden:
/// shown again, it says who is next now, with none of what was typed the last time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_next_hand_over_shows_the_next_people_and_fresh_forms() {
    let env = Env::new();
    let w = Window::open(&env).await;
    env.add_members(&["Ada", "Bob", "Cy"]);
    env.ok_all(&[&["start"], &["next"]]);
    w.switch_to("#handover").await;
    w.wait_text("#ho-driver", "Bob drives").await;
    // Keys wait until the screen has settled.
    w.wait_attr("#handover-screen", "data-settled", "true")
        .await;
    w.type_into("#ho-note-input", "a draft nobody saved").await;
    assert_eq!(
        w.prop("#ho-note-input", "value").await.as_deref(),
        Some("a draft nobody saved")
    );
    env.ok(&["start"]);
    w.wait_closed("#handover").await;
    env.ok(&["next"]);
    w.switch_to("#handover").await;
    w.wait_text("#ho-driver", "Cy drives").await;
    w.wait_text("#ho-navigator", "Ada navigates").await;
    assert_eq!(
        w.prop("#ho-note-input", "value").await.as_deref(),
        Some(""),
        "the note field is empty, not the last hand-over's draft"
    );
    w.close().await;
}

#[test]
fn the_hand_over_screen_and_the_mini_timer_are_real_windows() {
    let env = Env::new();
    let app = env.launch();
    env.add_members(&["Ada", "Bob", "Cy"]);
    let hand_over = || app.x_windows("Mobflow: hand over");
    let mini = || app.x_windows("Mobflow mini timer");
    env.ok(&["start"]);
    assert_eq!(hand_over(), 0, "no hand-over screen during a turn");
    env.ok(&["next"]);
    wait_until(Duration::from_secs(10), "the hand-over screen", || {
        hand_over() >= 1
    });
    env.ok(&["note", "make", "parse_date", "fail", "on", "31", "Feb"]);
    assert_eq!(
        env.status()["handover_note"],
        "make parse_date fail on 31 Feb",
        "the words of the note are joined"
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

/// A dismissal in the moment the first hand-over appears holds: the screen, perhaps still being
/// built then, is not shown once built, and the next hand-over shows it again.
#[test]
fn a_hand_over_dismissed_as_it_appears_stays_dismissed() {
    let env = Env::new();
    let app = env.launch();
    env.add_members(&["Ada", "Bob", "Cy"]);
    let hand_over = || app.x_windows("Mobflow: hand over");
    env.ok(&["start"]);
    env.ok(&["next"]);
    env.ok(&["dismiss"]);
    // Windows are built on the GUI thread in turn: once the mini timer is up, a hand-over
    // screen whose build began before it is built too.
    env.ok(&["mini"]);
    wait_until(Duration::from_secs(10), "the mini timer", || {
        app.x_windows("Mobflow mini timer") == 1
    });
    assert_eq!(
        hand_over(),
        0,
        "the dismissed hand-over screen is not shown"
    );
    assert_eq!(
        env.status()["state"],
        "handover",
        "dismissing starts nothing"
    );
    env.ok(&["next"]);
    env.ok(&["next"]);
    wait_until(
        Duration::from_secs(10),
        "the next hand-over's screen",
        || hand_over() >= 1,
    );
}
