//! Hands events to the windows' pages: each one a call of `window.__mobflowPush(event,
//! payload)` (ui/src/lib/ipc.ts), to one window or to every window.
//!
//! Not `eval`, which Tauri's own events use: WebKit compiles each script it is handed, and
//! JavaScriptCore keeps the compiled code of every distinct text (with the text) in its code
//! cache. With the payload in the text, every snapshot and every tick was a new program: the
//! web process grew by about 0.15 MB a hand-over, all day (scripts/measure-footprint --turns).
//! Here the function's text never changes, so it is compiled once; the event and the payload's
//! JSON are its arguments.

use serde::Serialize;
use tauri::{Manager, Runtime};

/// What the page runs for each push, the same text every time.
const BODY: &str = "window.__mobflowPush?.(event, JSON.parse(payload));";

/// Sends `payload` as `event` to every window's page.
pub fn to_every<R: Runtime>(app: &tauri::AppHandle<R>, event: &str, payload: &impl Serialize) {
    let Some(json) = encode(event, payload) else {
        return;
    };
    for label in app.webview_windows().into_keys() {
        send(app, &label, event, json.clone());
    }
}

/// Sends `payload` as `event` to the page of the window `label` alone (if it is open).
pub fn to_window<R: Runtime>(
    app: &tauri::AppHandle<R>,
    label: &str,
    event: &str,
    payload: &impl Serialize,
) {
    if let Some(json) = encode(event, payload) {
        send(app, label, event, json);
    }
}

fn encode(event: &str, payload: &impl Serialize) -> Option<String> {
    serde_json::to_string(payload)
        .map_err(|error| eprintln!("mobflow: could not encode {event} for the windows: {error}"))
        .ok()
}

/// Calls [`BODY`] in the page of `label`, on the GUI thread (where the view lives).
fn send<R: Runtime>(app: &tauri::AppHandle<R>, label: &str, event: &str, json: String) {
    let Some(window) = app.get_webview_window(label) else {
        return;
    };
    let event = event.to_owned();
    let sent = window.with_webview(move |view| call(&view.inner(), &event, &json));
    if let Err(error) = sent {
        eprintln!("mobflow: could not reach the {label} window: {error}");
    }
}

fn call(view: &webkit2gtk::WebView, event: &str, json: &str) {
    use webkit2gtk::glib::{ToVariant, VariantDict};
    use webkit2gtk::WebViewExt;
    let arguments = VariantDict::new(None);
    arguments.insert_value("event", &event.to_variant());
    arguments.insert_value("payload", &json.to_variant());
    view.call_async_javascript_function(
        BODY,
        Some(&arguments.end()),
        None,
        None,
        None::<&webkit2gtk::gio::Cancellable>,
        |_| {},
    );
}
