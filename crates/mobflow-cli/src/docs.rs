//! The man page and shell completions, generated from the clap definitions (`mobflow
//! __generate DIR`, run when packaging), so they never drift from `--help`.

use std::ffi::OsString;
use std::io;
use std::path::Path;
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

/// `mobflow __generate DIR`: not a clap subcommand, so nothing generated here mentions it.
pub const COMMAND: &str = "__generate";

/// Runs `mobflow __generate DIR`; exit status 2 for bad arguments, 1 when a file cannot be written.
pub fn run(dir: Option<OsString>, extra: Option<OsString>) -> ExitCode {
    let (Some(dir), None) = (dir, extra) else {
        eprintln!("usage: mobflow {COMMAND} DIR");
        return ExitCode::from(2);
    };
    let dir = Path::new(&dir);
    match generate(dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mobflow: cannot write into {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}

/// Writes `man/mobflow.1` (and a page per subcommand, `mobflow-status.1`, which it refers to)
/// and `completions/{mobflow.bash,_mobflow,mobflow.fish}` under `dir`.
pub fn generate(dir: &Path) -> io::Result<()> {
    let cmd = crate::args::Cli::command();
    let man_dir = dir.join("man");
    std::fs::create_dir_all(&man_dir)?;
    clap_mangen::generate_to(cmd.clone(), &man_dir)?;

    let completions = dir.join("completions");
    std::fs::create_dir_all(&completions)?;
    for (shell, file) in [
        (Shell::Bash, "mobflow.bash"),
        (Shell::Zsh, "_mobflow"),
        (Shell::Fish, "mobflow.fish"),
    ] {
        let mut out = Vec::new();
        clap_complete::generate(shell, &mut cmd.clone(), "mobflow", &mut out);
        std::fs::write(completions.join(file), out)?;
    }
    Ok(())
}
