//! Accessibility, checked in the real WebKitGTK window: axe-core (ui/node_modules, injected
//! through WebDriver) on every view and dialog, with no serious or critical violation; dialogs
//! keep the focus in and give it back; the countdown announces turns, not seconds.

use serde_json::{json, Value};

use crate::support::{at, Env, Seed, Window, HANDOVER_PANEL};

const TAB: &str = "\u{E004}";
const SHIFT_TAB: &str = "\u{E008}\u{E004}";
const ESCAPE: &str = "\u{E00C}";

/// axe-core's browser build, as `npm ci` in ui/ installs it (a devDependency).
fn axe_source() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/ui/node_modules/axe-core/axe.min.js"
    );
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: run `npm ci` in ui/ (scripts/dev.sh does): {e}"))
}

/// Runs axe on the page of the current window; prints every violation, and fails on a serious
/// or critical one. Returns how many violations there were (of any impact).
async fn axe(w: &Window, what: &str) -> usize {
    let loaded = w.run("return typeof window.axe === 'object'", vec![]).await;
    if loaded != json!(true) {
        w.run(&format!("{}\n;return true;", axe_source()), vec![])
            .await;
    }
    let found = w
        .run_async(
            r#"const done = arguments[arguments.length - 1];
               axe.run(document, { resultTypes: ['violations'] })
                 .then((r) => done(r.violations.map((v) => ({
                   id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ')),
                 }))))
                 .catch((e) => done({ error: String(e) }));"#,
            vec![],
        )
        .await;
    let violations = found
        .as_array()
        .unwrap_or_else(|| panic!("axe on {what} failed: {found}"));
    let grave: Vec<&Value> = violations
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .collect();
    println!(
        "axe {what}: {} violations, {} serious or critical",
        violations.len(),
        grave.len()
    );
    for v in violations {
        println!(
            "  {} [{}] {} at {}",
            v["id"], v["impact"], v["help"], v["nodes"]
        );
    }
    assert!(
        grave.is_empty(),
        "{what}: no serious or critical accessibility violation: {grave:#?}"
    );
    violations.len()
}

/// The id of the focused element, and of the open dialog it is in (if any).
async fn focus(w: &Window) -> (String, String) {
    let got = w
        .run(
            "const a = document.activeElement;
             return [a ? (a.id || a.tagName) : '', a?.closest('dialog[open]')?.id ?? ''];",
            vec![],
        )
        .await;
    (
        got[0].as_str().unwrap_or_default().to_owned(),
        got[1].as_str().unwrap_or_default().to_owned(),
    )
}

/// Tabs forward and back around the dialog `id` (more times than it has controls): the focus
/// never leaves it. Then Esc closes it and the focus is back on `opener`.
async fn trapped_and_returned(w: &Window, id: &str, opener: &str) {
    for (keys, way) in [(TAB, "Tab"), (SHIFT_TAB, "Shift+Tab")] {
        for n in 0..40 {
            w.press_focused(keys).await;
            let (el, dialog) = focus(w).await;
            assert_eq!(
                dialog, id,
                "{way} #{n} left the dialog #{id}: the focus is on {el:?}"
            );
        }
    }
    w.press_focused(ESCAPE).await;
    // Bounded poll: the dialog closes, then the focus lands.
    let mut el = String::new();
    for _ in 0..200 {
        let (now, dialog) = focus(w).await;
        el = now;
        if dialog.is_empty() && el == opener {
            break;
        }
    }
    assert_eq!(
        el, opener,
        "closing #{id} gives the focus back to what opened it"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_main_window_its_dialogs_and_the_dark_theme() {
    let env = Env::new();
    let w = Window::open(&env).await;
    axe(&w, "main window, nobody yet").await;
    env.add_members(&["Ada", "Bob", "Cy"]);
    env.ok_all(&[
        &["settings", "--patch", r#"{"roles":["researcher"]}"#],
        &["task", "add", "Parse dates"],
        &["task", "focus", "1"],
    ]);
    w.wait_text("#driver", "Ada").await;
    axe(&w, "main window, idle").await;
    env.ok(&["start"]);
    w.wait_text("#state", "Running").await;
    axe(&w, "main window, running").await;
    w.click("#members li.member[data-name=\"Cy\"] button.remove")
        .await;
    w.wait_for("#confirm-remove-3").await;
    axe(&w, "remove a member mid-session (asks)").await;
    w.click("#cancel-remove-3").await;
    w.click("#keys-button").await;
    w.wait_for("#keys-help[open]").await;
    axe(&w, "keys help").await;
    w.press_focused(ESCAPE).await;
    w.click("#open-settings").await;
    w.wait_for("#settings-dialog[open]").await;
    axe(&w, "settings").await;
    w.click("#cancel-settings").await;
    env.ok(&["next"]);
    w.wait_for(HANDOVER_PANEL).await;
    axe(&w, "main window, hand-over").await;
    env.ok(&["settings", "--patch", r#"{"theme":"dark"}"#]);
    w.wait_attr("html", "data-theme", "dark").await;
    axe(&w, "main window, hand-over, dark").await;
    env.ok(&["next"]);
    w.wait_text("#state", "Running").await;
    // The panel is kept for the next hand-over, hidden: out of sight and of the a11y tree.
    w.wait_gone(HANDOVER_PANEL).await;
    axe(&w, "main window, running, dark").await;
    w.screenshot("main-running-dark").await;
    w.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_board_and_finish_dialog() {
    let env = Env::new();
    let w = Window::open(&env).await;
    env.add_members(&["Ada", "Bob"]);
    env.ok_all(&[
        &[
            "task",
            "add",
            "Parse dates",
            "--acceptance",
            "31 Feb is refused",
        ],
        &["task", "add", "Print dates"],
        &["park", "the flaky test"],
        &["task", "focus", "1"],
        &["task", "check", "1", "1"],
    ]);
    w.click("#view-board").await;
    w.wait_for("#column-focus li.task[data-title=\"Parse dates\"]")
        .await;
    axe(&w, "board").await;
    w.click("li.task[data-title=\"Parse dates\"] .finish-btn")
        .await;
    w.wait_for("#finish-dialog[open]").await;
    axe(&w, "finish dialog").await;
    w.close().await;
}

/// Two sessions on two days, as the app would have left them.
fn two_sessions(env: &Env) {
    use mobflow_core::Command;
    let mut seed = Seed::open(env);
    seed.run(Command::AddMember { name: "Ada".into() }, 0);
    seed.run(Command::AddMember { name: "Bob".into() }, 0);
    seed.run(Command::AddMember { name: "Cy".into() }, 0);
    seed.run(Command::SetTurnLength { minutes: 10 }, 0);
    for day in [0, 1] {
        let t = day * 24 * 60;
        seed.run(Command::Start, t);
        seed.run(Command::Start, t + 12);
        seed.run(Command::Next, t + 20);
        seed.run(Command::Start, t + 21);
        seed.run(Command::StartBreak, t + 31);
        seed.run(Command::EndBreak, t + 38);
        seed.run(Command::Start, t + 40);
        seed.run(Command::EndSession, t + 50);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_history_retros_and_the_export_dialog() {
    let env = Env::new();
    two_sessions(&env);
    let w = Window::open(&env).await;
    w.click("#view-history").await;
    w.click("#sessions-list li.session[data-id=\"1\"] button")
        .await;
    w.wait_for("#chart-timeline").await;
    axe(&w, "history, a session's retro").await;
    w.click("#open-export").await;
    w.wait_for("#export-dialog[open]").await;
    axe(&w, "export dialog").await;
    w.press_focused(ESCAPE).await;
    let (since, until) = (at(0).format("%Y-%m-%d"), at(2 * 24 * 60).format("%Y-%m-%d"));
    // Date fields take the date as the locale types it; set the values the way the page reads them.
    w.run(
        "for (const [id, v] of [['range-since', arguments[0]], ['range-until', arguments[1]]]) {
           const el = document.getElementById(id);
           el.value = v;
           el.dispatchEvent(new Event('input', { bubbles: true }));
         }",
        vec![json!(since.to_string()), json!(until.to_string())],
    )
    .await;
    w.click("#range-retro").await;
    w.wait_for("#chart-timeline rect.seg.turn").await;
    let sessions = w.count("#chart-timeline line.between").await;
    assert_eq!(
        sessions, 1,
        "two sessions side by side, one divider between them"
    );
    assert_eq!(
        w.count("#chart-timeline rect.seg.turn").await,
        8,
        "every turn of both days is drawn (four a day)"
    );
    axe(&w, "history, a date range's retro").await;
    w.scroll_to("#chart-timeline").await;
    w.screenshot("range-retro").await;
    w.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_hand_over_break_and_mini_windows() {
    let env = Env::new();
    let w = Window::open(&env).await;
    env.add_members(&["Ada", "Bob", "Cy"]);
    env.ok_all(&[
        &["task", "add", "Parse dates in the import"],
        &["task", "focus", "1"],
        &["start"],
        &["next"],
        &["note", "make parse_date fail on 31 Feb"],
    ]);
    w.switch_to("#handover").await;
    w.wait_for("#ho-driver").await;
    axe(&w, "hand-over screen").await;
    env.ok(&["break"]);
    w.wait_for("#break-screen").await;
    axe(&w, "break screen").await;
    env.ok_all(&[&["break", "--end"], &["start"], &["mini"]]);
    w.switch_to("#mini").await;
    w.wait_text("#mini-state", "Running").await;
    axe(&w, "mini timer").await;
    w.screenshot("mini-timer-running").await;
    w.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_time_away_dialog() {
    let env = Env::new();
    // A turn started 12 minutes ago by an app that then died.
    let now = chrono::Utc::now();
    let started = now - chrono::Duration::minutes(12);
    let mut seed = Seed::open(&env);
    seed.run_at(
        mobflow_core::Command::AddMember { name: "Ada".into() },
        started,
    );
    seed.run_at(mobflow_core::Command::Start, started);
    drop(seed);
    let w = Window::open(&env).await;
    w.wait_for("#away-dialog[open]").await;
    axe(&w, "time away dialog").await;
    w.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dialogs_keep_the_focus_in_and_give_it_back() {
    let env = Env::new();
    let w = Window::open(&env).await;
    env.add_members(&["Ada", "Bob"]);
    w.wait_text("#driver", "Ada").await;
    w.click("#open-settings").await;
    w.wait_for("#settings-dialog[open]").await;
    trapped_and_returned(&w, "settings-dialog", "open-settings").await;
    w.click("#keys-button").await;
    w.wait_for("#keys-help[open]").await;
    trapped_and_returned(&w, "keys-help", "keys-button").await;
    w.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_countdown_announces_turns_not_seconds() {
    let env = Env::new();
    let w = Window::open(&env).await;
    assert_eq!(
        w.attr("#countdown", "aria-live").await.as_deref(),
        Some("off"),
        "the clock itself is not read out every second"
    );
    env.add_members(&["Ada", "Bob", "Cy"]);
    w.wait_text("#announcer", "Ready. Ada drives, Bob navigates.")
        .await;
    env.ok(&["start"]);
    w.wait_text("#announcer", "Running. Ada drives, Bob navigates.")
        .await;
    env.ok(&["next"]);
    w.wait_text("#announcer", "Hand over. Bob drives, Cy navigates.")
        .await;
    env.ok(&["next"]);
    w.wait_text("#announcer", "Running. Bob drives, Cy navigates.")
        .await;
    let said = w.text("#announcer").await;
    assert!(
        !said.chars().any(|c| c.is_ascii_digit()),
        "the announcement names the turn, never the time left: {said:?}"
    );
    w.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_wayland_settings_show_the_commands_to_bind_and_flag_reserved_keys() {
    let env = Env::new();
    let w = Window::open_with(&env, &[("XDG_SESSION_TYPE", "wayland")]).await;
    w.click("#open-settings").await;
    w.wait_for("#shortcuts-wayland").await;
    let said = w.text("#shortcuts-wayland").await;
    assert!(
        said.contains("Global shortcuts are not available on Wayland"),
        "{said}"
    );
    for command in [
        "mobflow toggle",
        "mobflow next",
        "mobflow skip",
        "mobflow mini",
    ] {
        assert!(said.contains(command), "the table lists {command}: {said}");
    }
    w.clear("#shortcut-next").await;
    w.type_into("#shortcut-next", "Ctrl+Alt+F9").await;
    w.wait_text(
        "#shortcut-status-next",
        "The desktop keeps Ctrl+Alt+F9: it switches to a text console (a virtual terminal). Pick another.",
    )
    .await;
    axe(&w, "settings on Wayland, a reserved key typed").await;
    w.screenshot("settings-wayland").await;
    w.close().await;

    let w = Window::open(&env).await;
    w.click("#open-settings").await;
    w.wait_for("#shortcuts-elsewhere").await;
    assert_eq!(
        w.count("#shortcuts-wayland").await,
        0,
        "on X11 the shortcuts work: no Wayland notice"
    );
    w.close().await;
}
