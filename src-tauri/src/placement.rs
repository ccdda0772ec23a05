//! Where the extra windows go: the monitors the hand-over covers and the place of the mini
//! timer, from the monitors connected now and what was chosen and remembered. Plain
//! rectangles in logical pixels, no display: tested as they are.
//!
//! A monitor is chosen by its name. A chosen monitor that is not connected (a laptop away from
//! its desk) counts as no choice: the hand-over covers every monitor, and a mini timer whose
//! remembered place is on no monitor now opens in the top right corner of a visible one.

/// A monitor, in logical pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Screen {
    /// The name the desktop gives it (`DP-1`, `HDMI-1`); none on some displays.
    pub name: Option<String>,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub primary: bool,
}

/// How far from a monitor's edges the mini timer opens by default.
pub const MARGIN: f64 = 24.0;

impl Screen {
    fn named(&self, name: &str) -> bool {
        self.name.as_deref() == Some(name)
    }

    /// How much of the rectangle at `(x, y)` of `size` lies on this monitor.
    fn overlap(&self, (x, y): (f64, f64), (w, h): (f64, f64)) -> f64 {
        let across = (x + w).min(self.x + self.width) - x.max(self.x);
        let down = (y + h).min(self.y + self.height) - y.max(self.y);
        across.max(0.0) * down.max(0.0)
    }

    /// The top right corner, inside the margin, for a window of `size`.
    fn top_right(&self, (w, _): (f64, f64)) -> (f64, f64) {
        let x = (self.x + self.width - w - MARGIN).max(self.x);
        (x, self.y + MARGIN)
    }
}

/// The connected monitor called `name`, if there is one.
pub fn find<'a>(screens: &'a [Screen], name: Option<&str>) -> Option<&'a Screen> {
    let name = name?;
    screens.iter().find(|s| s.named(name))
}

/// The monitors the hand-over covers: the chosen one when it is connected, else every one.
pub fn handover_screens<'a>(screens: &'a [Screen], chosen: Option<&str>) -> Vec<&'a Screen> {
    match find(screens, chosen) {
        Some(screen) => vec![screen],
        None => screens.iter().collect(),
    }
}

/// The monitor most of a window at `at` of `size` is on, if at least half of it is on one.
pub fn screen_of(screens: &[Screen], at: (f64, f64), size: (f64, f64)) -> Option<&Screen> {
    let area = size.0 * size.1;
    screens
        .iter()
        .map(|s| (s, s.overlap(at, size)))
        .filter(|(_, overlap)| *overlap * 2.0 >= area && *overlap > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(s, _)| s)
}

/// Whether a window at `at` of `size` lies wholly on `screens` (the monitors a full-screen
/// window covers): nothing of it shows on another monitor.
pub fn covered(screens: &[Screen], at: (f64, f64), size: (f64, f64)) -> bool {
    let on: f64 = screens.iter().map(|s| s.overlap(at, size)).sum();
    size.0 > 0.0 && size.1 > 0.0 && on >= size.0 * size.1 - 0.5
}

/// Where the mini timer (of `size`) opens. Where it was put, when at least half of it is on a
/// connected monitor (the chosen one, when that is connected); else the top right corner of
/// the chosen monitor, or of the primary one, or of the first. `None` when no monitor is known
/// (then the desktop places it).
pub fn mini_place(
    screens: &[Screen],
    chosen: Option<&str>,
    remembered: Option<(f64, f64)>,
    size: (f64, f64),
) -> Option<(f64, f64)> {
    let target = find(screens, chosen);
    if let Some(at) = remembered {
        let on = screen_of(screens, at, size);
        let fits = match (on, target) {
            (Some(on), Some(target)) => on == target,
            (on, None) => on.is_some(),
            (None, Some(_)) => false,
        };
        if fits {
            return Some(at);
        }
    }
    let screen = target
        .or_else(|| screens.iter().find(|s| s.primary))
        .or_else(|| screens.first())?;
    Some(screen.top_right(size))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: (f64, f64) = (300.0, 104.0);

    fn screen(name: &str, x: f64, primary: bool) -> Screen {
        Screen {
            name: Some(name.to_owned()),
            x,
            y: 0.0,
            width: 1280.0,
            height: 800.0,
            primary,
        }
    }

    /// A desk: the laptop's panel on the left (primary), a monitor on the right.
    fn desk() -> Vec<Screen> {
        vec![screen("eDP-1", 0.0, true), screen("HDMI-1", 1280.0, false)]
    }

    fn names(screens: Vec<&Screen>) -> Vec<&str> {
        screens.iter().filter_map(|s| s.name.as_deref()).collect()
    }

    #[test]
    fn the_hand_over_covers_the_chosen_monitor_or_every_one() {
        let desk = desk();
        assert_eq!(names(handover_screens(&desk, None)), ["eDP-1", "HDMI-1"]);
        assert_eq!(
            names(handover_screens(&desk, Some("HDMI-1"))),
            ["HDMI-1"],
            "one named monitor"
        );
        assert_eq!(
            names(handover_screens(&desk, Some("DP-3"))),
            ["eDP-1", "HDMI-1"],
            "a chosen monitor that is gone: every one, so nobody misses it"
        );
    }

    #[test]
    fn the_mini_timer_opens_where_it_was_put_when_that_is_visible() {
        let desk = desk();
        assert_eq!(
            mini_place(&desk, None, Some((1500.0, 40.0)), MINI),
            Some((1500.0, 40.0)),
            "on the right monitor, as put"
        );
        assert_eq!(
            mini_place(&desk, None, Some((1100.0, 40.0)), MINI),
            Some((1100.0, 40.0)),
            "across the seam, but more than half on a monitor"
        );
        assert_eq!(
            mini_place(&desk, Some("HDMI-1"), Some((1500.0, 40.0)), MINI),
            Some((1500.0, 40.0)),
            "on the chosen monitor, as put"
        );
    }

    #[test]
    fn a_place_on_a_monitor_that_is_gone_falls_back_to_a_visible_one() {
        let laptop = vec![screen("eDP-1", 0.0, true)];
        assert_eq!(
            mini_place(&laptop, None, Some((1500.0, 40.0)), MINI),
            Some((1280.0 - 300.0 - MARGIN, MARGIN)),
            "the right monitor is gone: the laptop's top right corner"
        );
        assert_eq!(
            mini_place(&laptop, Some("HDMI-1"), Some((1500.0, 40.0)), MINI),
            Some((1280.0 - 300.0 - MARGIN, MARGIN)),
            "the chosen monitor is gone too: the primary's corner"
        );
        assert_eq!(
            mini_place(&laptop, None, Some((1200.0, 40.0)), MINI),
            Some((1280.0 - 300.0 - MARGIN, MARGIN)),
            "less than half on a monitor is not visible enough"
        );
        assert_eq!(
            mini_place(&laptop, None, Some((-5000.0, -5000.0)), MINI),
            Some((1280.0 - 300.0 - MARGIN, MARGIN))
        );
    }

    #[test]
    fn choosing_a_monitor_moves_the_mini_timer_there() {
        let desk = desk();
        assert_eq!(
            mini_place(&desk, Some("HDMI-1"), Some((100.0, 40.0)), MINI),
            Some((2560.0 - 300.0 - MARGIN, MARGIN)),
            "put on the left, chosen on the right: the right's corner"
        );
        assert_eq!(
            mini_place(&desk, None, None, MINI),
            Some((1280.0 - 300.0 - MARGIN, MARGIN)),
            "at first: the primary's corner"
        );
        assert_eq!(mini_place(&[], None, Some((5.0, 5.0)), MINI), None);
    }

    #[test]
    fn a_window_is_covered_when_no_part_of_it_is_on_another_monitor() {
        let desk = desk();
        let main = (900.0, 600.0);
        assert!(covered(&desk, (100.0, 50.0), main), "every monitor covered");
        assert!(
            covered(&desk[..1], (100.0, 50.0), main),
            "on the covered one"
        );
        assert!(
            covered(&desk, (1000.0, 50.0), main),
            "across two monitors, both covered"
        );
        assert!(
            !covered(&desk[..1], (1000.0, 50.0), main),
            "a part of it on the monitor left bare"
        );
        assert!(!covered(&desk[1..], (100.0, 50.0), main), "on another one");
        assert!(
            !covered(&desk, (100.0, 500.0), main),
            "partly off every monitor: not known to be hidden, so not taken as covered"
        );
        assert!(!covered(&[], (100.0, 50.0), main), "no monitor known");
    }

    #[test]
    fn a_window_belongs_to_the_monitor_most_of_it_is_on() {
        let desk = desk();
        let on = |x: f64| screen_of(&desk, (x, 10.0), MINI).and_then(|s| s.name.as_deref());
        assert_eq!(on(100.0), Some("eDP-1"));
        assert_eq!(on(1100.0), Some("eDP-1"), "180 of 300 px on the left");
        assert_eq!(on(1200.0), Some("HDMI-1"), "220 of 300 px on the right");
        assert_eq!(on(3000.0), None, "off every monitor");
    }
}
