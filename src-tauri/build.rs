/// The command names the window and the shell share (`mobflow_api::names`).
#[allow(dead_code)]
mod names {
    include!("../crates/mobflow-api/src/names.rs");
}

fn main() {
    // Our own commands, each getting a generated permission; capabilities grant them.
    let manifest = tauri_build::AppManifest::new().commands(names::command::NAMES);
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(manifest);
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}
