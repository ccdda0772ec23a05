//! The main window: setting up a mob, rotating, coming back after a restart, in-app keys.

use std::time::{Duration, Instant};

use crate::support::{app_pid, wait_until, x_windows_of, xdotool, Env, Window, HANDOVER_PANEL};

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
    w.wait_for(HANDOVER_PANEL).await;
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
    w.wait_for(HANDOVER_PANEL).await;
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

/// The X window of this test's main window (other tests' windows share the display): found
/// through the app's pid, which it writes into its lock file.
fn main_x_window(env: &Env) -> String {
    let pid = app_pid(env.data.path()).expect("the app publishes its pid");
    x_windows_of(&pid, "Mobflow", false)
        .into_iter()
        .next()
        .expect("the main window is an X window titled Mobflow")
}

/// Whole seconds left in the turn, as the CLI sees it.
fn seconds_left(env: &Env) -> u64 {
    env.status()["remaining_ms"].as_u64().unwrap() / 1000
}

/// The main window, with Ada and Bob in a running turn.
async fn running_turn(env: &Env) -> Window {
    let w = Window::open(env).await;
    env.add_members(&["Ada", "Bob"]);
    env.ok(&["start"]);
    w.wait_text("#state", "Running").await;
    w
}

/// A change reaches each window as one snapshot.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_change_reaches_the_window_once() {
    let env = Env::new();
    let w = running_turn(&env).await;
    // The states of the whole snapshots that reach the page.
    w.run(
        "const push = window.__mobflowPush; window.__states = []; \
         window.__mobflowPush = (event, payload) => { \
           if (event === 'snapshot') window.__states.push(payload.state); push(event, payload); };",
        vec![],
    )
    .await;
    // The CLI answers once the change is written; by the time the page shows the next change,
    // anything pushed about the first one has reached it.
    env.ok(&["pause"]);
    w.wait_text("#state", "Paused").await;
    env.ok(&["resume"]);
    w.wait_text("#state", "Running").await;
    let states = w.run("return window.__states", vec![]).await;
    let paused = states
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s.as_str() == Some("paused"))
        .count();
    assert_eq!(
        paused, 1,
        "the pause reaches the window as one snapshot, not again when its write lands: {states}"
    );
}
/// A window nobody can see is not fed the clock: unmapped while the turn runs on, its page gets
/// no ticks; mapped again, it shows the time at once and follows it again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_nobody_sees_gets_no_ticks_and_catches_up_when_seen() {
    let env = Env::new();
    let w = running_turn(&env).await;
    // Count the ticks that reach the page.
    w.run(
        "const push = window.__mobflowPush; window.__ticks = 0; \
         window.__mobflowPush = (event, payload) => { \
           if (event === 'tick') window.__ticks += 1; push(event, payload); };",
        vec![],
    )
    .await;
    let ticks = || async {
        w.run("return window.__ticks", vec![])
            .await
            .as_u64()
            .unwrap()
    };
    let limit = std::time::Instant::now() + Duration::from_secs(10);
    while ticks().await == 0 {
        assert!(
            std::time::Instant::now() < limit,
            "a seen window gets ticks"
        );
    }

    let main = main_x_window(&env);
    xdotool(&["windowunmap", "--sync", &main]);
    let before = ticks().await;
    let from = seconds_left(&env);
    wait_until(Duration::from_secs(10), "two seconds of the turn", || {
        seconds_left(&env) + 2 <= from
    });
    assert_eq!(
        ticks().await,
        before,
        "no tick reaches a window nobody sees"
    );

    xdotool(&["windowmap", "--sync", &main]);
    let limit = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let shown = w.text("#countdown").await;
        let secs = env.status()["remaining_ms"]
            .as_u64()
            .unwrap()
            .div_ceil(1000);
        let near = [secs, secs + 1].map(|s| format!("{:02}:{:02}", s / 60, s % 60));
        if near.contains(&shown) && ticks().await > before {
            break;
        }
        assert!(
            std::time::Instant::now() < limit,
            "back in sight, the window shows the time ({shown}, the app says {near:?}) and gets ticks again"
        );
    }
}

/// Behind the hand-over screen kept from an earlier hand-over, the main window waits: it is sent
/// the hand-over only when it can be seen (brought forward over the screen, or the screen
/// dismissed), and the screen, which has the focus, tells a screen reader of it meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_main_window_behind_the_hand_over_screen_catches_up_when_seen() {
    let env = Env::new();
    let w = Window::open(&env).await;
    env.add_members(&["Ada", "Bob", "Cy"]);
    // The first hand-over builds the screen; the main window is sent that one at once.
    env.ok_all(&[&["start"], &["next"]]);
    w.wait_for(HANDOVER_PANEL).await;
    env.ok(&["start"]);
    w.wait_text("#state", "Running").await;
    // When each snapshot reaches the main window's page (the wall clock, in ms).
    let record = "window.__got = []; const push = window.__mobflowPush; \
         window.__mobflowPush = (event, payload) => { \
           if (event === 'snapshot') window.__got.push([payload.state, Date.now()]); \
           push(event, payload); };";
    w.run(record, vec![]).await;
    // The first hand-over sent to the main window since `since`, when it arrived.
    let handover_since = |since: u128| {
        let w = &w;
        async move {
            let limit = Instant::now() + Duration::from_secs(10);
            loop {
                let got = w.run("return window.__got", vec![]).await;
                let at =
                    got.as_array().unwrap().iter().find_map(|g| {
                        (g[0] == "handover").then(|| u128::from(g[1].as_u64().unwrap()))
                    });
                if let Some(at) = at {
                    assert!(
                        at >= since,
                        "the main window is sent the hand-over only once it can be seen: {got}"
                    );
                    return;
                }
                assert!(
                    Instant::now() < limit,
                    "the main window, seen, is sent the hand-over: {got}"
                );
            }
        }
    };

    // The next hand-over shows the kept screen over the main window, which is sent nothing.
    env.ok(&["next"]);
    w.switch_to("#handover").await;
    w.wait_text("#ho-driver", "Cy drives").await;
    w.wait_text("#ho-announcer", "Hand over. Cy drives, Ada navigates.")
        .await;
    // Brought forward over the screen (Alt+Tab, where the desktop lets it), it is sent it.
    w.switch_to_main().await;
    let forward = now_ms();
    xdotool(&["windowraise", &main_x_window(&env)]);
    handover_since(forward).await;
    w.wait_text("#driver", "Cy").await;
    w.wait_for(HANDOVER_PANEL).await;

    // Dismissing the screen uncovers it too.
    env.ok(&["start"]);
    w.wait_text("#state", "Running").await;
    w.run(record, vec![]).await;
    env.ok(&["next"]);
    let pid = app_pid(env.data.path()).unwrap();
    wait_until(Duration::from_secs(10), "the hand-over screen", || {
        !x_windows_of(&pid, "Mobflow: hand over", true).is_empty()
    });
    let dismissed = now_ms();
    env.ok(&["dismiss"]);
    handover_since(dismissed).await;
    w.wait_text("#driver", "Ada").await;
    // The next turn reaches it as before.
    env.ok(&["start"]);
    w.wait_text("#state", "Running").await;
    w.wait_gone(HANDOVER_PANEL).await;
    w.close().await;
}

fn now_ms() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis()
}
