// The `mobflow-app` binary: the window, the tray and the timer. The command line is the
// separate `mobflow` binary, which starts this one when a window is wanted.
fn main() -> std::process::ExitCode {
    mobflow_app::main()
}
