//! "Open Mobflow when I log in": an XDG autostart entry kept in step with the setting.
//!
//! The setting (`Settings::autostart`) is the truth; the entry
//! `$XDG_CONFIG_HOME/autostart/mobflow.desktop` is written when it is on and removed when it is
//! off. The ticker calls [`sync`] at start-up and whenever the setting changes.

use std::io;
use std::path::{Path, PathBuf};

use mobflow_api::paths::DATA_DIR_ENV;

/// The entry's file name: the same desktop id as the installed application.
const ENTRY_FILE: &str = "mobflow.desktop";

/// `$XDG_CONFIG_HOME/autostart` (an absolute path only, as the spec says), else
/// `$HOME/.config/autostart`.
pub fn autostart_dir() -> Option<PathBuf> {
    let absolute = |var: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    absolute("XDG_CONFIG_HOME")
        .or_else(|| absolute("HOME").map(|home| home.join(".config")))
        .map(|config| config.join("autostart"))
}

/// Writes or removes the entry so that it matches `on`.
pub fn sync(on: bool) -> io::Result<()> {
    let dir = autostart_dir()
        .ok_or_else(|| io::Error::other("neither XDG_CONFIG_HOME nor HOME is set"))?;
    sync_in(&dir, on)
}

/// [`sync`] with the autostart folder given.
fn sync_in(dir: &Path, on: bool) -> io::Result<()> {
    let path = dir.join(ENTRY_FILE);
    if !on {
        return match std::fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    let exe = current_exe()?;
    let data_dir = std::env::var_os(DATA_DIR_ENV)
        .filter(|d| !d.is_empty())
        .and_then(|_| mobflow_api::paths::data_dir().ok());
    let text = entry(&exe, data_dir.as_deref());
    if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    // Written aside and renamed: a session manager never reads half an entry.
    let partial = dir.join(format!(".{ENTRY_FILE}.partial"));
    std::fs::write(&partial, text)?;
    std::fs::rename(&partial, &path)
}

/// This program's path. A package upgrade replaces the file under a running app, which Linux
/// then reports as "PATH (deleted)": the new file at PATH is the one to start next time.
fn current_exe() -> io::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let text = exe.to_string_lossy();
    Ok(match text.strip_suffix(" (deleted)") {
        Some(path) => PathBuf::from(path),
        None => exe,
    })
}

/// The entry's text: start `exe` (with the data folder the app was started with, if it was set
/// by `MOBFLOW_DATA_DIR`, so the login starts the same Mobflow).
pub fn entry(exe: &Path, data_dir: Option<&Path>) -> String {
    let mut exec = String::new();
    if let Some(dir) = data_dir {
        exec.push_str("env ");
        exec.push_str(&exec_arg(&format!("{DATA_DIR_ENV}={}", dir.display())));
        exec.push(' ');
    }
    exec.push_str(&exec_arg(&exe.to_string_lossy()));
    format!(
        "[Desktop Entry]\n\
         Type=Application\n\
         Name=Mobflow\n\
         Comment=Mob programming coordinator, opened at login\n\
         Exec={}\n\
         Icon={}\n\
         Terminal=false\n\
         Categories=Development;\n\
         X-GNOME-Autostart-enabled=true\n",
        escape_value(&exec),
        crate::DESKTOP_ID
    )
}

/// One argument of an `Exec` key, quoted when the desktop entry spec asks for it.
fn exec_arg(arg: &str) -> String {
    let arg = arg.replace('%', "%%");
    let reserved = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '\''
                    | '\\'
                    | '>'
                    | '<'
                    | '~'
                    | '|'
                    | '&'
                    | ';'
                    | '$'
                    | '*'
                    | '?'
                    | '#'
                    | '('
                    | ')'
                    | '`'
            )
    };
    if !arg.contains(reserved) {
        return arg;
    }
    let mut quoted = String::from("\"");
    for c in arg.chars() {
        if matches!(c, '"' | '`' | '$' | '\\') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

/// A string value of a desktop entry: backslashes and line breaks escaped.
fn escape_value(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
        .replace('\t', "\\t")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exec_line(text: &str) -> &str {
        text.lines()
            .find_map(|l| l.strip_prefix("Exec="))
            .expect("an entry has an Exec line")
    }

    #[test]
    fn the_entry_starts_the_installed_program() {
        let text = entry(Path::new("/usr/bin/mobflow"), None);
        assert!(text.starts_with("[Desktop Entry]\n"), "{text}");
        assert_eq!(
            exec_line(&text),
            "/usr/bin/mobflow",
            "a plain path needs no quoting"
        );
        assert!(
            text.contains("\nIcon=mobflow\n"),
            "the icon the package installs: {text}"
        );
    }

    #[test]
    fn paths_with_spaces_quotes_and_percent_are_quoted_as_the_spec_says() {
        let text = entry(
            Path::new("/opt/my apps/mob\"flow%"),
            Some(Path::new("/home/a b/data")),
        );
        // Unescaped, the line reads: env "MOBFLOW_DATA_DIR=/home/a b/data" "/opt/my apps/mob\"flow%%"
        assert_eq!(
            exec_line(&text),
            "env \"MOBFLOW_DATA_DIR=/home/a b/data\" \"/opt/my apps/mob\\\\\"flow%%\"",
            "reserved characters are quoted, then the value is escaped"
        );
    }

    #[test]
    fn sync_writes_and_removes_the_entry() {
        let config = tempfile::tempdir().unwrap();
        let dir = config.path().join("autostart");
        sync_in(&dir, true).unwrap();
        let written = std::fs::read_to_string(dir.join(ENTRY_FILE)).unwrap();
        assert!(
            written.contains("X-GNOME-Autostart-enabled=true"),
            "turning the setting on writes the entry: {written}"
        );
        sync_in(&dir, true).unwrap();
        sync_in(&dir, false).unwrap();
        assert!(
            !dir.join(ENTRY_FILE).exists(),
            "turning the setting off removes the entry"
        );
        sync_in(&dir, false).expect("removing an entry that is not there is fine");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert!(left.is_empty(), "nothing else is left behind: {left:?}");
    }
}
