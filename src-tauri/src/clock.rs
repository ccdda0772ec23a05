//! The one place the shell reads clocks. The core never does: `now` is passed in.

use std::time::{Duration, Instant};

use mobflow_core::Timestamp;

/// The current UTC time.
#[allow(clippy::disallowed_methods)]
pub fn now() -> Timestamp {
    chrono::Utc::now()
}

/// The three clocks read together: the wall clock, the monotonic clock (stops during suspend)
/// and the boot-time clock (keeps counting during suspend).
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    pub wall: Timestamp,
    pub mono: Instant,
    pub boot: Duration,
}

#[allow(clippy::disallowed_methods)]
pub fn read() -> Reading {
    Reading {
        wall: chrono::Utc::now(),
        mono: Instant::now(),
        boot: boottime(),
    }
}

/// CLOCK_BOOTTIME: monotonic, and counting while the machine sleeps.
fn boottime() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec to a valid pointer; CLOCK_BOOTTIME exists on
    // every Linux Mobflow runs on.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_BOOTTIME, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// What happened to time between two readings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drift {
    /// How long the machine slept (boot-time advanced beyond monotonic).
    pub slept: Duration,
    /// How far the wall clock jumped beyond real elapsed time (positive: forward).
    pub jump: chrono::Duration,
}

impl Reading {
    /// Compares with an earlier reading.
    pub fn since(&self, earlier: &Reading) -> Drift {
        let mono = self.mono.saturating_duration_since(earlier.mono);
        let boot = self.boot.saturating_sub(earlier.boot);
        let slept = boot.saturating_sub(mono);
        let real = chrono::Duration::from_std(boot.max(mono)).unwrap_or_default();
        let jump = (self.wall - earlier.wall) - real;
        Drift { slept, jump }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(wall_s: i64, mono_s: u64, boot_s: u64, base: &Reading) -> Reading {
        Reading {
            wall: base.wall + chrono::Duration::seconds(wall_s),
            mono: base.mono + Duration::from_secs(mono_s),
            boot: base.boot + Duration::from_secs(boot_s),
        }
    }

    #[test]
    fn suspend_and_clock_jumps_are_told_apart() {
        let base = read();
        let d = reading(1, 1, 1, &base).since(&base);
        assert_eq!(d.slept, Duration::ZERO);
        assert_eq!(d.jump, chrono::Duration::zero(), "an ordinary second");
        let d = reading(600, 1, 600, &base).since(&base);
        assert_eq!(
            d.slept,
            Duration::from_secs(599),
            "monotonic stopped: a suspend"
        );
        assert_eq!(
            d.jump,
            chrono::Duration::zero(),
            "the wall clock agrees with boot time"
        );
        let d = reading(3601, 1, 1, &base).since(&base);
        assert_eq!(d.slept, Duration::ZERO);
        assert_eq!(
            d.jump,
            chrono::Duration::hours(1),
            "the wall clock jumped an hour"
        );
        let d = reading(-59, 1, 1, &base).since(&base);
        assert_eq!(d.jump, chrono::Duration::seconds(-60), "and backwards");
    }
}
