//! Whether anyone can see each window: mapped, not minimised, not wholly covered (X11 tells a
//! window when another covers it; under a compositing desktop it always says "unobscured",
//! which only forgoes the saving). The ticker sends the per-second `tick` only to windows in
//! sight, so a hidden view costs nothing; a window that comes back into sight is sent what it
//! missed at once (`state::catch_up`).

use std::cell::Cell;
use std::rc::Rc;

use gtk::gdk::{EventMask, EventVisibility, VisibilityState, WindowState};
use gtk::glib::Propagation;
use gtk::prelude::*;
use tauri::{Manager, Runtime, WebviewWindow};

use crate::state::AppState;

/// What GTK last said about a window.
#[derive(Debug, Clone, Copy, Default)]
struct Seen {
    mapped: bool,
    minimised: bool,
    covered: bool,
}

impl Seen {
    fn in_sight(self) -> bool {
        self.mapped && !self.minimised && !self.covered
    }
}

/// Follows `window`'s visibility from now on (until it is destroyed).
pub fn watch<R: Runtime>(window: &WebviewWindow<R>) {
    let app = window.app_handle().clone();
    let window = window.clone();
    let result = app.clone().run_on_main_thread(move || {
        let Ok(gtk) = window.gtk_window() else {
            return;
        };
        let label = window.label().to_owned();
        gtk.add_events(EventMask::VISIBILITY_NOTIFY_MASK | EventMask::STRUCTURE_MASK);
        let seen = Rc::new(Cell::new(Seen {
            mapped: gtk.is_mapped(),
            minimised: gtk
                .window()
                .is_some_and(|w| w.state().contains(WindowState::ICONIFIED)),
            covered: false,
        }));
        let set = {
            let app = app.clone();
            let label = label.clone();
            let seen = seen.clone();
            move |change: &dyn Fn(&mut Seen)| {
                let mut now = seen.get();
                change(&mut now);
                seen.set(now);
                app.state::<AppState>().set_in_sight(&label, now.in_sight());
            }
        };
        set(&|_| {});
        let on_map = set.clone();
        gtk.connect_map_event(move |_, _| {
            on_map(&|s| s.mapped = true);
            Propagation::Proceed
        });
        let on_unmap = set.clone();
        gtk.connect_unmap_event(move |_, _| {
            on_unmap(&|s| s.mapped = false);
            Propagation::Proceed
        });
        let on_state = set.clone();
        gtk.connect_window_state_event(move |_, event| {
            let minimised = event.new_window_state().contains(WindowState::ICONIFIED);
            on_state(&|s| s.minimised = minimised);
            Propagation::Proceed
        });
        // Deprecated in GTK 3.12 (so unbound in gtk-rs) but still sent on X11 without a
        // compositor, which is where it tells something.
        let on_visibility = set;
        gtk.connect_local("visibility-notify-event", false, move |values| {
            let event = values.get(1).and_then(|v| v.get::<gtk::gdk::Event>().ok());
            if let Some(visibility) = event.and_then(|e| e.downcast::<EventVisibility>().ok()) {
                let covered = visibility.state() == VisibilityState::FullyObscured;
                on_visibility(&|s| s.covered = covered);
            }
            Some(false.to_value())
        });
        gtk.connect_destroy(move |_| app.state::<AppState>().forget_sight(&label));
    });
    if let Err(error) = result {
        eprintln!("mobflow: cannot follow whether a window is seen: {error}");
    }
}
