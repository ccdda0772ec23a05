//! The man page and shell completions, generated from the clap definitions (`mobflow
//! __generate DIR`, run when packaging), so they never drift from `--help`.

use std::io;
use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

/// Writes `man/mobflow.1` (and a page per subcommand, `mobflow-status.1`, which it refers to)
/// and `completions/{mobflow.bash,_mobflow,mobflow.fish}` under `dir`.
pub fn generate(dir: &Path) -> io::Result<()> {
    let cmd = crate::cli::Cli::command();
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
