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

/// Registers `wanted` in place of what was registered before (if it changed).
pub fn apply<R: Runtime>(app: &AppHandle<R>, wanted: &BTreeMap<Action, String>) {
    let hotkeys = app.state::<Hotkeys>();
    {
        let mut applied = hotkeys.applied.lock().unwrap_or_else(|e| e.into_inner());
        if *applied == *wanted && !hotkeys.status().is_empty() {
            return;
        }
        applied.clone_from(wanted);
    }
    let manager = app.global_shortcut();
    let _ = manager.unregister_all();
    let mut by_id = HashMap::new();
    let mut status = Vec::new();
    for (action, text) in wanted {
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
    fn odd_text_never_panics_the_parser() {
        for raw in [
            "",
            "+",
            "++",
            "Ctrl+",
            "Ctrl++A",
            "Ctrl+Alt+Shift+Super+Hyper+A",
            "Ctrl+é",
            "Ctrl+\u{0}",
            "A+Ctrl",
        ] {
            let _ = parse(raw);
        }
    }
}
