//! The tests' badge in the windows: it follows the runs (none, running, red, running, green),
//! shows a red run's output on demand, and the mini timer shows it too.

use crate::support::{Env, Window};
use crate::test_runs::{set_tests, Project};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_badge_follows_the_runs_and_shows_a_red_runs_output() {
    let env = Env::new();
    let project = Project::new();
    let w = Window::open(&env).await;
    env.add_members(&["Ada", "Bob"]);
    env.ok_all(&[&["task", "add", "Parse dates"], &["task", "focus", "1"]]);
    // A second before the check, so the window can be seen saying "running".
    set_tests(&env, &project, &["--command", "sleep 1; sh check.sh"]);
    w.wait_attr("#test-badge", "data-state", "none").await;

    project.write("src/lib.txt", "parse_date(\"31 Feb\")");
    w.wait_attr("#test-badge", "data-state", "running").await;
    w.wait_attr("#test-badge", "data-state", "red").await;
    let detail = w.text("#test-badge-detail").await;
    assert!(
        detail.starts_with("run 1 · just now · took 1.") && detail.ends_with(" · exit 1"),
        "which run, when, how long and how it ended: {detail}"
    );
    w.click("#test-output-toggle").await;
    w.wait_text("#test-output pre", "checking: fail").await;
    w.screenshot("tests-red").await;

    project.write("state", "pass");
    w.wait_attr("#test-badge", "data-state", "running").await;
    w.wait_attr("#test-badge", "data-state", "green").await;
    assert!(
        w.text("#test-badge-detail")
            .await
            .starts_with("run 2 · just now"),
        "the badge names the new run"
    );
    w.click("#run-tests").await;
    w.wait_attr("#test-badge", "data-state", "running").await;
    w.wait_attr("#test-badge", "data-state", "green").await;
    w.screenshot("tests-green").await;

    env.ok(&["mini"]);
    w.switch_to("#mini").await;
    w.wait_attr("#mini-tests", "data-state", "green").await;
    w.wait_text("#mini-tests", "green").await;
    w.screenshot("mini-tests").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_turn_whose_time_is_up_while_red_says_it_waits_for_green() {
    let env = Env::new();
    let project = Project::new();
    crate::test_runs::green::seed_red_turn(&env, &project, std::time::Duration::from_secs(70));
    let w = Window::open(&env).await;
    w.wait_attr("#test-badge", "data-state", "red").await;
    w.wait_text(
        "#test-badge-wait",
        "Hand-over at the next green (or in under a minute)",
    )
    .await;
    w.wait_text("#state", "Running").await;
    w.screenshot("tests-waiting-for-green").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hand_over_screen_shows_how_the_tests_stand() {
    let env = Env::new();
    let project = Project::new();
    // The wait for green ran out a moment after the start: the hand-over opens, still red.
    crate::test_runs::green::seed_red_turn(&env, &project, std::time::Duration::from_secs(119));
    let w = Window::open(&env).await;
    w.switch_to("#handover").await;
    w.wait_text("#ho-driver", "Bob drives").await;
    w.wait_attr("#ho-tests", "data-state", "red").await;
    let detail = w.text("#ho-tests-detail").await;
    assert!(
        detail.starts_with("run 1 · ") && detail.ends_with(" min ago · took 1.0 s · exit 1"),
        "the red run seeded minutes ago, which took a second: {detail}"
    );
    w.screenshot("tests-handover").await;
}
