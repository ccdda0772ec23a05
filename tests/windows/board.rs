//! The board in the main window: one task in focus, the tests first.

use crate::support::{Env, Window};

fn step(index: usize) -> String {
    format!("#column-focus li.step[data-index=\"{index}\"]")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_board_keeps_one_task_in_focus_and_the_tests_first() {
    let env = Env::new();
    let w = Window::open(&env).await;
    w.click("#view-board").await;

    for title in ["Fix login", "Write docs"] {
        w.type_into("#task-title", title).await;
        w.click("#add-task").await;
        w.wait_for(&format!("#column-backlog li.task[data-title=\"{title}\"]"))
            .await;
    }

    w.click("li.task[data-title=\"Fix login\"] .focus-btn")
        .await;
    w.wait_for("#column-focus li.task[data-title=\"Fix login\"]")
        .await;

    // WIP = 1: the second focus is refused with a message naming the task in focus.
    w.click("li.task[data-title=\"Write docs\"] .focus-btn")
        .await;
    w.wait_text(
        "#error",
        "\"Fix login\" is in focus. Park it or finish it first.",
    )
    .await;
    w.wait_for("#focus-conflict").await;
    assert_eq!(
        w.count("#column-focus li.task").await,
        1,
        "never two tasks in focus"
    );

    // Strict mode: a code step before the test steps is refused and stays unticked.
    w.click(&format!("{} input.step-check", step(2))).await;
    w.wait_text(
        "#error",
        "Tests come first: tick \"Acceptance test written and failing\" before \"Code makes the tests pass (green)\".",
    )
    .await;
    assert_eq!(
        w.attr(&step(2), "data-done").await.as_deref(),
        Some("false"),
        "the refused tick is not shown as done"
    );

    for index in 0..7 {
        w.click(&format!("{} input.step-check", step(index))).await;
        w.wait_attr(&step(index), "data-done", "true").await;
    }
    w.screenshot("board-focus").await;
    w.click("li.task[data-title=\"Fix login\"] .finish-btn")
        .await;
    w.wait_for("#column-done li.task[data-title=\"Fix login\"]")
        .await;
    assert_eq!(
        env.status()["task"],
        serde_json::Value::Null,
        "nothing in focus now"
    );
    w.screenshot("board-done").await;
    w.close().await;
}
