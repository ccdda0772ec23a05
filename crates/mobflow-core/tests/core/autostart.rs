//! The "Open Mobflow when I log in" setting: off unless asked for, kept across stored states.

use mobflow_core::{Command, Mob, Settings, SettingsPatch};

use super::t0;

#[test]
fn autostart_is_off_by_default_and_a_patch_turns_it_on_and_off() {
    let mut mob = Mob::default();
    assert!(
        !mob.settings.autostart,
        "nothing starts at login unless the user asks for it"
    );
    for on in [true, false] {
        let patch = SettingsPatch {
            autostart: Some(on),
            ..SettingsPatch::default()
        };
        mob.apply(&Command::UpdateSettings { patch }, t0()).unwrap();
        assert_eq!(
            mob.settings.autostart, on,
            "the patch sets autostart to {on}"
        );
    }
}

#[test]
fn settings_stored_before_autostart_existed_read_as_off() {
    let mut stored = serde_json::to_value(Settings::default()).unwrap();
    stored.as_object_mut().unwrap().remove("autostart");
    let settings: Settings = serde_json::from_value(stored).unwrap();
    assert!(
        !settings.autostart,
        "an upgraded database keeps autostart off until the user turns it on"
    );
}
