//! The app process's own allocator: one glibc malloc arena for all its threads.
//!
//! glibc lets threads that allocate at the same time take arenas of their own (up to eight per
//! core), and each arena keeps what was freed in it for later. The app's threads (GTK's,
//! WebKit's UI side, the tokio workers, the ticker, the writer) each allocate a little now and
//! then, so each arena kept a little: 300 hand-overs grew the app by 0.7 to 1.0 MB with the
//! default, by 0.1 MB at most with one arena (ten runs), which also starts it about 1.5 MB
//! smaller (scripts/measure-footprint --turns 300). The app allocates too little for its
//! threads to wait on one another; glibc's per-thread cache still serves most small
//! allocations without taking the arena's lock.
//!
//! Only this process: the limit does not reach the web process WebKit starts, and given to it
//! (`MALLOC_ARENA_MAX=1`) it left that process's growth where it was. A user who tunes glibc's
//! arenas themselves (`MALLOC_ARENA_MAX`, or `glibc.malloc.arena_max` in `GLIBC_TUNABLES`)
//! keeps their setting.

/// How many arenas the app allows itself.
const ARENAS: libc::c_int = 1;

/// Limits the arenas, unless the user set a limit. Call first thing in `main`, before any
/// thread starts: a thread that already has an arena keeps it.
pub fn one_arena() {
    if user_set(
        std::env::var_os("MALLOC_ARENA_MAX").is_some(),
        std::env::var("GLIBC_TUNABLES").ok().as_deref(),
    ) {
        return;
    }
    // SAFETY: mallopt only sets a limit glibc reads when a thread next needs an arena.
    // It returns 0 if the value is refused, and then glibc's default stays: nothing to undo.
    unsafe { libc::mallopt(libc::M_ARENA_MAX, ARENAS) };
}

/// Whether the environment already limits glibc's arenas.
fn user_set(arena_max: bool, tunables: Option<&str>) -> bool {
    arena_max
        || tunables.is_some_and(|t| {
            t.split(':')
                .any(|setting| setting.trim_start().starts_with("glibc.malloc.arena_max="))
        })
}

#[cfg(test)]
mod tests {
    use super::user_set;

    #[test]
    fn a_limit_the_user_set_is_kept() {
        assert!(!user_set(false, None));
        assert!(user_set(true, None));
        assert!(user_set(false, Some("glibc.malloc.arena_max=4")));
        assert!(user_set(
            false,
            Some("glibc.malloc.tcache_count=0:glibc.malloc.arena_max=2")
        ));
        assert!(!user_set(false, Some("glibc.malloc.arena_test=2")));
        assert!(!user_set(false, Some("")));
    }
}
