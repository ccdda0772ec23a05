fn main() {
    // Its three commands get generated permissions; tauri.conf.json grants them to the window.
    let manifest = tauri_build::AppManifest::new().commands(&["ready", "painted", "clock_font"]);
    let attributes = tauri_build::Attributes::new().app_manifest(manifest);
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}
