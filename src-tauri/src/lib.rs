//! The Mobflow shell: the Tauri app (`mobflow-app`). The `mobflow` command line is
//! crates/mobflow-cli, a binary of its own that links no GTK or WebKit.
//!
//! The shell is thin: IPC commands and the control socket lock the shared [`state::AppState`],
//! call the one API (`mobflow_api::Service`), which runs in memory and queues each change for
//! its writer thread, and the shell emits the new snapshot. One ticker owns the real clock and drives the countdown.
//!
//! Layers: a module imports only from rows below its own, so there are no circles (a test
//! reads this table and the `crate::` paths of every module).
//!
//! | layer                                           | what it is                                                           |
//! |-------------------------------------------------|----------------------------------------------------------------------|
//! | gui                                             | start-up: wires every part below                                     |
//! | commands control history screens startup ticker | the callers: IPC, socket, history, monitors, start-up problem, clock |
//! | hotkeys tray escalation screenlock              | global shortcuts, the tray, the reminder, the screen lock            |
//! | actions                                         | what any caller may ask for: one `Action`                            |
//! | hooks testwatch windows                         | event hooks; the tests, watched and run; the windows                 |
//! | sight                                           | whether anyone can see each window (no ticks for those nobody sees)  |
//! | state                                           | the service and the UI's own state, shared                           |
//! | alerts hook_supervisor                          | alerts to the windows; the process a hook runs in                    |
//! | chime                                           | the alert chime, played by the desktop's player                      |
//! | autostart clock keygrab placement push webkit   | login entry; the one clock reader; X11 key grabs; where windows go; events to the pages; WebKit's setup |
//! | heap                                            | the app process's own malloc arenas                                  |

pub(crate) mod actions;
mod alerts;
mod autostart;
#[cfg(test)]
mod capability_check;
mod chime;
mod clock;
mod commands;
mod control;
mod escalation;
mod gui;
mod heap;
mod history;
mod hook_supervisor;
mod hooks;
mod hotkeys;
mod keygrab;
mod placement;
mod push;
mod screenlock;
mod screens;
mod sight;
mod startup;
mod state;
mod testwatch;
mod ticker;
mod tray;
mod webkit;
mod windows;

pub use gui::run_app;

/// The desktop entry id (`mobflow.desktop`), icon name (hicolor `apps/mobflow.png`) and GTK
/// program name (so the window's WM_CLASS is `mobflow`/`Mobflow`) that the packages install and
/// the notifications, the login entry and the dock refer to.
pub const DESKTOP_ID: &str = "mobflow";

/// Entry point of the `mobflow-app` binary: open the app, or focus the one already running
/// on this data folder. It takes no arguments: the command line is `mobflow`.
pub fn main() -> std::process::ExitCode {
    heap::one_arena();
    if let Some(code) = hook_supervisor::run_if_requested() {
        return code;
    }
    webkit::set_defaults();
    if let Some(arg) = std::env::args_os().nth(1) {
        eprintln!(
            "mobflow-app: unexpected argument {arg:?}: the app takes none; the command line is \
             `mobflow` (try `mobflow --help`)"
        );
        return std::process::ExitCode::from(2);
    }
    gui::launch()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src-tauri/src");

    /// The layer table of the module docs, top row first.
    fn layers() -> Vec<Vec<String>> {
        include_str!("lib.rs")
            .lines()
            .filter_map(|line| line.strip_prefix("//! | "))
            .map(|row| row.split('|').next().unwrap_or_default())
            .filter(|cell| !cell.contains("layer"))
            .map(|cell| cell.split_whitespace().map(str::to_owned).collect())
            .collect()
    }

    /// The modules a file names as `crate::module` (also in `use crate::{a, b::c}`).
    fn imports(text: &str) -> BTreeSet<String> {
        let head = |path: &str| -> String {
            let path = path.trim_start();
            path.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        };
        let mut found = BTreeSet::new();
        for (at, _) in text.match_indices("crate::") {
            let rest = &text[at + "crate::".len()..];
            match rest.strip_prefix('{') {
                Some(group) => {
                    let group = &group[..group.find('}').unwrap_or(group.len())];
                    found.extend(group.split(',').map(head));
                }
                None => {
                    found.insert(head(rest));
                }
            }
        }
        found
    }

    /// A module's source: `module.rs` and the files of its folder `module/`, if it has one.
    fn module_text(module: &str) -> String {
        let mut text = std::fs::read_to_string(format!("{SRC}/{module}.rs")).unwrap();
        if let Ok(dir) = std::fs::read_dir(format!("{SRC}/{module}")) {
            for file in dir {
                text.push_str(&std::fs::read_to_string(file.unwrap().path()).unwrap());
            }
        }
        text
    }

    #[test]
    fn shell_modules_import_only_from_layers_below() {
        let layers = layers();
        let row = |module: &str| layers.iter().position(|r| r.iter().any(|m| m == module));
        let declared: BTreeSet<String> = include_str!("lib.rs")
            .lines()
            .filter_map(|l| l.trim_start_matches("pub(crate) ").strip_prefix("mod "))
            .filter_map(|m| m.strip_suffix(';'))
            .filter(|m| *m != "capability_check")
            .map(str::to_owned)
            .collect();
        let listed: BTreeSet<String> = layers.iter().flatten().cloned().collect();
        assert_eq!(
            declared, listed,
            "every module of the shell sits in exactly one row of the layer table in lib.rs"
        );
        for module in &declared {
            let text = module_text(module);
            let here = row(module).unwrap();
            for import in imports(&text).intersection(&declared) {
                if import == module {
                    continue;
                }
                let there = row(import).unwrap();
                assert!(
                    there > here,
                    "{module} (row {here}) imports {import} (row {there}): imports point down only"
                );
            }
        }
    }
}
