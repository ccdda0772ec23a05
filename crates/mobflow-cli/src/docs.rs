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

/// Writes `man/mobflow.1` (and a page per subcommand, `mobflow-status.1`, which it refers to),
/// `man/mobflow-app.1` and `completions/{mobflow.bash,_mobflow,mobflow.fish}` under `dir`.
pub fn generate(dir: &Path) -> io::Result<()> {
    let cmd = crate::args::Cli::command();
    let man_dir = dir.join("man");
    std::fs::create_dir_all(&man_dir)?;
    clap_mangen::generate_to(cmd.clone(), &man_dir)?;
    let mut app_page = Vec::new();
    clap_mangen::Man::new(app_command()).render(&mut app_page)?;
    std::fs::write(man_dir.join("mobflow-app.1"), app_page)?;

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

/// The window program the desktop entry starts: no options of its own (everything else is
/// `mobflow`'s), described for its man page.
fn app_command() -> clap::Command {
    clap::Command::new("mobflow-app")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Mobflow's window: the mob programming timer, focus board and history")
        .long_about(
            "Opens Mobflow's main window, or brings it to the front when Mobflow already runs \
             on this data folder (one app per data folder). The desktop entry and the login \
             autostart entry start it; `mobflow` with no command does the same. Everything the \
             window does can also be done from the command line: see mobflow(1).\n\n\
             The history is kept in mobflow.db in $MOBFLOW_DATA_DIR, or \
             $XDG_DATA_HOME/mobflow (~/.local/share/mobflow).",
        )
        .disable_help_flag(true)
        .disable_version_flag(true)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every argument and option of every command, as `command sub --name`, that `--help`
    /// and the man pages would list without a word on what it is.
    fn undescribed(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if !matches!(id, "help" | "version") && arg.get_help().is_none() {
                out.push(format!("{path} {id}"));
            }
        }
        for sub in cmd.get_subcommands() {
            undescribed(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }

    #[test]
    fn every_argument_says_what_it_is() {
        let mut missing = Vec::new();
        undescribed(&crate::args::Cli::command(), "mobflow", &mut missing);
        assert!(missing.is_empty(), "no help text: {missing:#?}");
    }

    #[test]
    fn the_app_page_names_the_app_and_points_to_the_cli() {
        let mut page = Vec::new();
        clap_mangen::Man::new(super::app_command())
            .render(&mut page)
            .unwrap();
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("mobflow\\-app"), "its own name: {page}");
        assert!(
            page.contains("mobflow(1)"),
            "where the commands are: {page}"
        );
    }
}
