//! Global shortcuts: one handler performs the [`Action`] a registered shortcut stands for.
//!
//! Shortcuts come from the settings, already checked by the core's `normalize_shortcut`; the
//! plugin's parser still runs inside `catch_unwind`, since accelerator parsers have panicked on
//! odd input before. A shortcut that cannot be registered (taken by another program, or no X11
//! as on Wayland) is reported with its reason; the others still work.

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;
use std::sync::Mutex;

use mobflow_api::names::event;
use mobflow_api::HotkeyStatus;
use mobflow_core::Action;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_global_shortcut::{GlobalShortcutExt, Shortcut, ShortcutState};

use crate::actions;
use crate::state::AppState;

/// The shortcuts registered now, by the plugin's id.
#[derive(Default)]
pub struct Hotkeys {
    by_id: Mutex<HashMap<u32, Action>>,
    status: Mutex<Vec<HotkeyStatus>>,
    applied: Mutex<BTreeMap<Action, String>>,
}

impl Hotkeys {
    pub fn status(&self) -> Vec<HotkeyStatus> {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

/// The plugin, with the one handler every shortcut goes through.
pub fn plugin<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_global_shortcut::Builder::new()
        .with_handler(|app, shortcut, event| {
            if event.state() != ShortcutState::Pressed {
                return;
            }
            let hotkeys = app.state::<Hotkeys>();
            let action = hotkeys
                .by_id
                .lock()
                .ok()
                .and_then(|m| m.get(&shortcut.id()).copied());
            if let Some(action) = action {
                if let Err(error) = actions::perform(app, action) {
                    // Shown in the window, where the mob is looking.
                    let _ = app.emit(event::SHORTCUT_ERROR, &error);
                }
            }
        })
        .build()
}

/// Parses a normalized shortcut with the plugin's parser, never letting it panic.
fn parse(text: &str) -> Result<Shortcut, String> {
    let text = text.to_owned();
    std::panic::catch_unwind(move || Shortcut::from_str(&text))
        .map_err(|_| "the shortcut parser failed on it".to_owned())?
        .map_err(|e| e.to_string())
}

/// [`apply`] on a thread of its own, for callers that must not wait (the ticker, start-up: the
/// GUI thread it needs is busy loading the page then).
pub fn apply_soon<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("mobflow-hotkeys".into())
        .spawn(move || apply(&app));
    if let Err(error) = spawned {
        eprintln!("mobflow: could not register the global shortcuts: {error}");
    }
}

/// Registers the shortcuts the settings name now in place of what was registered before (if
/// they changed). Returns once they hold: the ticker and a caller answering a settings change may
/// both call it, and the second waits for the first, so an acknowledged change means a key
/// pressed next works. Each key takes a trip to the GUI thread and to the X11 thread of
/// `global-hotkey` (which looks for work every 50 ms): about half a second for ten.
pub fn apply<R: Runtime>(app: &AppHandle<R>) {
    let hotkeys = app.state::<Hotkeys>();
    let mut applied = hotkeys.applied.lock().unwrap_or_else(|e| e.into_inner());
    // Read under the lock: whoever applies last applies the latest settings.
    let wanted = app.state::<AppState>().snapshot().settings.shortcuts;
    if *applied == wanted && !hotkeys.status().is_empty() {
        return;
    }
    applied.clone_from(&wanted);
    let manager = app.global_shortcut();
    let _ = manager.unregister_all();
    let mut by_id = HashMap::new();
    let mut status = Vec::new();
    for (action, text) in &wanted {
        if text.is_empty() {
            continue;
        }
        let outcome = parse(text).and_then(|shortcut| {
            manager
                .register(shortcut)
                .map(|()| shortcut)
                .map_err(|e| e.to_string())
        });
        match outcome {
            Ok(shortcut) => {
                by_id.insert(shortcut.id(), *action);
                status.push(HotkeyStatus {
                    action: *action,
                    shortcut: text.clone(),
                    registered: true,
                    error: None,
                });
            }
            Err(error) => status.push(HotkeyStatus {
                action: *action,
                shortcut: text.clone(),
                registered: false,
                error: Some(error),
            }),
        }
    }
    if let Ok(mut map) = hotkeys.by_id.lock() {
        *map = by_id;
    }
    if let Ok(mut s) = hotkeys.status.lock() {
        s.clone_from(&status);
    }
    let _ = app.emit(event::HOTKEYS, &status);
}

#[cfg(test)]
mod tests {
    use super::*;
    use mobflow_core::shortcuts::{default_shortcuts, normalize_shortcut};

    #[test]
    fn every_shortcut_the_core_accepts_parses_in_the_plugin() {
        for text in default_shortcuts().values() {
            parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        }
        for raw in [
            "ctrl+alt+f12",
            "Super+Shift+Up",
            "Alt+Equal",
            "F9",
            "ctrl+shift+backquote",
        ] {
            let text = normalize_shortcut(raw).unwrap();
            parse(&text).unwrap_or_else(|e| panic!("{raw} → {text}: {e}"));
        }
    }

    #[test]
    fn odd_text_is_refused_clearly_or_registers_as_what_it_says() {
        // Every text of up to three parts from pieces that are valid, nearly valid and odd,
        // joined as a person might type them. The old version of this test threw the results
        // away, and `parse` turns a panic into an error, so nothing could fail.
        let pieces = [
            "", " ", "ctrl", "Alt", "SHIFT", "super", "Meta", "cmd", "Hyper", "a", "Z", "7", "f1",
            "F12", "F13", "F24", "F25", "F0", "space", "Equal", "Comma", "KeyA", "Plus", "Num0",
            "é", "\u{0}", "+", "Ctrl+Alt", "Escape", "pageup", "Home", "Slash", "tab",
        ];
        let mut texts: Vec<String> = vec!["x".repeat(65), "Ctrl+".repeat(13) + "A"];
        for a in pieces {
            texts.push(a.to_owned());
            for b in pieces {
                texts.push(format!("{a}+{b}"));
                for c in pieces {
                    texts.push(format!("{a}+{b}+{c}"));
                }
            }
        }
        let mut registered: HashMap<u32, String> = HashMap::new();
        let (mut accepted, mut refused) = (0, 0);
        for raw in &texts {
            let text = match normalize_shortcut(raw) {
                Err(error) => {
                    let message = error.to_string();
                    assert!(
                        message.contains(raw.trim()),
                        "{raw:?} is refused with a message naming it: {message}"
                    );
                    refused += 1;
                    continue;
                }
                Ok(text) if text.is_empty() => {
                    assert!(
                        raw.trim().is_empty(),
                        "{raw:?} is no shortcut only if blank"
                    );
                    continue;
                }
                Ok(text) => text,
            };
            accepted += 1;
            assert_eq!(
                normalize_shortcut(&text).ok().as_deref(),
                Some(text.as_str()),
                "{raw:?} → {text:?}: the stored form reads back as itself"
            );
            let shortcut =
                parse(&text).unwrap_or_else(|e| panic!("{raw:?} → {text:?} was accepted: {e}"));
            let earlier = registered
                .entry(shortcut.id())
                .or_insert_with(|| text.clone());
            assert_eq!(
                *earlier, text,
                "two different stored shortcuts would register as the same keys"
            );
        }
        assert!(
            accepted > 100 && refused > 1000,
            "the pieces cover both sides: {accepted} accepted, {refused} refused"
        );
    }
}
