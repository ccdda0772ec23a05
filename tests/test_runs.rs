//! The mob's own tests, on the real app: a throwaway project whose test script passes or fails
//! depending on a file, watched and run by the app. Here: changes start runs (red, then green;
//! a burst of writes, one run), a hanging command is ended at its limit, the CLI. In
//! `test_runs/`: the hand-over at the next green, and checklist ticks with their run ids.

pub mod green;

use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use crate::support::{wait_until, Env};

/// A project folder: `sh check.sh` passes when the file `state` says `pass`, and writes what
/// `src/lib.txt` held to `runs.log` (which `.gitignore` ignores, so a run starts no run).
pub struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    pub fn new() -> Project {
        let project = Project {
            dir: tempfile::tempdir().unwrap(),
        };
        project.write(".gitignore", "runs.log\ntarget/\n");
        project.write(
            "check.sh",
            "printf '%s\\n' \"$(cat src/lib.txt)\" >> runs.log\n\
             echo \"checking: $(cat state)\"\n\
             test \"$(cat state)\" = pass\n",
        );
        project.write("state", "fail");
        project.write("src/lib.txt", "start");
        project
    }

    pub fn path(&self) -> &str {
        self.dir.path().to_str().unwrap()
    }

    /// Writes `text` to the file `name` (folders made as needed).
    pub fn write(&self, name: &str, text: &str) {
        let path = self.dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// What `src/lib.txt` held at each run, in order.
    pub fn runs_saw(&self) -> Vec<String> {
        let log = std::fs::read_to_string(self.dir.path().join("runs.log")).unwrap_or_default();
        log.lines().map(str::to_owned).collect()
    }
}

/// `mobflow test set` for `project` (its check script, unless `more` gives a `--command`), with
/// `more` options; then waits until the app watches the folder (a change before that would go
/// unseen).
pub fn set_tests(env: &Env, project: &Project, more: &[&str]) {
    let mut args = vec!["test", "set", "--dir", project.path()];
    if !more.contains(&"--command") {
        args.extend(["--command", "sh check.sh"]);
    }
    args.extend_from_slice(more);
    env.ok(&args);
    wait_watching(env);
}

/// Waits (bounded) until the app watches the test folder.
pub fn wait_watching(env: &Env) {
    wait_until(Duration::from_secs(10), "the folder to be watched", || {
        let report: Value = serde_json::from_str(&env.ok(&["test", "status", "--json"])).unwrap();
        report["watch"]["folders"].as_u64().unwrap_or(0) > 0
    });
}

/// Waits (bounded) until run `run` has finished; its `tests` in `mobflow status --json`.
pub fn finished(env: &Env, run: u64) -> Value {
    let mut tests = Value::Null;
    wait_until(
        Duration::from_secs(30),
        &format!("test run {run} to finish"),
        || {
            tests = env.status()["tests"].clone();
            tests["run"] == run && tests["state"] != "running"
        },
    );
    tests
}

#[test]
fn a_change_runs_the_tests_once_red_and_the_fix_turns_them_green() {
    let env = Env::new();
    let project = Project::new();
    let _app = env.launch();
    set_tests(&env, &project, &[]);
    assert_eq!(
        env.status()["tests"]["state"],
        "none",
        "setting the command runs nothing"
    );

    project.write("src/lib.txt", "first");
    let tests = finished(&env, 1);
    assert_eq!(
        (&tests["state"], &tests["exit_code"]),
        (&"red".into(), &1.into()),
        "state says fail: red, exit 1"
    );
    assert!(
        tests["at"].is_string() && tests["duration_ms"].is_u64(),
        "{tests}"
    );

    project.write("state", "pass");
    let tests = finished(&env, 2);
    assert_eq!(
        tests["state"], "green",
        "the fix is run 2: the change made one run"
    );
    assert_eq!(
        project.runs_saw(),
        ["first", "first"],
        "run 2 saw the same source"
    );

    // Each run wrote runs.log, which is ignored: asked for now, the next run is number 3.
    let run = env.cli(&["test", "run", "--wait"]);
    assert_eq!(run.code(), 0, "green exits 0: {}", run.stderr());
    assert_eq!(
        env.status()["tests"]["run"],
        3,
        "no run started from the runs' own (ignored) writes"
    );
    let finished_events = env.events("test_run_finished");
    assert_eq!(finished_events.len(), 3, "every run is in the history");
    assert_eq!(finished_events[0]["command"], "sh check.sh");
    assert_eq!(
        finished_events[0]["output_tail"], "checking: fail",
        "the end of its output"
    );
}

#[test]
fn a_burst_of_50_writes_starts_one_run() {
    let env = Env::new();
    let project = Project::new();
    let _app = env.launch();
    set_tests(&env, &project, &[]);
    for i in 1..=50 {
        project.write("src/lib.txt", &i.to_string());
    }
    finished(&env, 1);
    // A second run for the burst would come next; a change made now is seen by run 2 only if
    // there was none.
    project.write("src/lib.txt", "after");
    finished(&env, 2);
    assert_eq!(
        project.runs_saw(),
        ["50", "after"],
        "one run for the whole burst, after its last write"
    );
}

/// Whether a process whose command line is `cmdline` (NUL-separated) is alive.
fn running(cmdline: &[u8]) -> bool {
    std::fs::read_dir("/proc").unwrap().flatten().any(|entry| {
        let path = entry.path();
        let stat = std::fs::read_to_string(path.join("stat")).unwrap_or_default();
        let zombie = stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| rest.starts_with('Z'));
        !zombie && std::fs::read(path.join("cmdline")).is_ok_and(|c| c == cmdline)
    })
}

#[test]
fn a_hanging_test_command_and_its_children_are_ended_at_its_limit() {
    let env = Env::new();
    let project = Project::new();
    let _app = env.launch();
    env.ok(&[
        "test",
        "set",
        "--command",
        "echo waiting; sleep 61.234 & sleep 61.234",
        "--dir",
        project.path(),
        "--timeout",
        "1",
    ]);
    let run = env.cli(&["test", "run", "--wait"]);
    assert_eq!(run.code(), 1, "a run ended at its limit is red");
    assert!(
        run.stdout().contains("timed out") && run.stdout().contains("waiting"),
        "it says so, with the end of the output: {}",
        run.stdout()
    );
    assert!(
        run.stderr().contains("test run 1 is red"),
        "{}",
        run.stderr()
    );
    let tests = env.status()["tests"].clone();
    assert_eq!(
        (&tests["timed_out"], &tests["exit_code"]),
        (&true.into(), &Value::Null)
    );
    wait_until(Duration::from_secs(5), "the sleeps to be ended", || {
        !running(b"sleep\x0061.234\x00")
    });
}

#[test]
fn the_cli_sets_shows_and_turns_off_the_tests() {
    let env = Env::new();
    let project = Project::new();
    let _app = env.launch();
    let bad = env.cli(&["test", "set", "--command", "true", "--dir", "/no/such/dir"]);
    assert_eq!(bad.code(), 1, "a folder that does not exist is refused");
    assert!(bad.stderr().contains("is not a folder"), "{}", bad.stderr());
    let bad = env.cli(&[
        "test",
        "set",
        "--command",
        "true",
        "--dir",
        project.path(),
        "--debounce",
        "5",
    ]);
    assert_eq!(bad.code(), 1);
    assert!(bad.stderr().contains("test debounce"), "{}", bad.stderr());

    let said = env.ok(&[
        "test",
        "set",
        "--command",
        "sh check.sh",
        "--dir",
        project.path(),
        "--watch",
        "*.txt",
        "--watch",
        "state",
        "--rotate-at-green",
        "on",
    ]);
    assert!(
        said.contains("Tests:            sh check.sh (in ")
            && said.contains("Watching:         *.txt, state, 500 ms debounce")
            && said.contains("Rotate at green:  on (waits 5 min at most)"),
        "{said}"
    );
    let settings: Value = serde_json::from_str(&env.ok(&["settings", "--json"])).unwrap();
    assert_eq!(
        settings["tests"]["watch"],
        serde_json::json!(["*.txt", "state"])
    );
    assert_eq!(settings["tests"]["cwd"], project.path());

    let red = env.cli(&["test", "run", "--wait"]);
    assert_eq!(red.code(), 1, "red exits 1");
    let output = env.ok(&["test", "output"]);
    assert!(output.contains("$ sh check.sh\nchecking: fail"), "{output}");

    env.ok(&["test", "off"]);
    assert_eq!(env.status()["tests"]["state"], "none");
    let off = env.cli(&["test", "run"]);
    assert_eq!(off.code(), 1, "no command, no run");
    assert!(
        off.stderr().contains("No test command is set"),
        "{}",
        off.stderr()
    );
    assert!(Path::new(project.path()).join("runs.log").exists());
}
