//! How the app sets WebKitGTK up for itself: environment variables read when WebKit starts,
//! set before anything else runs (no other thread exists yet) and only when the user has not
//! set them (their own setting wins). Programs the app starts get the environment as it was
//! ([`as_launched`]).

use std::ffi::OsString;
use std::process::Command;

/// The variables and the values the app gives them.
const DEFAULTS: &[(&str, &str)] = &[
    // Software painting of what changed, without WebKit's compositor: on the 2-core test
    // machine a turn's once-a-second update costs about half the CPU and the page 70 MB less
    // (scripts/measure-footprint). Mobflow draws text and a bar; nothing here needs GPU layers.
    ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
    // JavaScriptCore's interpreter alone, without its JIT compilers. Mobflow's pages run little
    // script (a snapshot at a change, the clocks once a second); the JIT's code and its memory
    // were most of what the web process kept over a day of hand-overs, and the most variable
    // part: 300 hand-overs grew it 9 to 42 MB with the JIT, 4.7 to 5.5 without, and it starts
    // 8 MB smaller (scripts/measure-footprint --turns 300).
    ("JSC_useJIT", "0"),
    // WebKit's watch on memory: a thread of the app reads /proc/meminfo every few seconds, and
    // the web process reads its own /proc/self/smaps every 30 s (about 20 ms of its main
    // thread each time, with the page idle). It is there to shed caches when the machine runs
    // short and to end a page that grows without bound; Mobflow's one small page of its own
    // has neither to fear, and at rest (paused, or nobody looking) this watch was most of
    // what the app did. WebKit only asks whether the variable is set, so a user's `0` unsets
    // it (see `set_defaults`).
    (MEMORY_MONITOR_OFF, "1"),
];

/// WebKit turns its memory watch off when this variable is set at all, whatever its value.
const MEMORY_MONITOR_OFF: &str = "WEBKIT_DISABLE_MEMORY_PRESSURE_MONITOR";

/// Sets each default the environment does not already have. Call first thing in `main`.
///
/// A user who sets `WEBKIT_DISABLE_MEMORY_PRESSURE_MONITOR=0` (or to nothing) asks for WebKit's
/// memory watch: the variable is removed, since WebKit would read any value as "off".
pub fn set_defaults() {
    let mut changed = Vec::new();
    for (name, value) in DEFAULTS {
        let given = std::env::var_os(name);
        match &given {
            None => std::env::set_var(name, value),
            Some(v) if *name == MEMORY_MONITOR_OFF && (v.is_empty() || v == "0") => {
                std::env::remove_var(name);
            }
            Some(_) => continue,
        }
        changed.push((*name, given));
    }
    // Only the first call counts: a second would take the app's own values for the user's.
    let _ = CHANGED.set(changed);
}

/// What [`set_defaults`] changed: each variable and the value it had before (None: unset).
static CHANGED: std::sync::OnceLock<Vec<(&'static str, Option<OsString>)>> =
    std::sync::OnceLock::new();

/// Gives a program the app starts the environment the app was started with, as far as
/// WebKit's variables go: the mob's tests, hooks (which may open a WebKit browser or test a
/// WebKitGTK app of their own) and the app started again get none of Mobflow's own settings.
pub fn as_launched(cmd: &mut Command) -> &mut Command {
    for (name, before) in CHANGED.get().into_iter().flatten() {
        match before {
            Some(value) => cmd.env(name, value),
            None => cmd.env_remove(name),
        };
    }
    cmd
}
