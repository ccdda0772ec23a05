//! Shortcut settings are checked before the shell registers them.

use mobflow_core::shortcuts::{normalize_shortcut, Action};
use mobflow_core::{Command, CoreError, Mob, SettingsPatch};

use super::t0;

#[test]
fn shortcuts_are_normalized_or_refused_with_a_reason() {
    let cases: &[(&str, Result<&str, &str>)] = &[
        ("ctrl+alt+shift+n", Ok("Ctrl+Alt+Shift+N")),
        ("  Shift + Control + f12 ", Ok("Ctrl+Shift+F12")),
        ("super+space", Ok("Super+Space")),
        ("F9", Ok("F9")),
        ("cmd+alt+pageup", Ok("Alt+Super+PageUp")),
        ("", Ok("")),
        ("N", Err("needs a modifier")),
        ("Ctrl+Alt", Err("has no key")),
        ("Ctrl+A+B", Err("more than one key")),
        ("A+Ctrl", Err("modifier after the key")),
        ("Ctrl+Ctrl+A", Err("repeats a modifier")),
        ("Ctrl++", Err("empty part")),
        ("Ctrl+é", Err("not known")),
        ("Hyper+A", Err("not known")),
        ("Ctrl+F25", Err("not known")),
    ];
    for (raw, want) in cases {
        match (normalize_shortcut(raw), want) {
            (Ok(got), Ok(want)) => assert_eq!(got, *want, "{raw:?}"),
            (Err(CoreError::BadShortcut(why)), Err(part)) => {
                assert!(why.contains(part), "{raw:?}: {why}")
            }
            (got, want) => panic!("{raw:?}: got {got:?}, want {want:?}"),
        }
    }
    let long = format!("Ctrl+{}", "A".repeat(100));
    assert!(normalize_shortcut(&long).is_err(), "no panic on long input");
}

#[test]
fn settings_refuse_a_shortcut_used_twice() {
    let mut mob = Mob::default();
    let twice = SettingsPatch {
        shortcuts: Some([(Action::Skip, "ctrl+alt+shift+n".to_owned())].into()),
        ..SettingsPatch::default()
    };
    let before = mob.clone();
    let err = mob
        .apply(&Command::UpdateSettings { patch: twice }, t0())
        .unwrap_err();
    assert!(err.to_string().contains("used for two actions"), "{err}");
    assert_eq!(mob, before, "nothing changed");
}

#[test]
fn combinations_the_desktop_keeps_are_named_whatever_their_spelling() {
    use mobflow_core::shortcuts::{default_shortcuts, reserved_by_desktop, reserved_shortcuts};
    let cases: &[(&str, Option<&str>)] = &[
        ("Ctrl+Alt+F9", Some("virtual terminal")),
        ("alt+ctrl+f1", Some("virtual terminal")),
        ("Ctrl+Alt+F12", Some("virtual terminal")),
        ("Ctrl+Alt+Delete", Some("logs out")),
        ("super+l", Some("locks the screen")),
        ("Ctrl+Alt+Backspace", Some("X session")),
        ("Ctrl+Alt+T", Some("terminal")),
        ("Ctrl+Alt+F13", None),
        ("Ctrl+Alt+Shift+F9", None),
        ("Ctrl+Alt+Shift+N", None),
        ("not a shortcut", None),
    ];
    for (shortcut, want) in cases {
        let got = reserved_by_desktop(shortcut);
        match want {
            Some(part) => assert!(
                got.is_some_and(|why| why.contains(part)),
                "{shortcut:?} is the desktop's ({part}): got {got:?}"
            ),
            None => assert_eq!(got, None, "{shortcut:?} is free"),
        }
    }
    for r in reserved_shortcuts() {
        assert_eq!(
            normalize_shortcut(&r.shortcut).as_deref(),
            Ok(r.shortcut.as_str()),
            "the table is written as the settings write shortcuts, so the UI can compare"
        );
    }
    for (action, shortcut) in default_shortcuts() {
        assert_eq!(
            reserved_by_desktop(&shortcut),
            None,
            "the default for {action:?} is free"
        );
    }
}
