//! Global shortcuts: one handler performs the [`Action`] a registered shortcut stands for.
//!
//! Shortcuts come from the settings, already checked by the core's `normalize_shortcut`. A
//! shortcut that cannot be registered (taken by another program, or no X11 as on Wayland) is
//! reported with its reason; the others still work. The grabs themselves are `keygrab`'s: a
//! thread that sleeps on the X connection until a key comes, and grabbing done on the caller's
//! thread, never the GUI thread (Tauri's plugin sent every registration through it, and at
//! launch the page's loading waited behind half a second of that).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use mobflow_api::names::event;
use mobflow_api::HotkeyStatus;
use mobflow_core::Action;
use tauri::{AppHandle, Manager, Runtime};

use crate::actions;
use crate::keygrab::{Chord, Grabber};
use crate::push;
use crate::state::AppState;

/// The shortcuts registered now.
#[derive(Default)]
pub struct Hotkeys {
    /// Connected by the first [`apply`] (it starts the listening thread), off the GUI thread.
    grabber: Mutex<Option<Arc<Grabber>>>,
    by_chord: Mutex<HashMap<Chord, Action>>,
    status: Mutex<Vec<HotkeyStatus>>,
    applied: Mutex<BTreeMap<Action, String>>,
}

impl Hotkeys {
    pub fn status(&self) -> Vec<HotkeyStatus> {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

/// Performs the action a pressed shortcut stands for, on the thread that heard it; a refusal
/// is shown in the window, where the mob is looking.
fn pressed<R: Runtime>(app: &AppHandle<R>, chord: Chord) {
    let hotkeys = app.state::<Hotkeys>();
    let action = hotkeys
        .by_chord
        .lock()
        .ok()
        .and_then(|m| m.get(&chord).copied());
    if let Some(action) = action {
        if let Err(error) = actions::perform(app, action) {
            push::to_every(app, event::SHORTCUT_ERROR, &error);
        }
    }
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
/// pressed next works. Each key is a round trip to the X server on the caller's thread.
pub fn apply<R: Runtime>(app: &AppHandle<R>) {
    let hotkeys = app.state::<Hotkeys>();
    let mut applied = hotkeys.applied.lock().unwrap_or_else(|e| e.into_inner());
    // Read under the lock: whoever applies last applies the latest settings.
    let wanted = app.state::<AppState>().snapshot().settings.shortcuts;
    if *applied == wanted && !hotkeys.status().is_empty() {
        return;
    }
    applied.clone_from(&wanted);
    let mut slot = hotkeys.grabber.lock().unwrap_or_else(|e| e.into_inner());
    let grabber = match &*slot {
        Some(grabber) => Arc::clone(grabber),
        None => {
            let handle = app.clone();
            match Grabber::connect(move |chord| pressed(&handle, chord)) {
                Ok(made) => Arc::clone(slot.insert(made)),
                Err(error) => {
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
            }
        }
    };
    drop(slot);
    grabber.ungrab_all();
    let mut by_chord = HashMap::new();
    let mut status = Vec::new();
    for (action, text) in &wanted {
        if text.is_empty() {
            continue;
        }
        let outcome = Chord::parse(text).and_then(|chord| {
            grabber
                .grab(chord)
                .map(|()| chord)
                .map_err(|e| e.to_string())
        });
        let error = match outcome {
            Ok(chord) => {
                by_chord.insert(chord, *action);
                None
            }
            Err(error) => Some(error),
        };
        status.push(HotkeyStatus {
            action: *action,
            shortcut: text.clone(),
            registered: error.is_none(),
            error,
        });
    }
    publish(app, &hotkeys, by_chord, status);
}

/// Takes the new keys and how each fared, and tells the windows.
fn publish<R: Runtime>(
    app: &AppHandle<R>,
    hotkeys: &Hotkeys,
    by_chord: HashMap<Chord, Action>,
    status: Vec<HotkeyStatus>,
) {
    if let Ok(mut map) = hotkeys.by_chord.lock() {
        *map = by_chord;
    }
    if let Ok(mut s) = hotkeys.status.lock() {
        s.clone_from(&status);
    }
    push::to_every(app, event::HOTKEYS, &status);
}

#[cfg(test)]
mod tests {
    use super::*;
    use mobflow_core::shortcuts::{default_shortcuts, normalize_shortcut};

    #[test]
    fn every_shortcut_the_core_accepts_parses() {
        for text in default_shortcuts().values() {
            Chord::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        }
        for raw in [
            "ctrl+alt+f12",
            "Super+Shift+Up",
            "Alt+Equal",
            "F9",
            "ctrl+shift+backquote",
        ] {
            let text = normalize_shortcut(raw).unwrap();
            Chord::parse(&text).unwrap_or_else(|e| panic!("{raw} → {text}: {e}"));
        }
    }

    #[test]
    fn odd_text_is_refused_clearly_or_registers_as_what_it_says() {
        // Every text of up to three parts from pieces that are valid, nearly valid and odd,
        // joined as a person might type them.
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
        let mut registered: HashMap<Chord, String> = HashMap::new();
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
            let shortcut = Chord::parse(&text)
                .unwrap_or_else(|e| panic!("{raw:?} → {text:?} was accepted: {e}"));
            let earlier = registered.entry(shortcut).or_insert_with(|| text.clone());
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
