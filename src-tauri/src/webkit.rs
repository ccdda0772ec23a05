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
];

/// Sets each default the environment does not already have. Call first thing in `main`.
pub fn set_defaults() {
    for (name, value) in DEFAULTS {
        if std::env::var_os(name).is_none() {
            std::env::set_var(name, value);
        }
    }
}
