//! Keyboard shortcuts as settings: the actions a shortcut can run, the defaults, and the
//! grammar of a shortcut's text. Only the text is checked here; the shell registers them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::CoreError;

/// An action a global shortcut (or the tray, or an in-app key) can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Start, pause or resume (or start the next turn, or end a break).
    Toggle,
    /// Rotate now, or start the next turn on the hand-over.
    Next,
    Skip,
    Extend,
    ToggleMini,
    ShowMain,
    /// Quick capture to the parking lot.
    ParkThought,
    /// Hide the full-screen hand-over until the timer moves on (no shortcut by default).
    HideHandover,
    /// Run the mob's test command now.
    RunTests,
    /// A break now, or the end of the break that is on.
    Break,
}

impl Action {
    pub const ALL: [Action; 10] = [
        Action::Toggle,
        Action::Next,
        Action::Skip,
        Action::Extend,
        Action::ToggleMini,
        Action::ShowMain,
        Action::ParkThought,
        Action::HideHandover,
        Action::RunTests,
        Action::Break,
    ];
}

/// Defaults that IDEs rarely use: Ctrl+Alt+Shift and a letter. A break has none (the tray,
/// the window and `mobflow break` start one).
pub fn default_shortcuts() -> BTreeMap<Action, String> {
    use Action::*;
    [
        (Toggle, "Ctrl+Alt+Shift+Space"),
        (Next, "Ctrl+Alt+Shift+N"),
        (Skip, "Ctrl+Alt+Shift+S"),
        (Extend, "Ctrl+Alt+Shift+E"),
        (ToggleMini, "Ctrl+Alt+Shift+M"),
        (ShowMain, "Ctrl+Alt+Shift+W"),
        (ParkThought, "Ctrl+Alt+Shift+P"),
        (RunTests, "Ctrl+Alt+Shift+T"),
    ]
    .into_iter()
    .map(|(a, s)| (a, s.to_owned()))
    .collect()
}

const MODIFIERS: &[(&str, &str)] = &[
    ("ctrl", "Ctrl"),
    ("control", "Ctrl"),
    ("alt", "Alt"),
    ("option", "Alt"),
    ("shift", "Shift"),
    ("super", "Super"),
    ("meta", "Super"),
    ("cmd", "Super"),
    ("command", "Super"),
];

const NAMED_KEYS: &[&str] = &[
    "Space",
    "Enter",
    "Tab",
    "Backspace",
    "Delete",
    "Insert",
    "Home",
    "End",
    "PageUp",
    "PageDown",
    "Up",
    "Down",
    "Left",
    "Right",
    "Escape",
    "Minus",
    "Equal",
    "Comma",
    "Period",
    "Slash",
    "Semicolon",
    "Quote",
    "Backquote",
    "Backslash",
    "BracketLeft",
    "BracketRight",
];

/// Checks a shortcut the user typed and writes it the one way the shell registers it
/// (`Ctrl+Alt+Shift+N`). One or more modifiers and exactly one key: a letter, a digit, F1–F24
/// or a named key. An empty text means "no shortcut". Never panics, whatever the text.
pub fn normalize_shortcut(raw: &str) -> Result<String, CoreError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(String::new());
    }
    let bad = |why: &str| CoreError::BadShortcut(format!("\"{raw}\" {why}"));
    if raw.len() > 64 {
        return Err(bad("is too long"));
    }
    let mut mods: Vec<&str> = Vec::new();
    let mut key: Option<String> = None;
    for part in raw.split('+').map(str::trim) {
        if part.is_empty() {
            return Err(bad(
                "has an empty part (use \"Plus\"-free names like Equal)",
            ));
        }
        let lower = part.to_ascii_lowercase();
        if let Some((_, m)) = MODIFIERS.iter().find(|(name, _)| *name == lower) {
            if key.is_some() {
                return Err(bad("puts a modifier after the key"));
            }
            if mods.contains(m) {
                return Err(bad("repeats a modifier"));
            }
            mods.push(m);
            continue;
        }
        if key.is_some() {
            return Err(bad("has more than one key"));
        }
        key = Some(key_name(part).ok_or_else(|| bad("has a key that is not known"))?);
    }
    let key = key.ok_or_else(|| bad("has no key, only modifiers"))?;
    if mods.is_empty() && !key.starts_with('F') {
        return Err(bad("needs a modifier (Ctrl, Alt, Shift or Super)"));
    }
    // Modifiers in one fixed order.
    let order = ["Ctrl", "Alt", "Shift", "Super"];
    mods.sort_by_key(|m| order.iter().position(|o| o == m));
    Ok(mods
        .into_iter()
        .map(str::to_owned)
        .chain(std::iter::once(key))
        .collect::<Vec<_>>()
        .join("+"))
}

fn key_name(part: &str) -> Option<String> {
    let mut chars = part.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_ascii_alphanumeric() {
            return Some(c.to_ascii_uppercase().to_string());
        }
    }
    let lower = part.to_ascii_lowercase();
    if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
        if (1..=24).contains(&n) {
            return Some(format!("F{n}"));
        }
    }
    NAMED_KEYS
        .iter()
        .find(|k| k.to_ascii_lowercase() == lower)
        .map(|k| (*k).to_owned())
}

/// A combination the desktop keeps for itself, and what it does there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReservedShortcut {
    /// Written as [`normalize_shortcut`] writes it.
    pub shortcut: String,
    /// What the desktop does with it.
    pub why: &'static str,
}

/// What desktops on Linux commonly do with a combination, by its normalized text.
const RESERVED: &[(&str, &str)] = &[
    ("Ctrl+Alt+Delete", "logs out or restarts the computer"),
    ("Ctrl+Alt+Backspace", "can end the X session"),
    ("Ctrl+Alt+T", "opens a terminal (GNOME, Ubuntu, Mint)"),
    ("Ctrl+Alt+L", "locks the screen (Xfce, Cinnamon, KDE)"),
    ("Ctrl+Alt+D", "shows the desktop (Xfce, KDE)"),
    ("Ctrl+Alt+Escape", "kills a window (KDE)"),
    ("Ctrl+Alt+Up", "switches workspaces"),
    ("Ctrl+Alt+Down", "switches workspaces"),
    ("Ctrl+Alt+Left", "switches workspaces"),
    ("Ctrl+Alt+Right", "switches workspaces"),
    ("Alt+Tab", "switches windows"),
    ("Alt+Shift+Tab", "switches windows"),
    ("Alt+F2", "opens the run dialog"),
    ("Alt+F4", "closes the window"),
    ("Super+L", "locks the screen"),
    ("Super+D", "shows the desktop"),
    ("Super+Tab", "switches windows"),
];

/// Every combination the desktop commonly keeps for itself: Ctrl+Alt+F1 to F12 switch to a
/// virtual terminal, and the ones in [`RESERVED`]. Settings warns about these (the UI gets
/// this list through the generated bindings).
pub fn reserved_shortcuts() -> Vec<ReservedShortcut> {
    (1..=12)
        .map(|n| ReservedShortcut {
            shortcut: format!("Ctrl+Alt+F{n}"),
            why: "switches to a text console (a virtual terminal)",
        })
        .chain(RESERVED.iter().map(|(shortcut, why)| ReservedShortcut {
            shortcut: (*shortcut).to_owned(),
            why,
        }))
        .collect()
}

/// What the desktop does with `shortcut` (any spelling `normalize_shortcut` accepts), when it
/// is one the desktop keeps for itself.
pub fn reserved_by_desktop(shortcut: &str) -> Option<&'static str> {
    let shortcut = normalize_shortcut(shortcut).ok()?;
    reserved_shortcuts()
        .into_iter()
        .find(|r| r.shortcut == shortcut)
        .map(|r| r.why)
}
