//! The history view: a session's retro, and its export through the desktop's file chooser.

use std::time::Duration;

use crate::support::{wait_until, xdotool, Env, Window};

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
