// The `mobflow` command line. It links only crates/mobflow-cli, never Tauri, GTK or WebKit
// (check: `ldd target/debug/mobflow | grep -c -E 'gtk|webkit'` is 0); with no command it
// focuses the running app or starts `mobflow-app`.
fn main() -> std::process::ExitCode {
    mobflow_cli::main()
}
