//! The reminder when nobody takes over grows a step a minute; at its last step (three minutes
//! and more, by default) the hand-over comes back on every monitor after it was dismissed.

use std::time::Duration;

use chrono::Utc;
use mobflow_core::Command;

use crate::support::{Env, Seed, Window};

/// A minute boundary of the waiting can take this long to come round again.
const A_MINUTE_AND_MORE: Duration = Duration::from_secs(80);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dismissed_hand_over_comes_back_when_nobody_takes_over() {
    // A hand-over that has waited 9 min 35 s when the app starts: its tenth minute (a reminder
    // at the last step) comes 25 seconds later (time to start, settle and dismiss it first),
    // and then every minute.
    let env = Env::new();
    let seed = || {
        let now = Utc::now();
        let mut seed = Seed::open(&env);
        let began = now - chrono::Duration::seconds(10 * 60 + 9 * 60 + 35);
        for name in ["Ada", "Bob"] {
            seed.run_at(Command::AddMember { name: name.into() }, began);
        }
        seed.run_at(Command::Start, began);
        seed.alive(now);
    };
    let w = Window::open_after(&env, seed).await;
    assert_eq!(
        env.status()["state"],
        "handover",
        "the turn ran out while the app was closed"
    );
    w.switch_to("#handover").await;
    w.wait_attr("#handover-screen", "data-settled", "true")
        .await;
    w.click_closing("#ho-dismiss").await;
    w.wait_closed("#handover").await;

    w.switch_to_within("#handover", A_MINUTE_AND_MORE).await;
    w.wait_for("#ho-start").await;
    w.screenshot("handover-raised-again").await;
    w.switch_to_main().await;
    let alert = w.text("#alert").await;
    assert!(
        alert.starts_with("Still handing over (1") && alert.contains("min)"),
        "the reminder says how long the mob has waited: {alert}"
    );
    assert_eq!(
        w.attr("#alert", "data-level").await.as_deref(),
        Some("3"),
        "ten minutes and more: the last step (a louder chime, three times, the screen again)"
    );
    assert_eq!(
        env.status()["state"],
        "handover",
        "the reminder starts nothing"
    );
    w.close().await;
}
