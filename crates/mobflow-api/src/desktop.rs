//! What the desktop session offers Mobflow, as the shell finds it in its environment: the
//! window's Settings say what works there.

use serde::{Deserialize, Serialize};

/// The desktop session, as far as Mobflow cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct DesktopView {
    /// A Wayland session: global shortcuts cannot be grabbed there (bind `mobflow` commands in
    /// the desktop's own keyboard settings instead).
    pub wayland: bool,
}

impl DesktopView {
    /// From `XDG_SESSION_TYPE` (`x11`, `wayland`, `tty`; unset outside a login session).
    pub fn of(session_type: Option<&str>) -> DesktopView {
        DesktopView {
            wayland: session_type.is_some_and(|t| t.trim().eq_ignore_ascii_case("wayland")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DesktopView;

    #[test]
    fn only_a_wayland_session_is_wayland() {
        for (session_type, wayland) in [
            (Some("wayland"), true),
            (Some("Wayland "), true),
            (Some("x11"), false),
            (Some("tty"), false),
            (Some(""), false),
            (None, false),
        ] {
            assert_eq!(
                DesktopView::of(session_type).wayland,
                wayland,
                "XDG_SESSION_TYPE={session_type:?}"
            );
        }
    }
}
