//! The mob's settings and how they are changed: a patch of optional fields, each validated.

use chrono::Duration;
use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use crate::hooks::{clean_hook, Hook, HookEvent};
use crate::shortcuts::{default_shortcuts, normalize_shortcut, HotkeyAction};
use crate::test_runs::{TestSettings, TestSettingsPatch};
use crate::CoreError;

pub const MIN_TURN_MINUTES: u32 = 1;
pub const MAX_TURN_MINUTES: u32 = 60;
/// The most extra rotating roles (besides driver and navigator).
pub const MAX_ROLES: usize = 8;
/// The longest role name, in characters.
pub const MAX_ROLE_CHARS: usize = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Settings {
    /// Turn length, 1–60 minutes.
    pub turn_minutes: u32,
    /// How much "extend" adds, 1–15 minutes.
    pub extend_minutes: u32,
    /// Start the next turn by itself after a grace period on the hand-over.
    pub auto_start: bool,
    /// The grace period, 5–120 seconds.
    pub auto_start_grace_secs: u32,
    /// A break is due after this much mob time (0 = never by time), 10–240 minutes.
    pub break_every_minutes: u32,
    /// A break is due after this many turns (0 = never by turns), 1–50.
    pub break_every_turns: u32,
    /// Break length, 1–60 minutes.
    pub break_minutes: u32,
    /// Warn this long before a turn ends (0 = no warning), up to 300 seconds.
    pub warn_before_secs: u32,
    /// Play a sound with alerts.
    pub sound: bool,
    /// Offer a one-line mini-retro after each full cycle through the mob.
    pub mini_retro: bool,
    /// Extra rotating roles, such as "researcher" or "facilitator".
    pub roles: Vec<String>,
    /// Global shortcuts by action (empty text: none).
    pub shortcuts: BTreeMap<HotkeyAction, String>,
    /// Shell commands run on events.
    pub hooks: BTreeMap<HookEvent, Hook>,
    /// A hook still running after this long is killed, 1–600 seconds.
    pub hook_timeout_secs: u32,
    /// The mob's test command.
    pub tests: TestSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            turn_minutes: 10,
            extend_minutes: 1,
            auto_start: false,
            auto_start_grace_secs: 15,
            break_every_minutes: 60,
            break_every_turns: 0,
            break_minutes: 10,
            warn_before_secs: 30,
            sound: true,
            mini_retro: true,
            roles: Vec::new(),
            shortcuts: default_shortcuts(),
            hooks: BTreeMap::new(),
            hook_timeout_secs: 30,
            tests: TestSettings::default(),
        }
    }
}

/// A change to some settings: the fields given are validated and set, the others kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct SettingsPatch {
    pub turn_minutes: Option<u32>,
    pub extend_minutes: Option<u32>,
    pub auto_start: Option<bool>,
    pub auto_start_grace_secs: Option<u32>,
    pub break_every_minutes: Option<u32>,
    pub break_every_turns: Option<u32>,
    pub break_minutes: Option<u32>,
    pub warn_before_secs: Option<u32>,
    pub sound: Option<bool>,
    pub mini_retro: Option<bool>,
    pub roles: Option<Vec<String>>,
    /// Shortcuts to change (others are kept).
    pub shortcuts: Option<BTreeMap<HotkeyAction, String>>,
    /// Hooks to change (others are kept; an empty command removes one).
    pub hooks: Option<BTreeMap<HookEvent, Hook>>,
    pub hook_timeout_secs: Option<u32>,
    /// Test settings to change (others are kept).
    #[cfg_attr(feature = "ts", ts(optional))]
    pub tests: Option<Box<TestSettingsPatch>>,
}

fn in_range(
    what: &'static str,
    value: u32,
    range: std::ops::RangeInclusive<u32>,
    zero_ok: bool,
) -> Result<u32, CoreError> {
    if range.contains(&value) || (zero_ok && value == 0) {
        Ok(value)
    } else {
        Err(CoreError::BadSetting {
            what,
            got: value,
            min: *range.start(),
            max: *range.end(),
            zero_ok,
        })
    }
}

/// Trims role names and checks them: 1–30 characters, unique ignoring case, at most 8.
pub fn clean_roles(raw: &[String]) -> Result<Vec<String>, CoreError> {
    if raw.len() > MAX_ROLES {
        return Err(CoreError::BadRole(format!(
            "at most {MAX_ROLES} extra roles (got {})",
            raw.len()
        )));
    }
    let mut roles: Vec<String> = Vec::with_capacity(raw.len());
    for role in raw {
        let role = role.trim();
        let len = role.chars().count();
        if len == 0 || len > MAX_ROLE_CHARS || role.chars().any(char::is_control) {
            return Err(CoreError::BadRole(format!(
                "a role name has 1 to {MAX_ROLE_CHARS} characters and no control characters"
            )));
        }
        let lower = role.to_lowercase();
        if ["driver", "navigator"].contains(&lower.as_str())
            || roles.iter().any(|r| r.to_lowercase() == lower)
        {
            return Err(CoreError::BadRole(format!("\"{role}\" is already a role")));
        }
        roles.push(role.to_owned());
    }
    Ok(roles)
}

impl Settings {
    pub fn turn(&self) -> Duration {
        Duration::minutes(i64::from(self.turn_minutes))
    }

    pub fn extend(&self) -> Duration {
        Duration::minutes(i64::from(self.extend_minutes))
    }

    pub fn break_length(&self) -> Duration {
        Duration::minutes(i64::from(self.break_minutes))
    }

    pub fn grace(&self) -> Duration {
        Duration::seconds(i64::from(self.auto_start_grace_secs))
    }

    /// The settings with `patch` applied, or why not (then nothing changes).
    pub fn patched(&self, patch: &SettingsPatch) -> Result<Settings, CoreError> {
        let mut s = self.clone();
        if let Some(v) = patch.turn_minutes {
            s.turn_minutes = in_range(
                "turn length (minutes)",
                v,
                MIN_TURN_MINUTES..=MAX_TURN_MINUTES,
                false,
            )?;
        }
        if let Some(v) = patch.extend_minutes {
            s.extend_minutes = in_range("extend by (minutes)", v, 1..=15, false)?;
        }
        if let Some(v) = patch.auto_start {
            s.auto_start = v;
        }
        if let Some(v) = patch.auto_start_grace_secs {
            s.auto_start_grace_secs = in_range("auto-start grace (seconds)", v, 5..=120, false)?;
        }
        if let Some(v) = patch.break_every_minutes {
            s.break_every_minutes = in_range("break every (minutes)", v, 10..=240, true)?;
        }
        if let Some(v) = patch.break_every_turns {
            s.break_every_turns = in_range("break every (turns)", v, 1..=50, true)?;
        }
        if let Some(v) = patch.break_minutes {
            s.break_minutes = in_range("break length (minutes)", v, 1..=60, false)?;
        }
        if let Some(v) = patch.warn_before_secs {
            s.warn_before_secs = in_range("warning before the end (seconds)", v, 5..=300, true)?;
        }
        if let Some(v) = patch.sound {
            s.sound = v;
        }
        if let Some(v) = patch.mini_retro {
            s.mini_retro = v;
        }
        if let Some(roles) = &patch.roles {
            s.roles = clean_roles(roles)?;
        }
        if let Some(shortcuts) = &patch.shortcuts {
            for (action, text) in shortcuts {
                s.shortcuts.insert(*action, normalize_shortcut(text)?);
            }
            let mut seen: Vec<&String> = Vec::new();
            for text in s.shortcuts.values().filter(|t| !t.is_empty()) {
                if seen.contains(&text) {
                    return Err(CoreError::BadShortcut(format!(
                        "\"{text}\" is used for two actions"
                    )));
                }
                seen.push(text);
            }
        }
        if let Some(hooks) = &patch.hooks {
            for (event, hook) in hooks {
                let hook = clean_hook(hook)?;
                if hook.command.is_empty() {
                    s.hooks.remove(event);
                } else {
                    s.hooks.insert(*event, hook);
                }
            }
        }
        if let Some(v) = patch.hook_timeout_secs {
            s.hook_timeout_secs = in_range("hook time limit (seconds)", v, 1..=600, false)?;
        }
        if let Some(tests) = &patch.tests {
            s.tests = s.tests.patched(tests)?;
        }
        Ok(s)
    }
}
