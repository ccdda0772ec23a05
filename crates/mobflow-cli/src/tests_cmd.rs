//! `mobflow test ...`: the mob's test command, through the running app (which watches and runs
//! it).

use std::path::PathBuf;
use std::time::Duration;

use mobflow_api::protocol::{Request, Response};
use mobflow_api::{client, paths, ApiError, ErrorCode, Snapshot, TestOutput, TestReport, TestView};
use mobflow_core::{
    Command, SettingsPatch, TestSettings, TestSettingsPatch, TestState, TestTrigger,
};

use crate::args::{OnOff, TestCmd};
use crate::remote::call;

/// How often `test run --wait` asks how the run stands.
const POLL: Duration = Duration::from_millis(100);
/// How long past the run's time limit `--wait` keeps waiting (for a queued run to go first).
const WAIT_SLACK: Duration = Duration::from_secs(30);

pub fn test(action: TestCmd) -> Result<(), ApiError> {
    match action {
        TestCmd::Set {
            command,
            dir,
            watch,
            debounce,
            timeout,
            evidence,
            rotate_at_green,
            grace,
        } => {
            let on = |v: Option<OnOff>| v.map(|v| v == OnOff::On);
            let patch = TestSettingsPatch {
                command: Some(command),
                cwd: Some(folder(dir)?),
                watch: Some(watch),
                debounce_ms: debounce,
                timeout_secs: timeout,
                evidence: on(evidence),
                rotate_at_green: on(rotate_at_green),
                green_grace_minutes: grace,
            };
            let snapshot = patch_tests(patch)?;
            print!("{}", tests_settings(&snapshot.settings.tests));
            Ok(())
        }
        TestCmd::Off => {
            patch_tests(TestSettingsPatch {
                command: Some(String::new()),
                ..TestSettingsPatch::default()
            })?;
            println!("Tests off: nothing is watched or run.");
            Ok(())
        }
        TestCmd::Run { wait } => run(wait),
        TestCmd::Status { json } => status(json),
        TestCmd::Output => {
            let (snapshot, report) = report()?;
            match report.output {
                Some(output) => print!("{}", test_output(&snapshot.tests, &output)),
                None => println!("No run yet."),
            }
            Ok(())
        }
    }
}

/// DIR as an absolute folder that exists (the current folder when not given).
fn folder(dir: Option<PathBuf>) -> Result<String, ApiError> {
    let bad = |why: String| ApiError::new(ErrorCode::InvalidInput, why);
    let here = std::env::current_dir().map_err(|e| bad(format!("no current folder: {e}")))?;
    let dir = here.join(dir.unwrap_or_default());
    if !dir.is_dir() {
        return Err(bad(format!("{} is not a folder", dir.display())));
    }
    let dir = dir.canonicalize().unwrap_or(dir);
    dir.to_str()
        .map(str::to_owned)
        .ok_or_else(|| bad(format!("{} is not valid UTF-8", dir.display())))
}

fn patch_tests(patch: TestSettingsPatch) -> Result<Snapshot, ApiError> {
    let patch = SettingsPatch {
        tests: Some(Box::new(patch)),
        ..SettingsPatch::default()
    };
    call(Request::Run {
        command: Command::UpdateSettings { patch },
    })
}

/// `mobflow test run [--wait]`: asks for a run; with `--wait`, waits for it (or, when one was
/// going on, for the run queued after it) and fails when it is red.
fn run(wait: bool) -> Result<(), ApiError> {
    let asked = call(Request::Run {
        command: Command::RunTests {
            trigger: TestTrigger::Manual,
        },
    })?;
    let tests = &asked.tests;
    let run = tests.run.unwrap_or(0) + u64::from(tests.queued);
    if !wait {
        println!("Test run {run} asked for.");
        return Ok(());
    }
    let limit = Duration::from_secs(u64::from(asked.settings.tests.timeout_secs)) * 2 + WAIT_SLACK;
    let mut waited = Duration::ZERO;
    loop {
        let now = call(Request::Status)?;
        let done = now.tests.run.is_some_and(|r| r > run)
            || (now.tests.run == Some(run) && now.tests.state != TestState::Running);
        if done {
            return verdict(run);
        }
        if !now.tests.configured {
            return Err(ApiError::new(
                ErrorCode::WrongState,
                "the tests were turned off during the run",
            ));
        }
        if waited >= limit {
            return Err(ApiError::new(
                ErrorCode::WrongState,
                format!("test run {run} gave no result within {} s", limit.as_secs()),
            ));
        }
        std::thread::sleep(POLL);
        waited += POLL;
    }
}

/// Green: says so. Red: prints the end of the output and fails (exit code 1).
fn verdict(run: u64) -> Result<(), ApiError> {
    let (snapshot, report) = report()?;
    let Some(output) = report.output.filter(|o| o.run >= run) else {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            "the run's result is gone",
        ));
    };
    if output.passed {
        println!("{}", test_line(&snapshot.tests));
        return Ok(());
    }
    print!("{}", test_output(&snapshot.tests, &output));
    Err(ApiError::new(
        ErrorCode::WrongState,
        format!("test run {} is red", output.run),
    ))
}

/// The snapshot and the test report (the last run's output, what is watched).
fn report() -> Result<(Snapshot, TestReport), ApiError> {
    let data_dir = paths::data_dir()
        .map_err(|e| ApiError::new(ErrorCode::NotRunning, format!("no data folder: {e}")))?;
    let socket = paths::socket_path(&data_dir)
        .map_err(|e| ApiError::new(ErrorCode::NotRunning, e.to_string()))?;
    match client::call(&socket, &Request::TestReport)? {
        Response::Ok {
            snapshot,
            test_report,
            ..
        } => Ok((*snapshot, test_report.unwrap_or_default())),
        Response::Error { error } => Err(error),
    }
}

/// `mobflow test status [--json]`: how the tests stand and what is watched.
fn status(json: bool) -> Result<(), ApiError> {
    let (snapshot, report) = report()?;
    if json {
        let value = serde_json::json!({ "tests": snapshot.tests, "watch": report.watch });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).expect("DTOs serialize")
        );
        return Ok(());
    }
    println!("{}", test_line(&snapshot.tests));
    let w = &report.watch;
    match (&w.error, w.folder.is_empty()) {
        (Some(error), _) => println!("Not watching {}: {error}.", w.folder),
        (None, true) => {}
        (None, false) => println!("Watching {} folders in {}.", w.folders, w.folder),
    }
    Ok(())
}

/// How the tests stand, in one line: "Tests: red, run 4 at 09:12:30 (exit 1, took 3.0 s).",
/// and a second one while a turn waits for green.
pub fn test_line(t: &TestView) -> String {
    if !t.configured {
        return "Tests: off.".to_owned();
    }
    let run = t.run.map(|r| format!(" run {r}")).unwrap_or_default();
    let at =
        t.at.map(|at| format!(" at {}", crate::text::local(at, "%H:%M:%S")))
            .unwrap_or_default();
    let how = match (t.timed_out, t.exit_code) {
        (true, _) => "timed out".to_owned(),
        (false, Some(code)) => format!("exit {code}"),
        (false, None) => "ended by a signal".to_owned(),
    };
    let took = t
        .duration_ms
        .map(|ms| format!(", took {:.1} s", ms as f64 / 1000.0))
        .unwrap_or_default();
    let queued = if t.queued {
        "; another run is queued"
    } else {
        ""
    };
    let line = match t.state {
        TestState::None => "Tests: not run yet.".to_owned(),
        TestState::Running => format!("Tests: running{run} (since{at}){queued}."),
        TestState::Green => format!("Tests: green,{run}{at} ({how}{took})."),
        TestState::Red => format!("Tests: red,{run}{at} ({how}{took})."),
    };
    match &t.green_wait {
        Some(wait) => format!(
            "{line}\nTime is up: hand-over at the next green, or in {} min.",
            wait.left_ms.div_ceil(60_000)
        ),
        None => line,
    }
}

/// The test settings, as `mobflow test set` and `mobflow settings` print them.
pub fn tests_settings(t: &TestSettings) -> String {
    if !t.is_on() {
        return "Tests:            off\n".to_owned();
    }
    let on = |v: bool| if v { "on" } else { "off" };
    let watch = if t.watch.is_empty() {
        "every file .gitignore does not ignore".to_owned()
    } else {
        t.watch.join(", ")
    };
    format!(
        "Tests:            {} (in {})\n\
         Watching:         {watch}, {} ms debounce\n\
         Time limit:       {} s\n\
         Evidence:         {} (runs tick the checklist)\n\
         Rotate at green:  {} (waits {} min at most)\n",
        t.command,
        t.cwd,
        t.debounce_ms,
        t.timeout_secs,
        on(t.evidence),
        on(t.rotate_at_green),
        t.green_grace_minutes
    )
}

/// The last run's output, headed by how it ended.
fn test_output(t: &TestView, output: &TestOutput) -> String {
    let tail = if output.output_tail.is_empty() {
        "(no output)"
    } else {
        &output.output_tail
    };
    format!("{}\n$ {}\n{tail}\n", test_line(t), output.command)
}
