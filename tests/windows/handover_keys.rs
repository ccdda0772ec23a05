//! Keys a typing driver can't mistake for an act: the hand-over swallows what is typed as it
//! appears and takes only a click or the "next" chord after that; the main window acts on a
//! single key only when it was focused on purpose, and once per key however long it is held.

use crate::support::{Env, Window};

const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
const TAB: &str = "\u{E004}";
/// Ctrl+Alt+Shift+N, the default "next" shortcut.
const NEXT_CHORD: [char; 4] = ['\u{E009}', '\u{E00A}', '\u{E008}', 'n'];

/// A line of code as a driver types it, Enter and indentation included.
fn code() -> String {
    format!("fn next() {{{ENTER}{TAB}skip(n, e); {ESCAPE}start(){ENTER}}}{ENTER} ")
}

/// Three people, a turn run and rotated: the hand-over is up, Bob to drive.
async fn at_a_hand_over(env: &Env) -> Window {
    let w = Window::open(env).await;
    env.add_members(&["Ada", "Bob", "Cy"]);
    env.ok_all(&[&["start"], &["next"]]);
    w
}

fn state(env: &Env) -> String {
    env.status()["state"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_typed_into_the_hand_over_neither_starts_skips_nor_hides_it() {
    let env = Env::new();
    let w = at_a_hand_over(&env).await;
    w.switch_to("#handover").await;
    w.wait_text("#ho-driver", "Bob drives").await;
    assert_eq!(
        w.run_script("return document.activeElement === document.body", vec![])
            .await,
        true,
        "nothing on the hand-over has the keys when it appears"
    );

    // While it settles: every key is swallowed, and keeps it settling.
    w.press(&code()).await;
    assert_eq!(
        w.attr("#handover-screen", "data-settled").await.as_deref(),
        Some("false"),
        "typed as it appeared: the screen is still settling, the keys went nowhere"
    );
    assert_eq!(
        state(&env),
        "handover",
        "typing as it appears starts nothing"
    );
    w.screenshot("handover-settling").await;

    // Settled: still nothing a driver types acts, not even Enter on a focused button.
    w.wait_attr("#handover-screen", "data-settled", "true")
        .await;
    w.press(&code()).await;
    for _ in 0..6 {
        w.press(&format!("{TAB}{ENTER} ")).await;
    }
    assert_eq!(
        state(&env),
        "handover",
        "code, Enter, Space and Esc start nothing"
    );
    let s = env.status();
    assert_eq!(s["driver"], "Bob", "nobody was skipped");
    assert_eq!(s["navigator"], "Cy", "nobody was skipped");
    assert_eq!(
        w.windows_at("#handover").await,
        1,
        "and nothing hid the screen"
    );
    w.switch_to("#handover").await;
    w.wait_text(
        "#ho-keys",
        "Typing can't start the next turn: click Start next turn or press Ctrl+Alt+Shift+N.",
    )
    .await;
    w.screenshot("handover-settled").await;

    // The deliberate chord starts the turn.
    w.chord(&NEXT_CHORD).await;
    crate::support::wait_until(
        std::time::Duration::from_secs(10),
        "the chord to start the turn",
        || state(&env) == "running",
    );
    assert_eq!(env.status()["driver"], "Bob", "Bob's turn");
    w.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_click_on_the_button_starts_the_next_turn_once_it_has_settled() {
    let env = Env::new();
    let w = at_a_hand_over(&env).await;
    w.switch_to("#handover").await;
    w.wait_for("#ho-start").await;
    // A key keeps it settling; a click then (the screen appeared under the pointer) is ignored.
    w.press("x").await;
    w.click("#ho-start").await;
    assert_eq!(
        w.attr("#handover-screen", "data-settled").await.as_deref(),
        Some("false"),
        "the click came while it settled"
    );
    assert_eq!(
        state(&env),
        "handover",
        "a click as it appears starts nothing"
    );

    w.wait_attr("#handover-screen", "data-settled", "true")
        .await;
    w.click_closing("#ho-start").await;
    crate::support::wait_until(
        std::time::Duration::from_secs(10),
        "the click to start the turn",
        || state(&env) == "running",
    );
    w.wait_closed("#handover").await;
    w.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn single_keys_act_only_in_a_window_focused_on_purpose_and_once_per_hold() {
    let env = Env::new();
    let w = Window::open(&env).await;
    env.add_members(&["Ada", "Bob", "Cy"]);
    w.wait_text("#driver", "Ada").await;

    // The window gets the focus back (the hand-over closed, say): a key then is swallowed.
    let refocus = "window.dispatchEvent(new FocusEvent('blur')); \
                   window.dispatchEvent(new FocusEvent('focus'));";
    w.run_script(refocus, vec![]).await;
    w.press(" ").await;
    assert_eq!(
        w.attr("main.app", "data-keys").await.as_deref(),
        Some("settling"),
        "the key came in the first moment after the focus came back"
    );
    assert_eq!(
        state(&env),
        "idle",
        "Space right after the focus came back starts nothing"
    );
    w.wait_attr("main.app", "data-keys", "ready").await;
    w.press(" ").await;
    crate::support::wait_until(
        std::time::Duration::from_secs(5),
        "Space to start, on purpose",
        || state(&env) == "running",
    );

    // A click in the window is on purpose at once.
    w.run_script(refocus, vec![]).await;
    w.click("#countdown").await;
    w.wait_attr("main.app", "data-keys", "ready").await;

    // A held key repeats: only its first press acts.
    let key = "document.body.dispatchEvent(new KeyboardEvent('keydown', \
               {key: arguments[0], code: arguments[1], repeat: arguments[2], bubbles: true}))";
    for _ in 0..5 {
        w.run_script(key, vec!["s".into(), "KeyS".into(), true.into()])
            .await;
    }
    assert_eq!(
        env.status()["navigator"],
        "Bob",
        "the repeats of a held S skip nobody"
    );
    w.run_script(key, vec!["s".into(), "KeyS".into(), false.into()])
        .await;
    crate::support::wait_until(std::time::Duration::from_secs(5), "S to skip", || {
        env.status()["navigator"] == "Cy"
    });

    // At a hand-over, N and Space start nothing; the window says how to.
    w.press("n").await;
    crate::support::wait_until(std::time::Duration::from_secs(5), "N to rotate", || {
        state(&env) == "handover"
    });
    w.switch_to_main().await;
    w.press("n").await;
    w.press(" ").await;
    w.wait_text(
        "#alert",
        "Not a key for the hand-over. To start the next turn, click Start next turn or press Ctrl+Alt+Shift+N.",
    )
    .await;
    assert_eq!(
        state(&env),
        "handover",
        "single keys start no turn at a hand-over"
    );
    w.close().await;
}
