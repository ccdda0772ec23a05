//! Hooks: their settings are checked before the shell runs them, and the core decides which
//! events trigger which hook with what it is told.

use mobflow_core::board::TaskId;
use mobflow_core::hooks::{triggered, Hook, HookEnv, HookEvent, Standing};
use mobflow_core::{Command, CoreError, Mob, SettingsPatch};

use super::{at, mob_with, t0};

#[test]
fn settings_refuse_bad_hooks_and_an_empty_command_removes_one() {
    let mut mob = Mob::default();
    let hook = |command: &str, cwd: &str| SettingsPatch {
        hooks: Some(
            [(
                HookEvent::TurnEnd,
                Hook {
                    command: command.into(),
                    cwd: cwd.into(),
                },
            )]
            .into(),
        ),
        ..SettingsPatch::default()
    };
    for (command, cwd) in [("mob next", "relative/dir"), ("a\nb", ""), ("x\0y", "/tmp")] {
        let err = mob
            .apply(
                &Command::UpdateSettings {
                    patch: hook(command, cwd),
                },
                t0(),
            )
            .unwrap_err();
        assert!(
            matches!(err, CoreError::BadHook(_)),
            "{command:?} in {cwd:?}: {err}"
        );
    }
    mob.apply(
        &Command::UpdateSettings {
            patch: hook("  mob next ", "/tmp"),
        },
        t0(),
    )
    .unwrap();
    assert_eq!(mob.settings.hooks[&HookEvent::TurnEnd].command, "mob next");
    mob.apply(
        &Command::UpdateSettings {
            patch: hook("", ""),
        },
        t0(),
    )
    .unwrap();
    assert!(
        mob.settings.hooks.is_empty(),
        "an empty command removes the hook"
    );
}

/// How `mob` stands, as the shell reads it from its snapshot.
fn standing(mob: &Mob) -> Standing {
    Standing {
        driver: mob.person(mob.driver).map(|p| p.name),
        navigator: mob.person(mob.navigator).map(|p| p.name),
        task: mob.board.in_focus().map(|t| t.title.clone()),
    }
}

/// What a hook is told: driver, navigator and next driver ("" for nobody), and the task.
fn told(event: HookEvent, [driver, navigator, next_driver]: [&str; 3]) -> (HookEvent, HookEnv) {
    let name = |n: &str| (!n.is_empty()).then(|| n.to_owned());
    let env = HookEnv {
        driver: name(driver),
        navigator: name(navigator),
        next_driver: name(next_driver),
        task: Some("Fix login".into()),
    };
    (event, env)
}

#[test]
fn turns_and_breaks_trigger_their_hooks_with_the_seats_they_concern() {
    use HookEvent::*;
    let mut mob = mob_with(&["Ada", "Bob", "Cy"]);
    let add = Command::AddTask {
        title: "Fix login".into(),
        notes: String::new(),
        acceptance: vec![],
    };
    mob.apply(&add, t0()).unwrap();
    mob.apply(&Command::FocusTask { task: TaskId(1) }, t0())
        .unwrap();
    let due_every_turn = Command::UpdateSettings {
        patch: SettingsPatch {
            break_every_turns: Some(1),
            ..SettingsPatch::default()
        },
    };
    let cases = [
        (Command::Start, vec![told(TurnStart, ["Ada", "Bob", "Bob"])]),
        (Command::Pause, vec![]),
        // The driver who left, and the navigator who now drives.
        (Command::Next, vec![told(TurnEnd, ["Ada", "Bob", "Bob"])]),
        (
            Command::StartBreak,
            vec![told(BreakStart, ["Bob", "Cy", "Bob"])],
        ),
        (
            Command::EndBreak,
            vec![told(BreakEnd, ["Bob", "Cy", "Bob"])],
        ),
        (Command::Start, vec![told(TurnStart, ["Bob", "Cy", "Cy"])]),
        (
            Command::StartBreak,
            vec![
                told(TurnEnd, ["Bob", "Cy", "Cy"]),
                told(BreakStart, ["Cy", "Ada", "Cy"]),
            ],
        ),
        (Command::EndBreak, vec![told(BreakEnd, ["Cy", "Ada", "Cy"])]),
        (due_every_turn, vec![]),
        (Command::Start, vec![told(TurnStart, ["Cy", "Ada", "Ada"])]),
        (
            Command::Next,
            vec![
                told(TurnEnd, ["Cy", "Ada", "Ada"]),
                told(BreakStart, ["Ada", "Bob", "Ada"]),
            ],
        ),
        (
            Command::SkipBreak,
            vec![told(BreakEnd, ["Ada", "Bob", "Ada"])],
        ),
        (Command::EndSession, vec![]),
    ];
    for (s, (command, want)) in (10..).step_by(10).zip(cases) {
        let records = mob
            .apply(&command, at(s))
            .unwrap_or_else(|e| panic!("{command:?}: {e}"));
        assert_eq!(
            triggered(&records, &standing(&mob)),
            want,
            "{command:?} triggers these hooks, in the order of its events"
        );
    }
}

#[test]
fn without_a_task_or_a_navigator_a_hook_is_told_nothing_about_them() {
    let mut mob = mob_with(&["Solo"]);
    let records = mob.apply(&Command::Start, t0()).unwrap();
    let want = HookEnv {
        driver: Some("Solo".into()),
        ..HookEnv::default()
    };
    assert_eq!(
        triggered(&records, &standing(&mob)),
        [(HookEvent::TurnStart, want)],
        "alone with no task in focus: no navigator, no next driver, no task"
    );
}
