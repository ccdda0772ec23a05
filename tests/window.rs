//! The real window on WebKitGTK, driven through tauri-driver and WebKitWebDriver.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::support::{artifacts, wait_until, Env, BIN};

/// One window at a time: each WebDriver session owns the display's focus.
static ONE_WINDOW: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn tauri_driver() -> String {
    let home = std::env::var("HOME").unwrap_or_default();
    let installed = format!("{home}/.cargo/bin/tauri-driver");
    if std::path::Path::new(&installed).exists() {
        installed
    } else {
        "tauri-driver".to_owned()
    }
}

/// tauri-driver (and through it WebKitWebDriver and the app) for one data folder.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(env: &Env) -> Driver {
        let port = free_port();
        let native = free_port();
        let mut cmd = Command::new(tauri_driver());
        cmd.args(["--port", &port.to_string()])
            .args(["--native-port", &native.to_string()])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            .env("MOBFLOW_DATA_DIR", env.data.path())
            .env("XDG_RUNTIME_DIR", env.runtime.path())
            .env("NO_AT_BRIDGE", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let child = cmd.spawn().expect(
            "tauri-driver must be installed (scripts/dev.sh test installs it): the window test never skips",
        );
        // tauri-driver listens at once but starts WebKitWebDriver behind it; a session asked
        // for before that one listens fails (often on a busy machine).
        wait_until(Duration::from_secs(20), "tauri-driver to listen", || {
            [port, native]
                .iter()
                .all(|p| std::net::TcpStream::connect(("127.0.0.1", *p)).is_ok())
        });
        Driver { child, port }
    }

    /// Starts the app through WebDriver and waits until the main window has rendered.
    async fn open(env: &Env) -> (Driver, Client) {
        let driver = Driver::start(env);
        let c = driver.session().await;
        c.wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Id("member-name"))
            .await
            .expect("the main window renders");
        (driver, c)
    }

    async fn session(&self) -> Client {
        let caps = json!({
            "browserName": "wry",
            "tauri:options": { "application": BIN }
        });
        let caps = caps.as_object().unwrap().clone();
        ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a WebDriver session with the app")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn text(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Waits (bounded) until the element's text is `want`: the UI renders pushed snapshots.
/// Polls `ready` (bounded, 5 s) until it holds; whether it did.
async fn eventually<F, Fut>(mut ready: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..100 {
        if ready().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

async fn expect_text(c: &Client, css: &str, want: &str) {
    let shown = || async {
        match c.find(Locator::Css(css)).await {
            Ok(el) => el
                .prop("textContent")
                .await
                .ok()
                .flatten()
                .unwrap_or_default(),
            Err(_) => String::new(),
        }
    };
    if eventually(|| async { shown().await.trim() == want }).await {
        return;
    }
    let last = shown().await;
    screenshot(c, "failure.png").await;
    let html = c.source().await.unwrap_or_default();
    panic!("{css}: expected {want:?}, still {last:?} (target/e2e/failure.png)\n{html}");
}

async fn add_member(c: &Client, name: &str) {
    let field = c.find(Locator::Id("member-name")).await.unwrap();
    field.send_keys(name).await.unwrap();
    c.find(Locator::Id("add-member"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let li = format!("#members li.member[data-name=\"{name}\"]");
    c.wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Css(&li))
        .await
        .unwrap_or_else(|_| panic!("{name} appears in the roster"));
}

async fn screenshot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    std::fs::write(artifacts().join(name), png).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mob_sets_up_rotates_and_comes_back_after_a_restart() {
    let _one = ONE_WINDOW.lock().await;
    let env = Env::new();
    let (driver, c) = Driver::open(&env).await;

    for name in ["Ada", "Bob", "Cy"] {
        add_member(&c, name).await;
    }
    expect_text(&c, "#driver", "Ada").await;
    expect_text(&c, "#navigator", "Bob").await;

    // A refused name shows the backend's message and adds nobody.
    add_member_refused(&c, "ada").await;

    c.find(Locator::Id("start"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    expect_text(&c, "#state", "Running").await;
    let countdown = text(&c, "#countdown").await;
    assert!(
        ["10:00", "9:59", "09:59"].contains(&countdown.trim()),
        "a fresh 10-minute turn shows {countdown}"
    );
    screenshot(&c, "main-running.png").await;

    c.find(Locator::Id("next"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    expect_text(&c, "#driver", "Bob").await;
    expect_text(&c, "#navigator", "Cy").await;
    c.wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Id("handover"))
        .await
        .expect("the hand-over panel shows");
    screenshot(&c, "main-handover.png").await;

    // The CLI sees the same state as the window.
    let status = env.status();
    assert_eq!(status["state"], "handover");
    assert_eq!(status["driver"], "Bob");
    assert_eq!(status["navigator"], "Cy");
    assert_eq!(status["members"].as_array().unwrap().len(), 3);

    // And a change from the CLI reaches the window.
    env.ok(&["roster", "add", "Dee"]);
    c.wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Css("#members li.member[data-name=\"Dee\"]"))
        .await
        .expect("a CLI change is pushed to the window");

    c.close().await.unwrap();
    drop(driver);
    wait_until(Duration::from_secs(10), "the app to exit", || {
        env.cli(&["status"]).code() == 3
    });

    // Relaunch: roster, rotation and session come back.
    let (_driver, c) = Driver::open(&env).await;
    for name in ["Ada", "Bob", "Cy", "Dee"] {
        let li = format!("#members li.member[data-name=\"{name}\"]");
        c.wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(&li))
            .await
            .unwrap_or_else(|_| panic!("{name} is back after a restart"));
    }
    expect_text(&c, "#driver", "Bob").await;
    c.wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Id("handover"))
        .await
        .expect("still handing over");
    let status = env.status();
    assert_eq!(status["session_id"], 1, "the same session goes on");
    c.close().await.unwrap();
}

async fn add_member_refused(c: &Client, name: &str) {
    let field = c.find(Locator::Id("member-name")).await.unwrap();
    field.send_keys(name).await.unwrap();
    c.find(Locator::Id("add-member"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    expect_text(c, "#error", "There is already a member called \"Ada\".").await;
    let count = c
        .find_all(Locator::Css("#members li.member"))
        .await
        .unwrap()
        .len();
    assert_eq!(count, 3, "a refused name adds nobody");
    field.clear().await.unwrap();
}

async fn click(c: &Client, css: &str) {
    c.wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("{css} is on screen"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

async fn step_done(c: &Client, index: usize) -> String {
    let css = format!("#column-focus li.step[data-index=\"{index}\"]");
    let el = c.find(Locator::Css(&css)).await.unwrap();
    el.attr("data-done").await.unwrap().unwrap_or_default()
}

async fn wait_step_done(c: &Client, index: usize, want: &str) {
    let done = eventually(|| async { step_done(c, index).await == want }).await;
    assert!(done, "step {index}: data-done never became {want}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_board_keeps_one_task_in_focus_and_the_tests_first() {
    let _one = ONE_WINDOW.lock().await;
    let env = Env::new();
    let (_driver, c) = Driver::open(&env).await;
    click(&c, "#view-board").await;

    for title in ["Fix login", "Write docs"] {
        let field = c
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Id("task-title"))
            .await
            .unwrap();
        field.send_keys(title).await.unwrap();
        click(&c, "#add-task").await;
        let li = format!("#column-backlog li.task[data-title=\"{title}\"]");
        c.wait()
            .at_most(Duration::from_secs(5))
            .for_element(Locator::Css(&li))
            .await
            .unwrap_or_else(|_| panic!("{title} lands in the backlog"));
    }

    click(&c, "li.task[data-title=\"Fix login\"] .focus-btn").await;
    c.wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Css(
            "#column-focus li.task[data-title=\"Fix login\"]",
        ))
        .await
        .expect("Fix login is in focus");

    // WIP = 1: the second focus is refused with a message naming the task in focus.
    click(&c, "li.task[data-title=\"Write docs\"] .focus-btn").await;
    expect_text(
        &c,
        "#error",
        "\"Fix login\" is in focus. Park it or finish it first.",
    )
    .await;
    c.wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Id("focus-conflict"))
        .await
        .expect("an offer to park or finish the focused task");
    let focused = c
        .find_all(Locator::Css("#column-focus li.task"))
        .await
        .unwrap()
        .len();
    assert_eq!(focused, 1, "never two tasks in focus");

    // Strict mode: a code step before the test steps is refused and stays unticked.
    click(
        &c,
        "#column-focus li.step[data-index=\"2\"] input.step-check",
    )
    .await;
    expect_text(
        &c,
        "#error",
        "Tests come first: tick \"Acceptance test written and failing\" before \"Code makes the tests pass (green)\".",
    )
    .await;
    assert_eq!(
        step_done(&c, 2).await,
        "false",
        "the refused tick is not shown as done"
    );

    for index in 0..7 {
        let css = format!("#column-focus li.step[data-index=\"{index}\"] input.step-check");
        click(&c, &css).await;
        wait_step_done(&c, index, "true").await;
    }
    screenshot(&c, "board-focus.png").await;
    click(&c, "li.task[data-title=\"Fix login\"] .finish-btn").await;
    c.wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Css(
            "#column-done li.task[data-title=\"Fix login\"]",
        ))
        .await
        .expect("the finished task is done");
    let status = env.status();
    assert_eq!(
        status["task"],
        serde_json::Value::Null,
        "nothing in focus now"
    );
    screenshot(&c, "board-done.png").await;
    c.close().await.unwrap();
}

/// Switches the session to the window whose URL ends with `hash`, waiting for it to open.
async fn switch_to(c: &Client, hash: &str) {
    let found = eventually(|| async {
        for handle in c.windows().await.unwrap_or_default() {
            if c.switch_to_window(handle).await.is_ok()
                && c.current_url()
                    .await
                    .is_ok_and(|u| u.as_str().ends_with(hash))
            {
                return true;
            }
        }
        false
    })
    .await;
    assert!(found, "no window at {hash}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hand_over_screen_the_break_and_the_mini_timer() {
    let _one = ONE_WINDOW.lock().await;
    let env = Env::new();
    let (_driver, c) = Driver::open(&env).await;
    for args in [
        &["roster", "add", "Ada"][..],
        &["roster", "add", "Bob"],
        &["roster", "add", "Cy"],
        &["settings", "--patch", r#"{"roles":["researcher"]}"#],
        &["task", "add", "Parse dates"],
        &["task", "focus", "1"],
        &["start"],
        &["next"],
        &["note", "make parse_date fail on 31 Feb"],
    ] {
        env.ok(args);
    }
    switch_to(&c, "#handover").await;
    expect_text(&c, "#ho-driver", "Bob drives").await;
    expect_text(&c, "#ho-navigator", "Cy navigates").await;
    expect_text(
        &c,
        "#ho-note",
        "Next step, for Bob make parse_date fail on 31 Feb",
    )
    .await;
    screenshot(&c, "handover-screen.png").await;

    env.ok(&["park", "the", "flaky", "date", "test"]);
    env.ok(&["break"]);
    c.wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Id("break-screen"))
        .await
        .expect("the break screen");
    expect_text(&c, "#parked-list li", "the flaky date test").await;
    screenshot(&c, "break-screen.png").await;

    env.ok(&["mini"]);
    switch_to(&c, "#mini").await;
    c.wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Id("mini-clock"))
        .await
        .expect("the mini timer shows the time");
    screenshot(&c, "mini-timer.png").await;

    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_app_keys_run_the_actions() {
    let _one = ONE_WINDOW.lock().await;
    let env = Env::new();
    let (_driver, c) = Driver::open(&env).await;
    for name in ["Ada", "Bob", "Cy"] {
        env.ok(&["roster", "add", name]);
    }
    expect_text(&c, "#driver", "Ada").await;
    let body = c.find(Locator::Css("body")).await.unwrap();
    let press = |key: &'static str| {
        let body = body.clone();
        async move { body.send_keys(key).await.unwrap() }
    };
    let state = |want: &'static str| {
        let env = &env;
        move || env.status()["state"] == want
    };
    press(" ").await;
    wait_until(Duration::from_secs(5), "Space to start", state("running"));
    press("e").await;
    wait_until(Duration::from_secs(5), "E to extend", || {
        env.status()["remaining_ms"].as_u64().unwrap() > 600_000
    });
    press("s").await;
    wait_until(Duration::from_secs(5), "S to skip", || {
        env.status()["navigator"] == "Cy"
    });
    press("n").await;
    wait_until(Duration::from_secs(5), "N to rotate", state("handover"));
    assert_eq!(env.status()["driver"], "Cy");
    press("?").await;
    c.wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Id("keys-help"))
        .await
        .expect("? lists the keys");
    screenshot(&c, "keys-help.png").await;
    c.close().await.unwrap();
}

async fn figure(c: &Client, id: &str) -> String {
    text(c, &format!("#retro-figures [data-figure=\"{id}\"] .value"))
        .await
        .trim()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_session_shows_up_in_the_history_and_its_retro() {
    let _one = ONE_WINDOW.lock().await;
    let env = Env::new();
    let (_driver, c) = Driver::open(&env).await;
    for args in [
        &["roster", "add", "Ada"][..],
        &["roster", "add", "Bob"],
        &["roster", "add", "Cy"],
        &["settings", "--patch", r#"{"turn_minutes":5}"#],
        &["task", "add", "Parse dates"],
        &["task", "add", "Print dates"],
        &["start"],
        &["task", "focus", "1"],
        &["task", "check", "1", "1"],
        &["task", "check", "1", "2"],
        &["task", "check", "1", "3"],
        &["task", "done", "1", "--override", "the rest ships tomorrow"],
        &["skip"],
        &["pause"],
        &["resume"],
        &["next"],
        &["next"],
    ] {
        env.ok(args);
    }
    for args in [
        &["task", "focus", "2"][..],
        &["task", "check", "2", "3"],
        &["task", "done", "2", "--override", "spike"],
        &["next"],
        &["end"],
    ] {
        let run = env.cli(args);
        // Strict mode refuses ticking code first: that refusal is part of the story.
        if args.starts_with(&["task", "check"]) {
            assert_eq!(run.code(), 1, "strict: tests first");
            continue;
        }
        assert_eq!(run.code(), 0, "{args:?}: {}", run.stderr());
    }

    click(&c, "#view-history").await;
    click(&c, "#sessions-list li.session[data-id=\"1\"] button").await;
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#retro-figures [data-figure=\"turns\"]"))
        .await
        .expect("the retro opens");
    assert_eq!(figure(&c, "turns").await, "2", "two turns were started");
    assert_eq!(figure(&c, "people").await, "3");
    assert_eq!(figure(&c, "tasks").await, "2", "two tasks finished");
    assert_eq!(figure(&c, "skips").await, "1");
    assert_eq!(figure(&c, "pauses").await, "1");
    assert_eq!(
        figure(&c, "test-first").await,
        "100%",
        "both finished tasks had their test steps first (the rest was overridden)"
    );
    for chart in ["#chart-keyboard", "#chart-timeline", "#timeline-list"] {
        c.find(Locator::Css(chart))
            .await
            .unwrap_or_else(|_| panic!("{chart} is shown"));
    }
    screenshot(&c, "history-retro.png").await;
    c.execute(
        "document.getElementById('chart-timeline').scrollIntoView({block: 'center'})",
        vec![],
    )
    .await
    .unwrap();
    screenshot(&c, "history-timeline.png").await;
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retro_is_exported_through_the_desktop_file_chooser() {
    let _one = ONE_WINDOW.lock().await;
    let env = Env::new();
    let (_driver, c) = Driver::open(&env).await;
    for args in [
        &["roster", "add", "Ada"][..],
        &["roster", "add", "Bob"],
        &["start"],
        &["next"],
        &["end"],
    ] {
        env.ok(args);
    }
    click(&c, "#view-history").await;
    click(&c, "#sessions-list li.session[data-id=\"1\"] button").await;
    click(&c, "#open-export").await;
    click(&c, "#export-choose").await;
    // The chooser is GTK's own window: drive it as a person would, through X.
    let target = env.data.path().join("weekly-retro.md");
    wait_until(Duration::from_secs(10), "the file chooser", || {
        std::process::Command::new("xdotool")
            .args(["search", "--name", "Export the retro"])
            .output()
            .is_ok_and(|o| !o.stdout.is_empty())
    });
    let window = String::from_utf8(
        std::process::Command::new("xdotool")
            .args(["search", "--name", "Export the retro"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let window = window.lines().next().unwrap().to_owned();
    for args in [
        vec!["windowfocus", "--sync", &window],
        vec!["key", "--window", &window, "ctrl+a"],
        vec![
            "type",
            "--window",
            &window,
            "--delay",
            "5",
            &target.to_string_lossy(),
        ],
        vec!["key", "--window", &window, "Return"],
    ] {
        let ok = std::process::Command::new("xdotool")
            .args(&args)
            .status()
            .unwrap();
        assert!(ok.success(), "xdotool {args:?}");
    }
    let done = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("export-done"))
        .await
        .expect("the export is confirmed in the window");
    let said = done.prop("textContent").await.unwrap().unwrap_or_default();
    assert!(said.contains("weekly-retro.md"), "{said}");
    let written = std::fs::read_to_string(&target).expect("the chosen file was written");
    assert!(written.starts_with("# "), "a Markdown retro: {written}");
    assert!(written.contains("Ada"), "{written}");
    c.close().await.unwrap();
}
