//! Global shortcuts: one handler performs the [`Action`] a registered shortcut stands for.
//!
//! Shortcuts come from the settings, already checked by the core's `normalize_shortcut`; the
//! parser still runs inside `catch_unwind`, since accelerator parsers have panicked on odd input
//! before. A shortcut that cannot be registered (taken by another program, or no X11 as on
//! Wayland) is reported with its reason; the others still work.
//!
//! `global-hotkey` is used as it is, not through Tauri's plugin: the plugin sends every
//! registration through the GUI thread, which then waits on the crate's X11 thread (it looks
//! for work every 50 ms), so applying ten keys held the window still for half a second, and at
//! launch the page's loading waited behind it. Here registration waits on the calling thread
//! only, and a key press is handled on the X11 thread.

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;
use std::sync::Mutex;

use global_hotkey::hotkey::HotKey;
use global_hotkey::{GlobalHotKeyEvent, GlobalHotKeyManager, HotKeyState};
use mobflow_api::names::event;
use mobflow_api::HotkeyStatus;
use mobflow_core::Action;
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::actions;
use crate::state::AppState;

/// The shortcuts registered now, by the key's id.
#[derive(Default)]
pub struct Hotkeys {
    /// Made by the first [`apply`] (it starts the crate's X11 thread), off the GUI thread.
    manager: Mutex<Option<GlobalHotKeyManager>>,
    by_id: Mutex<HashMap<u32, Action>>,
    /// What is grabbed now, to let go of at the next apply.
    grabbed: Mutex<Vec<HotKey>>,
    status: Mutex<Vec<HotkeyStatus>>,
    applied: Mutex<BTreeMap<Action, String>>,
}

impl Hotkeys {
    pub fn status(&self) -> Vec<HotkeyStatus> {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

/// Sends every key press to the one handler: the action its shortcut stands for, performed on
/// the X11 thread that saw it; a refusal is shown in the window, where the mob is looking.
pub fn listen<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    GlobalHotKeyEvent::set_event_handler(Some(move |key: GlobalHotKeyEvent| {
        if key.state() != HotKeyState::Pressed {
            return;
        }
        let hotkeys = app.state::<Hotkeys>();
        let action = hotkeys
            .by_id
            .lock()
            .ok()
            .and_then(|m| m.get(&key.id()).copied());
        if let Some(action) = action {
            if let Err(error) = actions::perform(&app, action) {
                let _ = app.emit(event::SHORTCUT_ERROR, &error);
            }
        }
    }));
}

/// Parses a normalized shortcut with the crate's parser, never letting it panic.
fn parse(text: &str) -> Result<HotKey, String> {
    let text = text.to_owned();
    std::panic::catch_unwind(move || HotKey::from_str(&text))
        .map_err(|_| "the shortcut parser failed on it".to_owned())?
        .map_err(|e| e.to_string())
}

/// [`apply`] on a thread of its own, for callers that must not wait (the ticker).
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
/// pressed next works. Each key takes a trip to the X11 thread of `global-hotkey` (which looks
/// for work every 50 ms): the caller waits, never the GUI thread.
pub fn apply<R: Runtime>(app: &AppHandle<R>) {
    let hotkeys = app.state::<Hotkeys>();
    let mut applied = hotkeys.applied.lock().unwrap_or_else(|e| e.into_inner());
    // Read under the lock: whoever applies last applies the latest settings.
    let wanted = app.state::<AppState>().snapshot().settings.shortcuts;
    if *applied == wanted && !hotkeys.status().is_empty() {
        return;
    }
    applied.clone_from(&wanted);
    let mut manager = hotkeys.manager.lock().unwrap_or_else(|e| e.into_inner());
    let manager = match &mut *manager {
        Some(manager) => manager,
        slot => match GlobalHotKeyManager::new() {
            Ok(made) => slot.insert(made),
            Err(error) => {
                let error = error.to_string();
                let status = wanted
                    .iter()
                    .filter(|(_, text)| !text.is_empty())
                    .map(|(action, text)| HotkeyStatus {
                        action: *action,
                        shortcut: text.clone(),
                        registered: false,
                        error: Some(error.clone()),
                    })
                    .collect();
                publish(app, &hotkeys, HashMap::new(), status);
                return;
            }
        },
    };
    let mut grabbed = hotkeys.grabbed.lock().unwrap_or_else(|e| e.into_inner());
    if !grabbed.is_empty() {
        let _ = manager.unregister_all(&grabbed);
        grabbed.clear();
    }
    let mut by_id = HashMap::new();
    let mut status = Vec::new();
    for (action, text) in &wanted {
        if text.is_empty() {
            continue;
        }
        let outcome = parse(text).and_then(|key| {
            manager
                .register(key)
                .map(|()| key)
                .map_err(|e| e.to_string())
        });
        match outcome {
            Ok(key) => {
                grabbed.push(key);
                by_id.insert(key.id(), *action);
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
    publish(app, &hotkeys, by_id, status);
}

/// Takes the new keys and how each fared, and tells the windows.
fn publish<R: Runtime>(
    app: &AppHandle<R>,
    hotkeys: &Hotkeys,
    by_id: HashMap<u32, Action>,
    status: Vec<HotkeyStatus>,
) {
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
    fn every_shortcut_the_core_accepts_parses() {
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
