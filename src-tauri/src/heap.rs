//! The app process's own allocator: one glibc malloc arena for all its threads, and what it
//! has freed handed back to the system once things are quiet ([`settle`]).
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

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::OnceLock;
use std::time::Duration;

/// How long nothing may ask [`settle`] again before the arena is trimmed. Longer than the 10 s
/// after which WebKit's UI side throws away a hidden view's painted copy (its backing store: a
/// full-screen hand-over's is about 4.6 MB), so that is freed first; and a burst of asks (a
/// hand-over every few seconds, a history being browsed) costs one trim.
const QUIET: Duration = Duration::from_secs(12);

/// Hands the memory malloc holds free back to the system, once nothing has asked again for
/// [`QUIET`]. Call it after work that allocates a lot and frees it: the first frame painted
/// (start-up), a hand-over or break screen hidden, the mini timer closed, a history query.
///
/// glibc gives back on its own only free memory at the top of its heap; what is freed below
/// memory still in use stays in the process for later. `malloc_trim` gave back 1.3 MB just
/// after start-up, and 1.1 and 1.5 MB once 20 hand-overs had settled (87.3 to 86.2 and 87.2
/// to 85.7 MB PSS; gdb calling it in the release app). A whole-history retro over five years
/// (a million events) took the app process from 83 to 142 MB: it stayed at 141.5 and 90.1
/// without the trim, and came back to 85.0 and 83.5 with it (release app, two runs each). It
/// takes about 0.25 ms, on a thread of its own: never on the GUI thread, the ticker or under the
/// app's lock.
pub fn settle() {
    static TRIMMER: OnceLock<Option<Trimmer>> = OnceLock::new();
    if let Some(trimmer) = TRIMMER.get_or_init(|| Trimmer::spawn(QUIET, give_back).ok()) {
        trimmer.ask();
    }
}

/// Returns the whole free pages of every arena to the system.
fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes each arena's lock and only releases pages no chunk in use
    // covers; it is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// A thread that runs `trim` once the asks have stopped for a while.
struct Trimmer {
    asks: Sender<()>,
}

impl Trimmer {
    fn spawn(quiet: Duration, trim: fn()) -> std::io::Result<Self> {
        let (asks, asked) = mpsc::channel();
        std::thread::Builder::new()
            .name("heap-trim".into())
            .spawn(move || trim_when_quiet(&asked, quiet, trim))?;
        Ok(Self { asks })
    }

    fn ask(&self) {
        // The thread ends only when the sender is dropped, so the send cannot fail while the
        // app runs; if it ever did, the memory is simply kept.
        let _ = self.asks.send(());
    }
}

/// Waits for an ask, then for `quiet` without one, then trims; until the asker is gone.
fn trim_when_quiet(asked: &Receiver<()>, quiet: Duration, trim: impl Fn()) {
    while asked.recv().is_ok() {
        loop {
            match asked.recv_timeout(quiet) {
                Ok(()) => continue,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        trim();
    }
}

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
    use super::{trim_when_quiet, user_set};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{mpsc, Arc};
    use std::time::Duration;

    #[test]
    fn asks_in_a_burst_are_one_trim_once_quiet() {
        let trims = Arc::new(AtomicUsize::new(0));
        let count = {
            let trims = trims.clone();
            move || {
                trims.fetch_add(1, Ordering::SeqCst);
            }
        };
        // Three asks waiting before the thread looks: one burst, so one trim; the thread then
        // waits for the next ask and ends when the asker is gone.
        let (asks, asked) = mpsc::channel();
        for _ in 0..3 {
            asks.send(()).unwrap();
        }
        let worker = std::thread::spawn(move || trim_when_quiet(&asked, Duration::ZERO, count));
        while trims.load(Ordering::SeqCst) == 0 {
            std::thread::yield_now();
        }
        drop(asks);
        worker.join().unwrap();
        assert_eq!(trims.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn asks_cut_off_by_the_app_closing_trim_nothing() {
        let trims = AtomicUsize::new(0);
        let (asks, asked) = mpsc::channel();
        asks.send(()).unwrap();
        drop(asks);
        trim_when_quiet(&asked, Duration::from_secs(600), || {
            trims.fetch_add(1, Ordering::SeqCst);
        });
        assert_eq!(trims.load(Ordering::SeqCst), 0);
    }

    /// The process's resident memory, in bytes (`/proc/self/statm`).
    fn resident() -> usize {
        let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
        let pages: usize = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
        // SAFETY: sysconf only reads a constant of the system.
        let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap();
        pages * page
    }

    #[test]
    fn give_back_returns_memory_freed_below_memory_in_use() {
        // 48 MB in blocks small enough to come from the heap (not mapped one by one), each
        // page written, then a block kept behind them: freed, they sit below memory in use,
        // where glibc keeps them.
        const BLOCK: usize = 64 * 1024;
        const FREED: usize = 48 * 1024 * 1024;
        let blocks: Vec<Vec<u8>> = (0..FREED / BLOCK)
            .map(|i| vec![i as u8 | 1; BLOCK])
            .collect();
        let kept = vec![7u8; BLOCK];
        drop(blocks);
        let before = resident();
        super::settle(); // the real thread, asked (it trims later, which changes nothing here)
        super::give_back();
        let after = resident();
        assert_eq!(kept[BLOCK - 1], 7);
        assert!(
            before.saturating_sub(after) > FREED / 2,
            "resident {before} → {after} bytes after give_back, with {FREED} freed"
        );
    }

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
