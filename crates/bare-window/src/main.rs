//! The yardstick for `scripts/measure-footprint`: the least a Tauri window can be while it shows
//! a clock. One window, one static page, and a `tick` event once a second that sets one text
//! node. Whatever Mobflow costs above this is Mobflow's own; what this costs is Tauri's and
//! WebKitGTK's floor on the machine at hand.
//!
//! Like Mobflow's main window it starts hidden and is shown when its page is ready (`ready`),
//! and it says `painted` on stdout with `MOBFLOW_STARTUP_MARK` set once that frame is drawn:
//! the start-up floor, measured the same way as the app.
//!
//! With `BARE_COVER` set it has no clock; instead the lines `show` and `hide` on its stdin show
//! and hide a second window, full screen with a static text, kept (hidden, not closed) and
//! running in the main window's web process, as Mobflow keeps its hand-over screen: the floor of
//! what showing and hiding a window leaves behind in WebKitGTK (`measure-footprint --turns`).
//! With `BARE_CHURN` also set (`rebuild`, `keep` or `toggle`), each `show` first changes both
//! pages (`dist/churn.js`): a hand-over-sized tree made anew, the same tree with a new text, or
//! the same tree shown with a new text (and hidden again at `hide`).
//! With `BARE_COVER=tick` the cover window counts a wait up once a second while it is shown
//! (`+0:42 waiting`, one text node) and the main window gets no tick, as Mobflow's hand-over
//! screen does over a covered main window: the floor of a hand-over's CPU.
//! With `BARE_SIZE=WxH` (logical pixels) the window is that size: `300x104`, the mini timer's,
//! is the floor of the mini timer's CPU.
//! With `BARE_CLOCK` set to CSS declarations (`font: 600 150px sans-serif`), the clock's line
//! has that style before the window is shown: the same text drawn at the size of the app's clock,
//! whose repaint every second costs more than a line of body text.
//!
//! A package of the workspace built with the same Tauri as the app:
//! `cargo build --release --locked -p mobflow-app -p bare-window` → `target/release/bare-window`.

use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager, WebviewUrl, WebviewWindowBuilder};

/// The kept second window's label and title (what `measure-footprint` looks for).
const COVER: &str = "cover";

/// The text shown: a countdown from ten minutes, one step a second (no clock read: the
/// yardstick only needs something that changes once a second).
fn clock(left: u64) -> String {
    format!("{:02}:{:02}", left / 60, left % 60)
}

/// The page shows its text: the window, hidden until now, is shown.
#[tauri::command]
fn ready(app: tauri::AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
    }
}

/// The style of the clock's line (`BARE_CLOCK`), if any; the page sets it before it is ready.
#[tauri::command]
fn clock_font() -> Option<String> {
    std::env::var("BARE_CLOCK")
        .ok()
        .filter(|css| !css.trim().is_empty())
}

/// The first frame with the text is drawn.
#[tauri::command]
fn painted() {
    static SAID: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("MOBFLOW_STARTUP_MARK").is_some() {
        SAID.call_once(|| println!("painted"));
    }
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready, painted, clock_font])
        .setup(|app| {
            let handle = app.handle().clone();
            if let Some(cover) = std::env::var_os("BARE_COVER") {
                if cover == "tick" {
                    let ticking = handle.clone();
                    std::thread::spawn(move || tick_cover(&ticking));
                }
                std::thread::spawn(move || follow_stdin(&handle));
                return Ok(());
            }
            if let Some(size) = std::env::var("BARE_SIZE")
                .ok()
                .as_deref()
                .and_then(parse_size)
            {
                if let Some(main) = handle.get_webview_window("main") {
                    main.set_size(tauri::LogicalSize::new(size.0, size.1))?;
                }
            }
            std::thread::spawn(move || {
                let mut left = 600;
                loop {
                    std::thread::sleep(Duration::from_secs(1));
                    left = if left == 0 { 600 } else { left - 1 };
                    if handle.emit("tick", clock(left)).is_err() {
                        return;
                    }
                }
            });
            Ok(())
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|error| {
            eprintln!("bare-window: {error}");
            std::process::exit(1)
        });
}

/// `WxH` in logical pixels, both above zero.
fn parse_size(text: &str) -> Option<(f64, f64)> {
    let (w, h) = text.split_once('x')?;
    let (w, h): (f64, f64) = (w.trim().parse().ok()?, h.trim().parse().ok()?);
    (w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite()).then_some((w, h))
}

/// Counts the wait up in the cover window once a second (nothing is sent to the main window).
fn tick_cover(app: &AppHandle) {
    let mut waited = 0u64;
    loop {
        std::thread::sleep(Duration::from_secs(1));
        waited += 1;
        let text = format!("+{}:{:02} waiting", waited / 60, waited % 60);
        if app.emit_to(COVER, "tick", text).is_err() {
            return;
        }
    }
}

/// Shows or hides the cover window for each `show` or `hide` line on stdin, until it closes.
fn follow_stdin(app: &AppHandle) {
    let (churn, rest) = match std::env::var("BARE_CHURN").as_deref() {
        Ok("rebuild") => (Some("churn('rebuild')"), None),
        Ok("keep") => (Some("churn('keep')"), None),
        Ok("toggle") => (Some("churn('toggle')"), Some("rest()")),
        _ => (None, None),
    };
    let run = |app: &AppHandle, cover: &tauri::WebviewWindow, script: Option<&str>| {
        if let Some(script) = script {
            let _ = cover.eval(script);
            if let Some(main) = app.get_webview_window("main") {
                let _ = main.eval(script);
            }
        }
    };
    for line in std::io::stdin().lines() {
        let Ok(line) = line else { return };
        match (line.trim(), app.get_webview_window(COVER)) {
            ("show", Some(cover)) => {
                run(app, &cover, churn);
                let _ = cover.show();
            }
            ("show", None) => open_cover(app),
            ("hide", Some(cover)) => {
                let _ = cover.hide();
                run(app, &cover, rest);
            }
            _ => {}
        }
    }
}

/// Opens the cover window in the main window's web process (a related view), as Mobflow opens
/// its hand-over screen.
fn open_cover(app: &AppHandle) {
    let Some(main) = app.get_webview_window("main") else {
        return;
    };
    let handle = app.clone();
    let _ = main.with_webview(move |view| {
        let built = WebviewWindowBuilder::new(&handle, COVER, WebviewUrl::App("cover.html".into()))
            .title(COVER)
            .position(0.0, 0.0)
            .inner_size(1280.0, 900.0)
            .decorations(false)
            .always_on_top(true)
            .visible(false)
            .with_related_view(view.inner())
            .build();
        // Shown once built: a window mapped while it is still being built is not yet known by
        // its label, and a `hide` read then would be lost.
        match built {
            Ok(cover) => {
                let _ = cover.show();
            }
            Err(error) => eprintln!("bare-window: could not open the cover window: {error}"),
        }
    });
}
