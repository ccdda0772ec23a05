//! The mob's settings and how they are changed: a patch of optional fields, each validated.

use chrono::Duration;
use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use crate::hooks::{clean_hook, Hook, HookEvent};
use crate::shortcuts::{default_shortcuts, normalize_shortcut, Action};
use crate::test_runs::{TestSettings, TestSettingsPatch};
use crate::CoreError;

/// What a numeric setting accepts: a whole number from `min` to `max`, and 0 too where
/// `zero_ok` (0 then means "off").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NumberLimit {
    /// What the number is, for the error message.
    #[serde(skip)]
    pub what: &'static str,
    pub min: u32,
    pub max: u32,
    /// 0 is accepted too, and turns the thing off.
    pub zero_ok: bool,
}

impl NumberLimit {
    const fn new(what: &'static str, min: u32, max: u32) -> Self {
        NumberLimit {
            what,
            min,
            max,
            zero_ok: false,
        }
    }

    /// `min..=max`, or 0 for off.
    const fn or_off(what: &'static str, min: u32, max: u32) -> Self {
        NumberLimit {
            what,
            min,
            max,
            zero_ok: true,
        }
    }

    pub fn allows(self, value: u32) -> bool {
        (self.min..=self.max).contains(&value) || (self.zero_ok && value == 0)
    }

    /// Sets `slot` to `value` when one is given and allowed; else says why not.
    pub(crate) fn set(self, slot: &mut u32, value: Option<u32>) -> Result<(), CoreError> {
        match value {
            Some(v) if !self.allows(v) => Err(CoreError::BadSetting {
                what: self.what,
                got: v,
                min: self.min,
                max: self.max,
                zero_ok: self.zero_ok,
            }),
            Some(v) => {
                *slot = v;
                Ok(())
            }
            None => Ok(()),
        }
    }
}

/// The limits of the settings, one table: the numbers by their field in [`Settings`], and the
/// roles. The UI gets this very table through the generated bindings (`SETTING_LIMITS`), so
/// its fields offer what [`Settings::patched`] accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SettingLimits {
    pub turn_minutes: NumberLimit,
    pub extend_minutes: NumberLimit,
    pub auto_start_grace_secs: NumberLimit,
    pub break_every_minutes: NumberLimit,
    pub break_every_turns: NumberLimit,
    pub break_minutes: NumberLimit,
    pub warn_before_secs: NumberLimit,
    pub hook_timeout_secs: NumberLimit,
    pub escalation: NumberLimit,
    /// The most extra rotating roles (besides driver and navigator).
    pub max_roles: u32,
    /// The longest role name, in characters.
    pub max_role_chars: u32,
    /// The test command's numbers ([`Settings::tests`]): its debounce, its time limit and how
    /// long a turn waits for green.
    pub test_debounce_ms: NumberLimit,
    pub test_timeout_secs: NumberLimit,
    pub test_green_grace_minutes: NumberLimit,
}

pub const LIMITS: SettingLimits = SettingLimits {
    turn_minutes: NumberLimit::new("turn length (minutes)", 1, 60),
    extend_minutes: NumberLimit::new("extend by (minutes)", 1, 15),
    auto_start_grace_secs: NumberLimit::new("auto-start grace (seconds)", 5, 120),
    break_every_minutes: NumberLimit::or_off("break every (minutes)", 10, 240),
    break_every_turns: NumberLimit::or_off("break every (turns)", 1, 50),
    break_minutes: NumberLimit::new("break length (minutes)", 1, 60),
    warn_before_secs: NumberLimit::or_off("warning before the end (seconds)", 5, 300),
    hook_timeout_secs: NumberLimit::new("hook time limit (seconds)", 1, 600),
    escalation: NumberLimit::or_off("escalation (steps)", 1, MAX_ESCALATION),
    max_roles: 8,
    max_role_chars: 30,
    test_debounce_ms: NumberLimit::new("test debounce (milliseconds)", 50, 10_000),
    test_timeout_secs: NumberLimit::new("test time limit (seconds)", 1, 3600),
    test_green_grace_minutes: NumberLimit::new("wait for green (minutes)", 1, 30),
};

impl SettingLimits {
    /// Each numeric setting's field name with its limit.
    pub fn numbers(&self) -> [(&'static str, NumberLimit); 9] {
        [
            ("turn_minutes", self.turn_minutes),
            ("extend_minutes", self.extend_minutes),
            ("auto_start_grace_secs", self.auto_start_grace_secs),
            ("break_every_minutes", self.break_every_minutes),
            ("break_every_turns", self.break_every_turns),
            ("break_minutes", self.break_minutes),
            ("warn_before_secs", self.warn_before_secs),
            ("hook_timeout_secs", self.hook_timeout_secs),
            ("escalation", self.escalation),
        ]
    }
}

/// The last step of the reminder's escalation when nobody takes over: 1 a louder chime, 2 the
/// chime repeated, 3 the hand-over raised again on every monitor (see `mobflow_api::alert`).
pub const MAX_ESCALATION: u32 = 3;
pub const MIN_TURN_MINUTES: u32 = LIMITS.turn_minutes.min;
pub const MAX_TURN_MINUTES: u32 = LIMITS.turn_minutes.max;
/// The most extra rotating roles (besides driver and navigator).
pub const MAX_ROLES: usize = LIMITS.max_roles as usize;
/// The longest role name, in characters.
pub const MAX_ROLE_CHARS: usize = LIMITS.max_role_chars as usize;

/// Light or dark: as the desktop says, or set by hand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// Follow the desktop's light or dark preference.
    #[default]
    System,
    Light,
    Dark,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Settings {
    /// Turn length in minutes (limits: [`LIMITS`], as for every number here).
    pub turn_minutes: u32,
    /// How much "extend" adds, in minutes.
    pub extend_minutes: u32,
    /// Start the next turn by itself after a grace period on the hand-over.
    pub auto_start: bool,
    /// The grace period, in seconds.
    pub auto_start_grace_secs: u32,
    /// A break is due after this many minutes of mob time (0 = never by time).
    pub break_every_minutes: u32,
    /// A break is due after this many turns (0 = never by turns).
    pub break_every_turns: u32,
    /// Break length, in minutes.
    pub break_minutes: u32,
    /// Warn this many seconds before a turn ends (0 = no warning).
    pub warn_before_secs: u32,
    /// Play a sound with alerts.
    pub sound: bool,
    /// Offer a one-line mini-retro after each full cycle through the mob.
    pub mini_retro: bool,
    /// Extra rotating roles, such as "researcher" or "facilitator".
    pub roles: Vec<String>,
    /// Global shortcuts by action (empty text: none).
    pub shortcuts: BTreeMap<Action, String>,
    /// Shell commands run on events.
    pub hooks: BTreeMap<HookEvent, Hook>,
    /// A hook still running after this many seconds is killed.
    pub hook_timeout_secs: u32,
    /// Open Mobflow when the user logs in (the shell keeps an XDG autostart entry in step).
    pub autostart: bool,
    /// Light or dark, or as the desktop says.
    pub theme: Theme,
    /// The mob's test command.
    pub tests: TestSettings,
    /// How far the reminder escalates while nobody takes over, one step a minute: 0 never
    /// (the same chime every minute), up to [`MAX_ESCALATION`].
    pub escalation: u32,
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
            autostart: false,
            theme: Theme::System,
            tests: TestSettings::default(),
            escalation: MAX_ESCALATION,
        }
    }
}

/// A change to some settings: the fields given are validated and set, the others kept.
/// Every field may be left out (`serde(default)`), and TypeScript is told so.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
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
    pub shortcuts: Option<BTreeMap<Action, String>>,
    /// Hooks to change (others are kept; an empty command removes one).
    pub hooks: Option<BTreeMap<HookEvent, Hook>>,
    pub hook_timeout_secs: Option<u32>,
    pub autostart: Option<bool>,
    pub theme: Option<Theme>,
    /// Test settings to change (others are kept).
    #[cfg_attr(feature = "ts", ts(optional))]
    pub tests: Option<Box<TestSettingsPatch>>,
    pub escalation: Option<u32>,
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
        // Each number given is checked against its limit: the field has the same name in the
        // patch, the settings and the limits.
        macro_rules! numbers {
            ($($field:ident),+) => {
                $(LIMITS.$field.set(&mut s.$field, patch.$field)?;)+
            };
        }
        numbers!(
            turn_minutes,
            extend_minutes,
            auto_start_grace_secs,
            break_every_minutes,
            break_every_turns,
            break_minutes,
            warn_before_secs,
            hook_timeout_secs,
            escalation
        );
        if let Some(v) = patch.auto_start {
            s.auto_start = v;
        }
        if let Some(v) = patch.sound {
            s.sound = v;
        }
        if let Some(v) = patch.mini_retro {
            s.mini_retro = v;
        }
        if let Some(v) = patch.theme {
            s.theme = v;
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
        if let Some(v) = patch.autostart {
            s.autostart = v;
        }
        if let Some(tests) = &patch.tests {
            s.tests = s.tests.patched(tests)?;
        }
        Ok(s)
    }
}

/// The limits table against what `patched` accepts: the UI offers exactly the table's values
/// (ui/src/lib/settingsDraft.ts), so every one of them must be accepted, and no other.
#[cfg(test)]
mod limits {
    use super::*;
    use serde_json::{json, Value};

    /// A patch that sets the one field `name` (a `SettingsPatch` field, as the UI sends it).
    fn patch(name: &str, value: Value) -> SettingsPatch {
        serde_json::from_value(json!({ name: value }))
            .unwrap_or_else(|e| panic!("{name} must be a field of SettingsPatch: {e}"))
    }

    #[test]
    fn the_table_names_every_numeric_setting() {
        let defaults = serde_json::to_value(Settings::default()).unwrap();
        let mut numeric: Vec<&str> = defaults
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, v)| v.is_number())
            .map(|(k, _)| k.as_str())
            .collect();
        let mut table: Vec<&str> = LIMITS.numbers().iter().map(|(name, _)| *name).collect();
        numeric.sort_unstable();
        table.sort_unstable();
        assert_eq!(
            table, numeric,
            "a numeric setting without a limit in the table would be typed again in the UI"
        );
    }

    #[test]
    fn every_value_the_table_allows_is_accepted_and_no_other() {
        let settings = Settings::default();
        for (name, limit) in LIMITS.numbers() {
            assert!(
                limit.min >= 1 && limit.min <= limit.max,
                "{name}: {limit:?}"
            );
            let offered = (limit.min..=limit.max).chain(limit.zero_ok.then_some(0));
            for value in offered {
                let patched = settings
                    .patched(&patch(name, json!(value)))
                    .unwrap_or_else(|e| panic!("{name} = {value} is offered, so accepted: {e}"));
                let set = serde_json::to_value(&patched).unwrap()[name].clone();
                assert_eq!(set, json!(value), "{name} = {value} is what gets saved");
            }
            let refused = [
                Some(limit.max + 1),
                Some(u32::MAX),
                limit.min.checked_sub(1),
            ]
            .into_iter()
            .flatten()
            .filter(|v| !(limit.zero_ok && *v == 0));
            for value in refused {
                assert!(
                    !limit.allows(value),
                    "{name} = {value} is outside {limit:?}"
                );
                let err = settings.patched(&patch(name, json!(value))).unwrap_err();
                assert!(
                    matches!(err, CoreError::BadSetting { got, min, max, zero_ok, .. }
                        if got == value && min == limit.min && max == limit.max
                            && zero_ok == limit.zero_ok),
                    "{name} = {value} is refused with the table's range, got {err:?}"
                );
            }
        }
    }

    #[test]
    fn the_defaults_are_within_the_limits() {
        let defaults = serde_json::to_value(Settings::default()).unwrap();
        for (name, limit) in LIMITS.numbers() {
            let value = defaults[name].as_u64().unwrap() as u32;
            assert!(
                limit.allows(value),
                "the default {name} = {value} is allowed"
            );
        }
    }

    #[test]
    fn roles_are_limited_by_the_table() {
        let settings = Settings::default();
        let long = "r".repeat(LIMITS.max_role_chars as usize);
        // Each name as long as allowed: one letter less, and a digit to tell them apart.
        let names =
            |n: u32| -> Vec<String> { (0..n).map(|i| format!("{}{i}", &long[1..])).collect() };
        let most = names(LIMITS.max_roles);
        assert_eq!(
            settings
                .patched(&patch("roles", json!(most)))
                .expect("as many roles as the table allows, each as long as it allows")
                .roles,
            most
        );
        assert!(
            matches!(
                settings.patched(&patch("roles", json!(names(LIMITS.max_roles + 1)))),
                Err(CoreError::BadRole(_))
            ),
            "one role more than the table allows is refused"
        );
        let too_long = format!("{long}x");
        assert!(
            matches!(
                settings.patched(&patch("roles", json!([too_long]))),
                Err(CoreError::BadRole(_))
            ),
            "a name one character longer than the table allows is refused"
        );
    }
}
