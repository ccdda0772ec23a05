// The names the windows and the shell share: the IPC commands a window may invoke and the
// events the shell pushes to the windows. The shell's build script includes this file too (its
// command list makes one permission per command), so it stays free of imports.

macro_rules! names {
    ($($(#[$doc:meta])* $konst:ident = $value:literal;)*) => {
        $($(#[$doc])* pub const $konst: &str = $value;)*
        /// Every name with its constant's name, the key it has in TypeScript.
        pub const ALL: &[(&str, &str)] = &[$((stringify!($konst), $value)),*];
        /// Every name.
        pub const NAMES: &[&str] = &[$($value),*];
    };
}

/// The IPC commands: the shell's `#[tauri::command]` functions of the same names.
pub mod command {
    names! {
        /// The current snapshot.
        SNAPSHOT = "snapshot";
        /// Runs a `Command`.
        DISPATCH = "dispatch";
        /// Performs an `Action`, as a global shortcut or the tray would.
        PERFORM = "perform";
        /// The whole focus board.
        BOARD = "board";
        /// The main page shows its first snapshot: the main window may be shown.
        READY = "ready";
        /// The main window's first frame with the countdown is on screen.
        PAINTED = "painted";
        /// Hides the hand-over screen until the timer moves on.
        DISMISS_HANDOVER = "dismiss_handover";
        /// Plays the turn-over chime (Settings' "Test sound").
        TEST_SOUND = "test_sound";
        /// How each global shortcut fared.
        HOTKEYS = "hotkeys";
        /// The last test run's output and what is watched (`TestReport`).
        TEST_REPORT = "test_report";
        /// What the desktop session offers (`DesktopView`: Wayland or not).
        DESKTOP = "desktop";
        /// The monitors and where the hand-over and the mini timer go (`ScreensView`).
        SCREENS = "screens";
        /// Chooses the monitors of the hand-over and the mini timer (`ScreenChoice`).
        SET_SCREENS = "set_screens";
        HISTORY_SESSIONS = "history_sessions";
        HISTORY_RETRO = "history_retro";
        HISTORY_RENAME = "history_rename";
        HISTORY_DELETE = "history_delete";
        HISTORY_EXPORT = "history_export";
        HISTORY_EXPORT_DIALOG = "history_export_dialog";
        /// The start-up problem window (`#startup`): what stopped the start.
        STARTUP_PROBLEM = "startup_problem";
        /// Moves a damaged database aside and starts again with a new history.
        STARTUP_NEW_HISTORY = "startup_new_history";
        /// Closes the start-up problem window; the app does not start.
        STARTUP_QUIT = "startup_quit";
    }
}

/// The events the shell pushes to the windows.
pub mod event {
    names! {
        /// A `Snapshot`, whenever more than its clocks changed.
        SNAPSHOT = "snapshot";
        /// A `Tick`: only the clocks moved (once a second while something counts); sent only
        /// to the windows someone can see.
        TICK = "tick";
        /// The whole board (`BoardView`), after a command that changed it.
        BOARD = "board";
        /// An `Alert`: the turn ends soon, is over, overruns; the break is over.
        ALERT = "alert";
        /// An `Alert` whose chime the main window plays: sent only where no sound player of
        /// the desktop's could play it.
        CHIME = "chime";
        /// The statuses of the global shortcuts (`HotkeyStatus[]`), each time they are registered.
        HOTKEYS = "hotkeys";
        /// Asks the main window to open the quick capture ("park a thought"); no payload.
        CAPTURE = "capture";
        /// The refusal (`ApiError`) of an action a global shortcut ran.
        SHORTCUT_ERROR = "shortcut-error";
    }
}
