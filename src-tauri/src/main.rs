// The `mobflow` binary: the app with no arguments, the CLI with a subcommand.
fn main() -> std::process::ExitCode {
    mobflow_app::main()
}
