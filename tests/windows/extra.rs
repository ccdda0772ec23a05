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
        &["settings", "--patch", r#"{"roles":["researcher"]}"#],
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

    env.ok(&["park", "the", "flaky", "date", "test"]);
    env.ok(&["break"]);
    w.wait_for("#break-screen").await;
    w.wait_text("#parked-list li", "the flaky date test").await;
    w.screenshot("break-screen").await;

    env.ok(&["mini"]);
    w.switch_to("#mini").await;
    w.wait_for("#mini-clock").await;
    w.screenshot("mini-timer").await;
    w.close().await;
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
