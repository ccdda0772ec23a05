fn main() {
    // Our own commands, each getting a generated permission; capabilities grant them.
    let manifest = tauri_build::AppManifest::new().commands(&[
        "snapshot",
        "dispatch",
        "board",
        "sessions",
        "toggle_mini",
        "dismiss_handover",
        "hotkeys",
        "history_sessions",
        "history_retro",
        "history_rename",
        "history_delete",
        "history_export",
        "history_export_dialog",
    ]);
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(manifest);
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}
