//! The yardstick for `scripts/measure-footprint`: the least a Tauri window can be while it shows
//! a clock. One window, one static page, and a `tick` event once a second that sets one text
//! node. Whatever Mobflow costs above this is Mobflow's own; what this costs is Tauri's and
//! WebKitGTK's floor on the machine at hand.
//!
//! Built by the same workspace with the same dependencies as the app:
//! `cargo build --release --example bare-window` → `target/release/examples/bare-window`.

use std::time::Duration;

use tauri::Emitter;

/// The text shown: a countdown from ten minutes, one step a second (no clock read: the
/// yardstick only needs something that changes once a second).
fn clock(left: u64) -> String {
    format!("{:02}:{:02}", left / 60, left % 60)
}

fn main() {
    tauri::Builder::default()
        .setup(|app| {
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                let mut left = 600;
                loop {
                    std::thread::sleep(Duration::from_secs(1));
                    left = if left == 0 { 600 } else { left - 1 };
                    if handle.emit("tick", clock(left)).is_err() {
                        return;
                    }
                }
            });
            Ok(())
        })
        .run(tauri::generate_context!(
            "examples/bare-window/tauri.conf.json"
        ))
        .unwrap_or_else(|error| {
            eprintln!("bare-window: {error}");
            std::process::exit(1)
        });
}
