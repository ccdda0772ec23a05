//! How the app sets WebKitGTK up for itself: environment variables read when WebKit starts,
//! set before anything else runs (no other thread exists yet) and only when the user has not
//! set them (their own setting wins).

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
    for (name, value) in DEFAULTS {
        match std::env::var_os(name) {
            None => std::env::set_var(name, value),
            Some(given) if *name == MEMORY_MONITOR_OFF && (given.is_empty() || given == "0") => {
                std::env::remove_var(name);
            }
            Some(_) => {}
        }
    }
}
