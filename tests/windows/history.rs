//! The history view: a session's retro, and its export through the desktop's file chooser.

use std::time::Duration;

use crate::support::{wait_until, xdotool, Env, Seed, Window};

const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
const END: &str = "\u{E010}";
const HOME: &str = "\u{E011}";
const DOWN: &str = "\u{E015}";

/// Opens the retro of session 1 from the history view.
async fn open_retro(w: &Window) {
    w.click("#view-history").await;
    w.click("#sessions-list li.session[data-id=\"1\"] button")
        .await;
}

async fn figure(w: &Window, id: &str) -> String {
    w.text(&format!("#retro-figures [data-figure=\"{id}\"] .value"))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_session_shows_up_in_the_history_and_its_retro() {
    let env = Env::new();
    let w = Window::open(&env).await;
    env.ok(&["settings", "--patch", r#"{"turn_minutes":5}"#]);
    env.add_members(&["Ada", "Bob", "Cy"]);
    env.ok_all(&[
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
        &["task", "focus", "2"],
    ]);
    // Strict mode refuses ticking code first: that refusal is part of the story.
    let run = env.cli(&["task", "check", "2", "3"]);
    assert_eq!(run.code(), 1, "strict: tests first");
    env.ok_all(&[
        &["task", "done", "2", "--override", "spike"],
        &["next"],
        &["end"],
    ]);

    open_retro(&w).await;
    assert_eq!(figure(&w, "turns").await, "2", "two turns were started");
    assert_eq!(figure(&w, "people").await, "3", "three drove or navigated");
    assert_eq!(figure(&w, "tasks").await, "2", "two tasks finished");
    assert_eq!(figure(&w, "skips").await, "1", "one navigator skipped");
    assert_eq!(figure(&w, "pauses").await, "1", "one pause");
    assert_eq!(
        figure(&w, "test-first").await,
        "100%",
        "both finished tasks had their test steps first (the rest was overridden)"
    );
    for chart in ["#chart-keyboard", "#chart-timeline", "#timeline-list"] {
        w.wait_for(chart).await;
    }
    w.screenshot("history-retro").await;
    w.scroll_to("#chart-timeline").await;
    w.screenshot("history-timeline").await;
    w.close().await;
}

/// The id of the X window titled `title`, if there is one.
fn x_window(title: &str) -> Option<String> {
    let found = xdotool(&["search", "--name", title]);
    let ids = String::from_utf8(found.stdout).unwrap();
    ids.lines().next().map(str::to_owned)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retro_is_exported_through_the_desktop_file_chooser() {
    let env = Env::new();
    let w = Window::open(&env).await;
    env.add_members(&["Ada", "Bob"]);
    env.ok_all(&[&["start"], &["next"], &["end"]]);
    open_retro(&w).await;
    w.click("#open-export").await;
    w.click("#export-choose").await;

    // The chooser is GTK's own window: drive it as a person would, through X.
    let target = env.data.path().join("weekly-retro.md");
    let title = "Export the retro";
    wait_until(Duration::from_secs(10), "the file chooser", || {
        x_window(title).is_some()
    });
    let chooser = x_window(title).unwrap();
    let path = target.to_string_lossy();
    for args in [
        &["windowfocus", "--sync", &chooser][..],
        &["key", "--window", &chooser, "ctrl+a"],
        &["type", "--window", &chooser, "--delay", "5", &path],
        &["key", "--window", &chooser, "Return"],
    ] {
        let done = xdotool(args);
        assert!(done.status.success(), "xdotool {args:?}: {done:?}");
    }
    w.wait_for("#export-done").await;
    let said = w.text("#export-done").await;
    assert!(
        said.contains("weekly-retro.md"),
        "the window names the file written: {said}"
    );
    let written = std::fs::read_to_string(&target).expect("the chosen file was written");
    assert!(written.starts_with("# "), "a Markdown retro: {written}");
    assert!(
        written.contains("Ada"),
        "the retro names the mob: {written}"
    );
    w.close().await;
}

/// A short session a day for `days` days, as the app would have left them.
fn daily_sessions(env: &Env, days: i64) {
    use mobflow_core::Command;
    let mut seed = Seed::open(env);
    seed.run(Command::AddMember { name: "Ada".into() }, 0);
    seed.run(Command::AddMember { name: "Bob".into() }, 0);
    for day in 0..days {
        let t = day * 24 * 60;
        seed.run(Command::Start, t);
        seed.run(Command::EndSession, t + 12);
    }
}

fn row(id: u32) -> String {
    format!("#sessions-list li.session[data-id=\"{id}\"]")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_history_draws_the_rows_in_view_and_the_keys_reach_every_session() {
    let env = Env::new();
    let days = 300;
    daily_sessions(&env, days);
    let w = Window::open(&env).await;
    w.click("#view-history").await;
    // The newest session opens with the list.
    w.wait_attr(&format!("{} button", row(300)), "aria-current", "true")
        .await;
    let drawn = w.count("#sessions-list li.session").await;
    assert!(
        drawn < 100,
        "only the rows in view (and a margin) are drawn: {drawn} of {days}"
    );
    assert_eq!(w.count(&row(1)).await, 0, "the oldest session is far below");
    assert_eq!(
        w.attr(&row(300), "aria-setsize").await.as_deref(),
        Some("300")
    );
    assert_eq!(
        w.attr(&row(300), "aria-posinset").await.as_deref(),
        Some("1")
    );

    // End reaches the oldest session, drawn on the way; Enter opens it.
    w.click(&format!("{} button", row(300))).await;
    w.wait_text("#retro-title", "Session 300").await;
    w.press_focused(ESCAPE).await; // from the retro back to its row in the list
    w.press_focused(END).await;
    w.wait_for(&row(1)).await;
    assert_eq!(
        w.attr(&row(1), "aria-posinset").await.as_deref(),
        Some("300")
    );
    w.press_focused(ENTER).await;
    w.wait_text("#retro-title", "Session 1").await;
    w.wait_attr(&format!("{} button", row(1)), "aria-current", "true")
        .await;
    let drawn = w.count("#sessions-list li.session").await;
    assert!(
        drawn < 100,
        "at the end too, only the rows in view: {drawn}"
    );
    let shown = w
        .run(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect();
             const pane = document.querySelector('#history .list-pane').getBoundingClientRect();
             return r.top >= pane.top && r.bottom <= pane.bottom;",
            vec![serde_json::json!(row(1))],
        )
        .await;
    assert_eq!(
        shown,
        serde_json::json!(true),
        "the focused row is scrolled into view"
    );
    w.screenshot("history-long-list-end").await;

    // Esc goes back to the open session's row; Home and the arrows move from there.
    w.press_focused(ESCAPE).await;
    w.press_focused(HOME).await;
    w.press_focused(DOWN).await;
    w.press_focused(ENTER).await;
    w.wait_text("#retro-title", "Session 299").await;
    w.wait_attr(&format!("{} button", row(299)), "aria-current", "true")
        .await;
    w.close().await;
}

/// A range of more sessions than have a timeline: the figures count every session, the lists
/// show their newest entries and say so, and what is below the fold is drawn when reached.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_range_counts_every_session_and_lists_the_newest_notes() {
    use mobflow_core::Command;
    let env = Env::new();
    let days = 130;
    let mut seed = Seed::open(&env);
    seed.run(Command::AddMember { name: "Ada".into() }, 0);
    seed.run(Command::AddMember { name: "Bob".into() }, 0);
    for day in 0..days {
        let t = day * 24 * 60;
        seed.run(Command::Start, t);
        let text = format!("note {day:03}");
        seed.run(Command::SetHandoverNote { text }, t + 1);
        seed.run(Command::EndSession, t + 12);
    }
    drop(seed);
    let w = Window::open(&env).await;
    w.click("#view-history").await;
    w.wait_for(&row(130)).await;
    w.click("#range-retro").await;
    w.wait_text("#retro-title", "Retro: all sessions").await;
    assert_eq!(figure(&w, "sessions").await, "130", "every session counts");
    assert_eq!(
        w.count("#handover-notes li").await,
        100,
        "the newest 100 notes are listed"
    );
    let said = w.text("section[aria-labelledby=\"notes-heading\"]").await;
    assert!(
        said.contains("The newest 100 of 130 notes"),
        "the cut list says so: {said}"
    );
    assert!(
        said.contains("note 030") && said.contains("note 129") && !said.contains("note 029"),
        "notes 30 to 129, the newest: {said}"
    );
    w.scroll_to("#handover-notes li:last-child").await;
    let drawn = w
        .run(
            "return document.querySelector('#handover-notes li:last-child')
               .getBoundingClientRect().height;",
            vec![],
        )
        .await;
    assert!(
        drawn.as_f64().is_some_and(|h| h > 0.0),
        "the newest note is drawn once scrolled to: {drawn}"
    );
    w.screenshot("history-long-range-notes").await;
    w.close().await;
}
