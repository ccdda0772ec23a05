//! The windows: the main one brought forward, the full-screen hand-over on every monitor (or
//! the one chosen), and the mini timer.
//!
//! The extra ones load the same UI as the main window; the URL's hash picks the view (`#handover`,
//! `#mini`). The mini timer never takes keyboard focus and remembers where it was put; where
//! each goes when monitors come and go is `placement`.

use mobflow_api::{Snapshot, TimerState};
use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

use crate::placement::{self, Screen};
use crate::sight;
use crate::state::AppState;

pub use crate::state::{HANDOVER_PREFIX, MAIN};
pub const MINI: &str = "mini";
const MINI_SIZE: (f64, f64) = (300.0, 104.0);

/// How long launch waits for the main page's first snapshot before it shows the main window
/// anyway (a page that never reports must not leave the app invisible).
pub const REVEAL_LIMIT: std::time::Duration = std::time::Duration::from_secs(3);

/// Shows the main window the first time only: when its page shows the first snapshot (the
/// `ready` command), or after [`REVEAL_LIMIT`]. The window starts hidden (tauri.conf.json) so
/// the first frame on screen is the countdown, not a blank page, and so GTK never paints a view
/// whose web process has nothing to draw yet: WebKitGTK then holds the GUI thread for up to
/// 500 ms waiting for it, and the page's own loading waits behind that.
pub fn reveal_main<R: Runtime>(app: &AppHandle<R>) {
    if std::mem::replace(&mut app.state::<AppState>().ui().main_revealed, true) {
        return;
    }
    if let Some(window) = app.get_webview_window(MAIN) {
        let _ = window.show();
    }
}

/// Shows, restores and focuses the main window.
pub fn focus_main<R: Runtime>(app: &AppHandle<R>) {
    app.state::<AppState>().ui().main_revealed = true;
    if let Some(window) = app.get_webview_window(MAIN) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Whether the hand-over screen belongs on screen for this snapshot.
pub fn wants_handover(s: &Snapshot) -> bool {
    matches!(s.state, TimerState::Handover | TimerState::Break) || s.away.is_some()
}

/// The monitors connected now, in logical pixels (the primary one marked).
pub fn screens<R: Runtime>(app: &AppHandle<R>) -> Vec<Screen> {
    let primary = app.primary_monitor().ok().flatten();
    let mut monitors = app.available_monitors().unwrap_or_default();
    if monitors.is_empty() {
        monitors.extend(primary.clone());
    }
    monitors
        .iter()
        .map(|m| {
            let scale = m.scale_factor();
            let pos = m.position().to_logical::<f64>(scale);
            let size = m.size().to_logical::<f64>(scale);
            let is_primary = primary
                .as_ref()
                .is_some_and(|p| p.name() == m.name() && p.position() == m.position());
            Screen {
                name: m.name().cloned(),
                x: pos.x,
                y: pos.y,
                width: size.width,
                height: size.height,
                primary: is_primary,
            }
        })
        .collect()
}

/// Shows the hand-over screen again on every monitor it covers, above everything, after it
/// was dismissed or pushed out of sight (the reminder's last step). None open: the ticker's
/// [`sync_handover`] opens them.
pub fn raise_handover<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    state.ui().handover_dismissed = false;
    let open = handover_windows(app);
    if !open.is_empty() {
        state.ui().handover_shown = true;
        show_all(&open);
    }
}

/// The hand-over windows, open or kept hidden, in label order (the first takes the focus).
fn handover_windows<R: Runtime>(app: &AppHandle<R>) -> Vec<WebviewWindow<R>> {
    let mut open: Vec<_> = app
        .webview_windows()
        .into_iter()
        .filter(|(label, _)| label.starts_with(HANDOVER_PREFIX))
        .collect();
    open.sort_by(|a, b| a.0.cmp(&b.0));
    open.into_iter().map(|(_, window)| window).collect()
}

/// Shows kept hand-over windows, above everything, the first one focused.
fn show_all<R: Runtime>(open: &[WebviewWindow<R>]) {
    for (i, window) in open.iter().enumerate() {
        show_handover(window, i == 0);
    }
}

fn show_handover<R: Runtime>(window: &WebviewWindow<R>, focus: bool) {
    let _ = window.unminimize();
    let _ = window.show();
    let _ = window.set_always_on_top(true);
    if focus {
        let _ = window.set_focus();
    }
}

/// The monitors chosen changed: the hand-over opens again where it now belongs, and the mini
/// timer moves to its monitor.
pub fn screens_changed<R: Runtime>(app: &AppHandle<R>, snapshot: &Snapshot) {
    for window in handover_windows(app) {
        let _ = window.destroy();
    }
    {
        let state = app.state::<AppState>();
        let mut ui = state.ui();
        ui.handover_shown = false;
        ui.handover_built_for.clear();
        state.uncover_main(ui, false);
    }
    sync_handover(app, snapshot);
    if let Some(window) = app.get_webview_window(MINI) {
        let state = app.state::<AppState>();
        let (chosen, remembered) = {
            let ui = state.ui();
            (ui.windows.mini_monitor.clone(), ui.windows.mini)
        };
        let place = placement::mini_place(&screens(app), chosen.as_deref(), remembered, MINI_SIZE);
        if let Some((x, y)) = place {
            let _ = window.set_position(tauri::LogicalPosition::new(x, y));
        }
    }
}

/// Whether [`sync_handover`] has anything to do for this snapshot (it shows or hides the
/// screen), without asking the GUI thread.
pub fn handover_out_of_step<R: Runtime>(app: &AppHandle<R>, snapshot: &Snapshot) -> bool {
    let state = app.state::<AppState>();
    let show = handover_wanted(&state, snapshot);
    let shown = state.ui().handover_shown;
    show != shown
}

fn handover_wanted(state: &AppState, snapshot: &Snapshot) -> bool {
    wants_handover(snapshot) && !state.ui().handover_dismissed
}

/// Whether the main window will wait behind the hand-over screen from now, as a hand-over (a
/// break, time away) begins, sent nothing until the screen goes (WebKit keeps
/// memory for every change it lays out and draws: the main window redrawn for each hand-over
/// nobody sees was most of what a day of them left in the web process). Only when the screen,
/// wanted and not dismissed, is the one kept from an earlier hand-over (shown at once, not
/// after it is built), it covers every part of the main window, and nobody brought the main
/// window forward. Asks the GUI thread where the main window is. Stored for the ticks and
/// changes that follow, checked again under the lock so a dismissal meanwhile is not missed.
pub fn covers_main<R: Runtime>(app: &AppHandle<R>) -> bool {
    let state = app.state::<AppState>();
    let built_for = state.ui().handover_built_for.clone();
    let kept = !built_for.is_empty() && handover_windows(app).len() == built_for.len();
    let covered = kept
        && app.get_webview_window(MAIN).is_some_and(|main| {
            let scale = main.scale_factor().unwrap_or(1.0);
            match (main.outer_position(), main.outer_size()) {
                (Ok(at), Ok(size)) => {
                    let at = at.to_logical::<f64>(scale);
                    let size = size.to_logical::<f64>(scale);
                    placement::covered(&built_for, (at.x, at.y), (size.width, size.height))
                }
                _ => false,
            }
        });
    let mut ui = state.ui();
    ui.main_behind =
        covered && !ui.handover_dismissed && !ui.main_forward && ui.handover_built_for == built_for;
    ui.main_behind
}

/// Shows the hand-over screen on every monitor (or the chosen one), or hides it, to match the
/// snapshot. The windows are kept once opened (hidden, they cost no ticks, and in the main
/// window's web process little memory): a window made and destroyed at every hand-over left
/// memory behind each time (scripts/measure-footprint --turns). They are made anew when the
/// monitors they were made for changed.
pub fn sync_handover<R: Runtime>(app: &AppHandle<R>, snapshot: &Snapshot) {
    let state = app.state::<AppState>();
    let show = handover_wanted(&state, snapshot);
    {
        let mut ui = state.ui();
        if ui.handover_shown == show {
            return;
        }
        ui.handover_shown = show;
    }
    let open = handover_windows(app);
    if !show {
        for window in open {
            let _ = window.hide();
        }
        let mut ui = state.ui();
        ui.main_forward = false;
        state.uncover_main(ui, false);
        crate::heap::settle();
        return;
    }
    let chosen = state.ui().windows.handover_monitor.clone();
    let all = screens(app);
    let targets: Vec<Screen> = placement::handover_screens(&all, chosen.as_deref())
        .into_iter()
        .cloned()
        .collect();
    if !open.is_empty() && state.ui().handover_built_for == targets {
        show_all(&open);
        return;
    }
    for window in open {
        let _ = window.destroy();
    }
    state.ui().handover_built_for.clone_from(&targets);
    for (i, screen) in targets.into_iter().enumerate() {
        build_beside_main(
            app,
            move |app| {
                WebviewWindowBuilder::new(
                    app,
                    format!("{HANDOVER_PREFIX}{i}"),
                    WebviewUrl::App("index.html#handover".into()),
                )
                .title("Mobflow: hand over")
                .position(screen.x, screen.y)
                .inner_size(screen.width, screen.height)
                .decorations(false)
                .resizable(false)
                .always_on_top(true)
                .skip_taskbar(true)
                .visible_on_all_workspaces(true)
                // Shown once built, if still wanted: a window mapped while it is being built
                // is not yet listed by its label, and a dismissal then would miss it.
                .visible(false)
            },
            move |built| match built {
                Ok(window) => {
                    sight::watch(&window);
                    if window.state::<AppState>().ui().handover_shown {
                        show_handover(&window, i == 0);
                    }
                }
                Err(error) => eprintln!("mobflow: could not open the hand-over screen: {error}"),
            },
        );
    }
}

/// Builds a window whose page runs in the main window's WebKit process (a related view): one
/// web process serves every window, so the mini timer and each hand-over cost no process of
/// their own (about 60 MB each) and open without starting one. Built on the GUI thread, where
/// the main view lives; `then` is called there with the result.
fn build_beside_main<R: Runtime>(
    app: &AppHandle<R>,
    make: impl for<'a> FnOnce(&'a AppHandle<R>) -> WebviewWindowBuilder<'a, R, AppHandle<R>>
        + Send
        + 'static,
    then: impl FnOnce(tauri::Result<WebviewWindow<R>>) + Send + 'static,
) {
    let Some(main) = app.get_webview_window(MAIN) else {
        then(make(app).build());
        return;
    };
    let handle = app.clone();
    let sent = main.with_webview(move |view| {
        then(make(&handle).with_related_view(view.inner()).build());
    });
    if let Err(error) = sent {
        eprintln!("mobflow: could not reach the main window to open another: {error}");
    }
}

/// Opens the mini timer if it is closed, closes it if it is open.
pub fn toggle_mini<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    if let Some(window) = app.get_webview_window(MINI) {
        if let Ok(pos) = window.outer_position() {
            let scale = window.scale_factor().unwrap_or(1.0);
            let pos = pos.to_logical::<f64>(scale);
            state.ui().windows.mini = Some((pos.x, pos.y));
        }
        let _ = window.destroy();
        let mut ui = state.ui();
        ui.windows.mini_open = false;
        ui.windows.save(&state.data_dir);
        crate::heap::settle();
        return;
    }
    open_mini(app);
}

/// Opens the mini timer where it was last put, if that is on a connected monitor (the chosen
/// one, if any); else in the top right corner of the chosen or the primary monitor.
pub fn open_mini<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    let (chosen, remembered) = {
        let ui = state.ui();
        (ui.windows.mini_monitor.clone(), ui.windows.mini)
    };
    let place = placement::mini_place(&screens(app), chosen.as_deref(), remembered, MINI_SIZE);
    let (x, y) = place.unwrap_or((placement::MARGIN, placement::MARGIN));
    let handle = app.clone();
    build_beside_main(
        app,
        move |app| {
            WebviewWindowBuilder::new(app, MINI, WebviewUrl::App("index.html#mini".into()))
                .title("Mobflow mini timer")
                .inner_size(MINI_SIZE.0, MINI_SIZE.1)
                .decorations(false)
                .resizable(false)
                .always_on_top(true)
                .skip_taskbar(true)
                .visible_on_all_workspaces(true)
                .focused(false)
                .focusable(false)
                .position(x, y)
        },
        move |built| match built {
            Ok(window) => {
                sight::watch(&window);
                let state = handle.state::<AppState>();
                let mut ui = state.ui();
                ui.windows.mini_open = true;
                ui.windows.save(&state.data_dir);
            }
            Err(error) => eprintln!("mobflow: could not open the mini timer: {error}"),
        },
    );
}

/// Remembers where the mini timer was dragged to. When a monitor is chosen for it and it was
/// dragged onto another one, that one is the choice now.
pub fn mini_moved<R: Runtime>(app: &AppHandle<R>, x: f64, y: f64) {
    let state = app.state::<AppState>();
    let chosen = state.ui().windows.mini_monitor.is_some();
    let onto = if chosen {
        let screens = screens(app);
        placement::screen_of(&screens, (x, y), MINI_SIZE).and_then(|s| s.name.clone())
    } else {
        None
    };
    let mut ui = state.ui();
    ui.windows.mini = Some((x, y));
    if onto.is_some() {
        ui.windows.mini_monitor = onto;
    }
}

/// Saves window positions (on exit).
pub fn save<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    let windows = state.ui().windows.clone();
    windows.save(&state.data_dir);
}
