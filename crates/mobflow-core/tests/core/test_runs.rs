//! The mob's own tests: the test command's settings, runs (never two at once), the ticks a run
//! proves (`evidence`), the hand-over at the next green (`green`) and the retro figures of a
//! scripted session (`retro`). All over the one fake clock.

mod evidence;
mod green;
mod retro;

use mobflow_core::settings::LIMITS;
use mobflow_core::test_runs::{TestSettingsPatch, MAX_TEST_OUTPUT};
use mobflow_core::{Command, CoreError, Event, Mob, SettingsPatch, TestState, TestTrigger};

use crate::{at, mob_with, t0};

/// A patch of the test settings alone.
pub fn tests_patch(patch: TestSettingsPatch) -> Command {
    Command::UpdateSettings {
        patch: SettingsPatch {
            tests: Some(Box::new(patch)),
            ..SettingsPatch::default()
        },
    }
}

/// `mob` with a test command set (in `/work/project`).
pub fn with_tests(mut mob: Mob) -> Mob {
    let patch = TestSettingsPatch {
        command: Some("cargo test".into()),
        cwd: Some("/work/project".into()),
        ..TestSettingsPatch::default()
    };
    mob.apply(&tests_patch(patch), t0())
        .expect("a command with a folder is accepted");
    mob
}

pub fn run_tests() -> Command {
    Command::RunTests {
        trigger: TestTrigger::Watch,
    }
}

/// How run `run` ended: with `exit_code` (`None`: killed).
pub fn finish(run: u64, exit_code: Option<i32>) -> Command {
    Command::FinishTestRun {
        run,
        exit_code,
        timed_out: false,
        output_tail: format!("run {run} said {exit_code:?}\n"),
    }
}

/// Applies `command` at `s` seconds and returns the kinds of the events it recorded.
pub fn kinds(mob: &mut Mob, command: &Command, s: i64) -> Vec<&'static str> {
    let records = mob
        .apply(command, at(s))
        .unwrap_or_else(|e| panic!("{command:?} at {s}s: {e}"));
    records.iter().map(|r| r.event.kind()).collect()
}

/// Starts a run at `from` seconds and finishes it at `to` with `exit_code`.
pub fn one_run(mob: &mut Mob, from: i64, to: i64, exit_code: Option<i32>) -> u64 {
    mob.apply(&run_tests(), at(from)).expect("a run starts");
    let run = mob.tests.last_run;
    mob.apply(&finish(run, exit_code), at(to))
        .expect("the run going on finishes");
    run
}

/// Patches of the test settings: what each tries, and the words of its refusal (`None`: taken).
fn settings_cases() -> Vec<(&'static str, TestSettingsPatch, Option<&'static str>)> {
    vec![
        (
            "a command with no folder",
            TestSettingsPatch {
                command: Some("make test".into()),
                ..Default::default()
            },
            Some("needs the folder"),
        ),
        (
            "a relative folder",
            TestSettingsPatch {
                command: Some("make test".into()),
                cwd: Some("project".into()),
                ..Default::default()
            },
            Some("absolute path"),
        ),
        (
            "a command on two lines",
            TestSettingsPatch {
                command: Some("make\nmake test".into()),
                cwd: Some("/p".into()),
                ..Default::default()
            },
            Some("one line"),
        ),
        (
            "a command too long",
            TestSettingsPatch {
                command: Some("x".repeat(2001)),
                cwd: Some("/p".into()),
                ..Default::default()
            },
            Some("2000 bytes"),
        ),
    ]
}

/// Patches of the watch globs, as [`settings_cases`].
fn glob_cases() -> Vec<(&'static str, TestSettingsPatch, Option<&'static str>)> {
    vec![
        (
            "a glob leaving the folder",
            TestSettingsPatch {
                watch: Some(vec!["src/../../etc/*".into()]),
                ..Default::default()
            },
            Some("inside the folder"),
        ),
        (
            "an absolute glob",
            TestSettingsPatch {
                watch: Some(vec!["/etc/*".into()]),
                ..Default::default()
            },
            Some("inside the folder"),
        ),
        (
            "an unclosed bracket",
            TestSettingsPatch {
                watch: Some(vec!["src/[ab.rs".into()]),
                ..Default::default()
            },
            Some("unclosed"),
        ),
        (
            "too many globs",
            TestSettingsPatch {
                watch: Some((0..21).map(|i| format!("d{i}/**")).collect()),
                ..Default::default()
            },
            Some("at most 20"),
        ),
        (
            "globs, blank lines dropped",
            TestSettingsPatch {
                command: Some("  make test ".into()),
                cwd: Some("/work/p/".into()),
                watch: Some(vec![
                    "src/**/*.rs".into(),
                    " ".into(),
                    "{a,b}/[xy].c".into(),
                ]),
                ..Default::default()
            },
            None,
        ),
    ]
}

#[test]
fn test_settings_are_checked_and_a_refusal_changes_nothing() {
    for (what, patch, refused) in settings_cases().into_iter().chain(glob_cases()) {
        let mut mob = Mob::default();
        let before = mob.clone();
        let result = mob.apply(&tests_patch(patch), t0());
        match refused {
            Some(words) => {
                let err = result.expect_err(what);
                assert!(
                    matches!(err, CoreError::BadTests(_)) && err.to_string().contains(words),
                    "{what}: the refusal says why ({err})"
                );
                assert_eq!(mob, before, "{what}: a refused patch changes nothing");
            }
            None => {
                result.unwrap_or_else(|e| panic!("{what}: {e}"));
                let tests = &mob.settings.tests;
                assert_eq!(tests.command, "make test", "the command is trimmed");
                assert_eq!(tests.cwd, "/work/p", "the folder loses its trailing slash");
                assert_eq!(tests.watch, ["src/**/*.rs", "{a,b}/[xy].c"]);
            }
        }
    }
}

#[test]
fn every_number_the_limits_allow_is_accepted_and_its_neighbours_are_not() {
    type Field = fn(u32) -> TestSettingsPatch;
    let fields: [(&str, _, Field); 3] = [
        ("debounce", LIMITS.test_debounce_ms, |v| TestSettingsPatch {
            debounce_ms: Some(v),
            ..Default::default()
        }),
        ("time limit", LIMITS.test_timeout_secs, |v| {
            TestSettingsPatch {
                timeout_secs: Some(v),
                ..Default::default()
            }
        }),
        ("grace", LIMITS.test_green_grace_minutes, |v| {
            TestSettingsPatch {
                green_grace_minutes: Some(v),
                ..Default::default()
            }
        }),
    ];
    for (name, limit, patch) in fields {
        for v in [limit.min, (limit.min + limit.max) / 2, limit.max] {
            let mut mob = Mob::default();
            mob.apply(&tests_patch(patch(v)), t0())
                .unwrap_or_else(|e| panic!("{name} {v} is within its limits: {e}"));
        }
        for v in [0, limit.min - 1, limit.max + 1] {
            let mut mob = Mob::default();
            let err = mob.apply(&tests_patch(patch(v)), t0()).unwrap_err();
            assert!(
                matches!(err, CoreError::BadSetting { got, .. } if got == v),
                "{name} {v} is outside its limits: {err}"
            );
        }
    }
    let defaults = Mob::default().settings.tests;
    assert_eq!(
        (
            defaults.debounce_ms,
            defaults.evidence,
            defaults.rotate_at_green
        ),
        (500, false, false),
        "debounce 500 ms; evidence and rotate-at-green are off until turned on"
    );
}

#[test]
fn a_run_needs_a_command_and_never_two_go_at_once() {
    let mut mob = mob_with(&["Ada"]);
    let before = mob.clone();
    assert_eq!(
        mob.apply(&run_tests(), t0()).unwrap_err(),
        CoreError::NoTestCommand,
        "no command, no run"
    );
    assert_eq!(mob, before);

    let mut mob = with_tests(mob);
    assert_eq!(mob.tests.state(), TestState::None);
    assert_eq!(kinds(&mut mob, &run_tests(), 1), ["test_run_started"]);
    assert_eq!(mob.tests.state(), TestState::Running);
    assert!(
        kinds(&mut mob, &run_tests(), 2).is_empty(),
        "a run asked for during a run is queued, not started"
    );
    let manual = Command::RunTests {
        trigger: TestTrigger::Manual,
    };
    assert!(kinds(&mut mob, &manual, 3).is_empty(), "still one queued");
    let records = mob.apply(&finish(1, Some(1)), at(4)).unwrap();
    let events: Vec<_> = records.iter().map(|r| &r.event).collect();
    assert!(
        matches!(
            events[..],
            [
                Event::TestRunFinished {
                    run: 1,
                    passed: false,
                    duration_ms: 3000,
                    ..
                },
                Event::TestRunStarted {
                    run: 2,
                    trigger: TestTrigger::Manual,
                    ..
                }
            ]
        ),
        "the run finishes (red, 3 s) and the queued one starts, as asked by someone: {events:?}"
    );
    assert_eq!(mob.tests.state(), TestState::Running);
    mob.apply(&finish(2, Some(0)), at(6)).unwrap();
    assert_eq!(mob.tests.state(), TestState::Green);
    assert_eq!(mob.tests.queued, None, "the queue is empty");
}

#[test]
fn only_the_run_going_on_can_finish() {
    let mut mob = with_tests(mob_with(&["Ada"]));
    let before = mob.clone();
    assert_eq!(
        mob.apply(&finish(1, Some(0)), at(1)).unwrap_err(),
        CoreError::UnknownTestRun { run: 1 },
        "no run is going on"
    );
    assert_eq!(mob, before);
    mob.apply(&run_tests(), at(1)).unwrap();
    let before = mob.clone();
    assert_eq!(
        mob.apply(&finish(7, Some(0)), at(2)).unwrap_err(),
        CoreError::UnknownTestRun { run: 7 },
        "another run's result is refused"
    );
    assert_eq!(mob, before, "and changes nothing");
}

#[test]
fn a_run_is_green_only_when_it_exits_0_in_time_and_keeps_the_end_of_its_output() {
    let cases = [
        (Some(0), false, TestState::Green),
        (Some(1), false, TestState::Red),
        (Some(0), true, TestState::Red),
        (None, true, TestState::Red),
        (None, false, TestState::Red),
    ];
    for (exit_code, timed_out, state) in cases {
        let mut mob = with_tests(mob_with(&["Ada"]));
        mob.apply(&run_tests(), at(0)).unwrap();
        let output: String = (0..2000).map(|i| format!("line {i}\n")).collect();
        let done = Command::FinishTestRun {
            run: 1,
            exit_code,
            timed_out,
            output_tail: output,
        };
        mob.apply(&done, at(90)).unwrap();
        assert_eq!(
            mob.tests.state(),
            state,
            "exit {exit_code:?}, timed out {timed_out}"
        );
        let result = mob.tests.result.as_ref().unwrap();
        assert_eq!(result.duration_ms, 90_000, "from its start to its end");
        assert!(
            result.output_tail.len() <= MAX_TEST_OUTPUT
                && result.output_tail.ends_with("line 1998\nline 1999"),
            "the output is bounded, its end kept, trailing space trimmed"
        );
    }
}

#[test]
fn turning_the_tests_off_forgets_the_result_and_the_run_going_on() {
    let mut mob = with_tests(mob_with(&["Ada"]));
    one_run(&mut mob, 0, 5, Some(1));
    mob.apply(&run_tests(), at(10)).unwrap();
    let off = TestSettingsPatch {
        command: Some(String::new()),
        ..Default::default()
    };
    mob.apply(&tests_patch(off), at(11)).unwrap();
    assert_eq!(mob.tests.state(), TestState::None, "off: no state");
    assert_eq!(
        mob.apply(&finish(2, Some(0)), at(12)).unwrap_err(),
        CoreError::UnknownTestRun { run: 2 },
        "the run that was going on no longer counts"
    );
    assert_eq!(
        mob.apply(&run_tests(), at(13)).unwrap_err(),
        CoreError::NoTestCommand
    );
}

#[test]
fn the_saved_state_keeps_the_result_but_not_a_run_going_on() {
    let mut mob = with_tests(mob_with(&["Ada"]));
    one_run(&mut mob, 0, 5, Some(1));
    mob.apply(&run_tests(), at(10)).unwrap();
    let back: Mob = serde_json::from_str(&serde_json::to_string(&mob).unwrap()).unwrap();
    assert_eq!(
        back.tests.result, mob.tests.result,
        "the last result is kept"
    );
    assert_eq!(back.tests.last_run, 2, "run ids are never handed out twice");
    assert_eq!(
        back.tests.state(),
        TestState::Red,
        "a run's process ends with the app: after a restart it is not going on"
    );
}
