//! The main window: setting up a mob, rotating, coming back after a restart, in-app keys.

use std::time::Duration;

use crate::support::{wait_until, Env, Window};

/// Types a name into the roster field and adds it.
async fn add_member(w: &Window, name: &str) {
    w.type_into("#member-name", name).await;
    w.click("#add-member").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mob_sets_up_rotates_and_comes_back_after_a_restart() {
    let env = Env::new();
    let w = Window::open(&env).await;

    for name in ["Ada", "Bob", "Cy"] {
        add_member(&w, name).await;
        w.wait_for(&format!("#members li.member[data-name=\"{name}\"]"))
            .await;
    }
    w.wait_text("#driver", "Ada").await;
    w.wait_text("#navigator", "Bob").await;

    // A refused name shows the backend's message and adds nobody.
    add_member(&w, "ada").await;
    w.wait_text("#error", "There is already a member called \"Ada\".")
        .await;
    assert_eq!(
        w.count("#members li.member").await,
        3,
        "a refused name adds nobody"
    );
    w.clear("#member-name").await;

    w.click("#start").await;
    w.wait_text("#state", "Running").await;
    let countdown = w.text("#countdown").await;
    assert!(
        ["10:00", "9:59", "09:59"].contains(&countdown.as_str()),
        "a fresh 10-minute turn shows {countdown}"
    );
    w.screenshot("main-running").await;

    w.click("#next").await;
    w.wait_text("#driver", "Bob").await;
    w.wait_text("#navigator", "Cy").await;
    w.wait_for("#handover").await;
    w.screenshot("main-handover").await;

    // The CLI sees the same state as the window.
    let status = env.status();
    assert_eq!(status["state"], "handover", "Next rotated");
    assert_eq!(status["driver"], "Bob", "the navigator drives now");
    assert_eq!(status["navigator"], "Cy", "the next person navigates");
    assert_eq!(
        status["members"].as_array().unwrap().len(),
        3,
        "the three names added in the window"
    );

    // And a change from the CLI reaches the window.
    env.ok(&["roster", "add", "Dee"]);
    w.wait_for("#members li.member[data-name=\"Dee\"]").await;

    w.close().await;
    env.wait_for_exit();

    // Relaunch: roster, rotation and session come back.
    let w = Window::open(&env).await;
    for name in ["Ada", "Bob", "Cy", "Dee"] {
        w.wait_for(&format!("#members li.member[data-name=\"{name}\"]"))
            .await;
    }
    w.wait_text("#driver", "Bob").await;
    w.wait_for("#handover").await;
    assert_eq!(env.status()["session_id"], 1, "the same session goes on");
    w.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_app_keys_run_the_actions() {
    let env = Env::new();
    let w = Window::open(&env).await;
    env.add_members(&["Ada", "Bob", "Cy"]);
    w.wait_text("#driver", "Ada").await;
    let state = |want: &'static str| {
        let env = &env;
        move || env.status()["state"] == want
    };
    w.press(" ").await;
    wait_until(Duration::from_secs(5), "Space to start", state("running"));
    w.press("e").await;
    wait_until(Duration::from_secs(5), "E to extend", || {
        env.status()["remaining_ms"].as_u64().unwrap() > 600_000
    });
    w.press("s").await;
    wait_until(Duration::from_secs(5), "S to skip", || {
        env.status()["navigator"] == "Cy"
    });
    w.press("n").await;
    wait_until(Duration::from_secs(5), "N to rotate", state("handover"));
    assert_eq!(env.status()["driver"], "Cy", "Bob was skipped, Cy drives");
    w.press("?").await;
    w.wait_for("#keys-help").await;
    w.screenshot("keys-help").await;
    w.close().await;
}
