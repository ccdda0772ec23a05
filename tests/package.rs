//! The packages as a user gets them: the .deb that `scripts/dev.sh package` bundled is checked
//! (contents, lintian, Depends against the libraries the binary links), installed for real with
//! apt-get, launched from /usr/bin under Xvfb, upgraded over a session, and removed; the .rpm is
//! checked for the same files with `rpm -qpl`.
//!
//! It changes the system, so it runs only as root (CI runs on a throwaway machine as root) and
//! only when a .deb was built (`scripts/dev.sh package`); `MOBFLOW_PACKAGE_TEST=required` turns a
//! skip into a failure.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::support::{wait_until, Env};

const PACKAGE: &str = "mobflow";
const INSTALLED_BIN: &str = "/usr/bin/mobflow";
/// The app itself, which the desktop entry starts.
const INSTALLED_APP: &str = "/usr/bin/mobflow-app";
/// The most a .deb may weigh (issue 13).
const MAX_DEB_BYTES: u64 = 8 * 1024 * 1024;

/// Files both packages install, where the desktop, `man` and the shells look for them.
const COMMON_FILES: &[&str] = &[
    "/usr/bin/mobflow",
    "/usr/bin/mobflow-app",
    "/usr/share/applications/mobflow.desktop",
    "/usr/share/icons/hicolor/32x32/apps/mobflow.png",
    "/usr/share/icons/hicolor/64x64/apps/mobflow.png",
    "/usr/share/icons/hicolor/128x128/apps/mobflow.png",
    "/usr/share/icons/hicolor/256x256/apps/mobflow.png",
    "/usr/share/icons/hicolor/512x512/apps/mobflow.png",
    "/usr/share/icons/hicolor/scalable/apps/mobflow.svg",
    "/usr/share/man/man1/mobflow.1.gz",
    "/usr/share/man/man1/mobflow-status.1.gz",
    "/usr/share/bash-completion/completions/mobflow",
    "/usr/share/fish/vendor_completions.d/mobflow.fish",
];
/// Where Debian's zsh and Fedora's look for completions.
const DEB_ZSH: &str = "/usr/share/zsh/vendor-completions/_mobflow";
const RPM_ZSH: &str = "/usr/share/zsh/site-functions/_mobflow";

/// Lintian warnings left on purpose, each with the reason.
const LINTIAN_ACCEPTED: &[(&str, &str)] = &[];

fn bundle_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/bundle")
}

/// The one file in `dir` ending in `ext`, if any.
fn bundled(dir: &Path, ext: &str) -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    assert!(
        found.len() <= 1,
        "one {ext} per build, found {found:?}: `scripts/dev.sh package` clears the folder"
    );
    found.pop()
}

/// Runs a tool to completion; it must succeed. Returns its standard output.
fn run(program: &str, args: &[&str]) -> String {
    let out = output(program, args);
    assert!(
        out.status.success(),
        "{program} {args:?} failed ({}): {}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn output(program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"))
}

fn is_root() -> bool {
    run("id", &["-u"]).trim() == "0"
}

/// Why this run cannot install a package, if it cannot.
fn skip_reason() -> Option<String> {
    if !is_root() {
        return Some("not root: installing a package needs root (CI runs as root)".into());
    }
    if bundled(&bundle_dir().join("deb"), "deb").is_none() {
        return Some(format!(
            "no .deb in {}: run `scripts/dev.sh package` first",
            bundle_dir().join("deb").display()
        ));
    }
    None
}

fn installed_version() -> Option<String> {
    let out = output("dpkg-query", &["-W", "-f=${Status} ${Version}", PACKAGE]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.strip_prefix("install ok installed ")
        .map(str::to_owned)
}

/// The installed `mobflow` with the test's own data, runtime and home folders.
fn installed(env: &Env, args: &[&str]) -> Output {
    env.command_for(INSTALLED_BIN)
        .args(args)
        .output()
        .expect("the installed binary runs")
}

fn installed_ok(env: &Env, args: &[&str]) -> String {
    let out = installed(env, args);
    assert!(
        out.status.success(),
        "installed `mobflow {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The installed app, started as the desktop entry does (`mobflow-app` from /usr/bin); killed
/// when dropped.
struct InstalledApp(std::process::Child);

impl InstalledApp {
    fn launch(env: &Env) -> InstalledApp {
        let mut cmd = env.command_for(INSTALLED_APP);
        cmd.stdout(Stdio::null()).stderr(Stdio::null());
        let app = InstalledApp(cmd.spawn().expect("/usr/bin/mobflow-app starts"));
        wait_until(
            Duration::from_secs(30),
            "the installed app's socket to answer",
            || installed(env, &["status"]).status.success(),
        );
        app
    }
}

impl Drop for InstalledApp {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `Depends:` of a .deb as package names (versions and alternatives' extra names dropped).
fn depends_names(deb: &str) -> BTreeSet<String> {
    run("dpkg-deb", &["--field", deb, "Depends"])
        .split(',')
        .flat_map(|alternatives| alternatives.split('|'))
        .filter_map(|dep| dep.split_whitespace().next())
        .map(|name| name.split(':').next().unwrap_or(name).to_owned())
        .collect()
}

/// The libraries `binary` links directly (its ELF NEEDED entries).
fn needed_libraries(binary: &str) -> Vec<String> {
    run("readelf", &["-d", "-W", binary])
        .lines()
        .filter(|l| l.contains("(NEEDED)"))
        .filter_map(|l| l.split('[').nth(1)?.split(']').next().map(str::to_owned))
        .collect()
}

/// The packages that ship the libraries `binary` links directly, found where the loader finds
/// them (ldd) and looked up in dpkg's database.
fn packages_of_linked_libraries(binary: &str) -> BTreeSet<String> {
    let needed = needed_libraries(binary);
    let ldd = run("ldd", &[binary]);
    let mut packages = BTreeSet::new();
    for lib in &needed {
        // `libfoo.so.1 => /path (0x…)`, or for the loader itself `/path/ld-linux….so.2 (0x…)`.
        let path = ldd
            .lines()
            .find_map(|l| {
                let line = l.trim();
                let found = match line.split_once(" => ") {
                    Some((name, rest)) => (name == lib).then_some(rest),
                    None => line.starts_with('/').then_some(line).filter(|l| {
                        l.split(" (")
                            .next()
                            .unwrap_or(l)
                            .ends_with(&format!("/{lib}"))
                    }),
                };
                found.map(|rest| rest.split(" (").next().unwrap_or(rest).trim().to_owned())
            })
            .unwrap_or_else(|| panic!("ldd does not resolve {lib}: every library must be there"));
        assert!(
            path.starts_with('/'),
            "{lib} resolves to a file, not {path:?}"
        );
        let real = std::fs::canonicalize(&path).unwrap();
        let name = real.file_name().unwrap().to_string_lossy().into_owned();
        // dpkg knows a file by the path its package ships (/lib or /usr/lib on a merged /usr).
        let owners = output("dpkg-query", &["-S", &format!("*/{name}")]);
        let owners = String::from_utf8_lossy(&owners.stdout).into_owned();
        let owner = owners
            .lines()
            .filter_map(|l| l.split_once(": "))
            .find(|(_, file)| file.ends_with(&format!("/{name}")))
            .map(|(pkgs, _)| pkgs.split(',').next().unwrap().trim().to_owned())
            .unwrap_or_else(|| panic!("no package ships {name} ({lib} at {path})"));
        packages.insert(owner.split(':').next().unwrap().to_owned());
    }
    packages
}

/// A copy of `deb` with a higher version, so installing it is a real upgrade.
fn newer_copy(deb: &str, dir: &Path) -> String {
    let tree = dir.join("tree");
    run("dpkg-deb", &["-R", deb, tree.to_str().unwrap()]);
    let control = tree.join("DEBIAN/control");
    let text = std::fs::read_to_string(&control).unwrap();
    let text = text
        .lines()
        .map(|l| match l.strip_prefix("Version: ") {
            Some(v) => format!("Version: {v}+upgrade1"),
            None => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    std::fs::write(&control, text).unwrap();
    let out = dir.join("mobflow_upgrade.deb");
    run(
        "dpkg-deb",
        &[
            "-Zgzip",
            "--root-owner-group",
            "-b",
            tree.to_str().unwrap(),
            out.to_str().unwrap(),
        ],
    );
    out.to_string_lossy().into_owned()
}

fn apt_install(deb: &str) {
    run(
        "apt-get",
        &["install", "-y", "-q", "--no-install-recommends", deb],
    );
}

fn sessions(env: &Env) -> Vec<Value> {
    serde_json::from_str::<Value>(&installed_ok(env, &["sessions", "--json"]))
        .unwrap()
        .as_array()
        .cloned()
        .unwrap()
}

/// The .desktop entry's `Key=value` lines of its main group.
fn desktop_keys(text: &str) -> Vec<(String, String)> {
    text.lines()
        .skip_while(|l| l.trim() != "[Desktop Entry]")
        .skip(1)
        .take_while(|l| !l.starts_with('['))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

fn key<'a>(keys: &'a [(String, String)], name: &str) -> &'a str {
    keys.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("the desktop entry has no {name}"))
}

#[test]
fn the_deb_installs_runs_upgrades_and_removes_cleanly_and_the_rpm_has_the_same_files() {
    if let Some(reason) = skip_reason() {
        assert_ne!(
            std::env::var("MOBFLOW_PACKAGE_TEST").as_deref(),
            Ok("required"),
            "the package test must run here, but: {reason}"
        );
        eprintln!("package test skipped: {reason}");
        return;
    }
    let deb = bundled(&bundle_dir().join("deb"), "deb").unwrap();
    let deb = deb.to_str().unwrap();

    // --- The file itself ---
    let size = std::fs::metadata(deb).unwrap().len();
    println!("deb: {deb}, {size} bytes");
    assert!(
        size <= MAX_DEB_BYTES,
        "the .deb is {size} bytes, over 8 MiB"
    );
    assert_eq!(
        run("dpkg-deb", &["--field", deb, "Package"]).trim(),
        PACKAGE
    );
    let contents: BTreeSet<String> = run("dpkg-deb", &["--contents", deb])
        .lines()
        .filter_map(|l| l.split_whitespace().nth(5))
        .map(|p| format!("/{}", p.trim_start_matches("./")))
        .collect();
    for file in COMMON_FILES.iter().chain([&DEB_ZSH]).chain([
        &"/usr/share/doc/mobflow/copyright",
        &"/usr/share/doc/mobflow/changelog.gz",
    ]) {
        assert!(
            contents.contains(*file),
            "the .deb ships {file}: {contents:#?}"
        );
    }

    // --- lintian: no errors; every warning is one accepted on purpose ---
    let lint = output("lintian", &["--tag-display-limit", "0", deb]);
    let lint = String::from_utf8_lossy(&lint.stdout).into_owned();
    println!("lintian:\n{lint}");
    for line in lint.lines() {
        assert!(!line.starts_with("E: "), "lintian error: {line}");
        if line.starts_with("W: ") {
            assert!(
                LINTIAN_ACCEPTED.iter().any(|(tag, _)| line.contains(tag)),
                "a lintian warning nobody accepted: {line}"
            );
        }
    }

    // --- The .rpm carries the same files ---
    let rpm = bundled(&bundle_dir().join("rpm"), "rpm").expect("an .rpm is bundled with the .deb");
    let rpm_size = std::fs::metadata(&rpm).unwrap().len();
    println!("rpm: {}, {rpm_size} bytes", rpm.display());
    let rpm_files: BTreeSet<String> = run("rpm", &["-qpl", rpm.to_str().unwrap()])
        .lines()
        .map(str::to_owned)
        .collect();
    for file in COMMON_FILES.iter().chain([&RPM_ZSH]) {
        assert!(
            rpm_files.contains(*file),
            "the .rpm ships {file}: {rpm_files:#?}"
        );
    }
    let requires = run("rpm", &["-qp", "--requires", rpm.to_str().unwrap()]);
    for lib in [
        "libwebkit2gtk-4.1.so.0",
        "libgtk-3.so.0",
        "libayatana-appindicator3.so.1",
    ] {
        assert!(
            requires.contains(lib),
            "the .rpm requires {lib}: {requires}"
        );
    }

    // --- Install it for real (after whatever an earlier run left) ---
    if installed_version().is_some() {
        run("dpkg", &["--remove", PACKAGE]);
    }
    apt_install(deb);
    let version = installed_version().expect("apt-get installed the package");
    let listed: Vec<String> = run("dpkg", &["-L", PACKAGE])
        .lines()
        .map(str::to_owned)
        .collect();
    for file in COMMON_FILES.iter().chain([&DEB_ZSH]) {
        assert!(
            Path::new(file).is_file(),
            "{file} is installed where the package says"
        );
    }

    // The desktop entry: valid, in the right menu, its icon and window class are ours.
    let desktop = "/usr/share/applications/mobflow.desktop";
    let validate = output("desktop-file-validate", &[desktop]);
    assert!(
        validate.status.success() && validate.stdout.is_empty(),
        "desktop-file-validate is clean: {}",
        String::from_utf8_lossy(&validate.stdout)
    );
    let keys = desktop_keys(&std::fs::read_to_string(desktop).unwrap());
    assert_eq!(
        key(&keys, "Exec"),
        "mobflow-app",
        "the menu starts the installed app"
    );
    assert!(
        key(&keys, "Categories")
            .split(';')
            .any(|c| c == "Development"),
        "listed with the development tools"
    );
    assert_eq!(
        key(&keys, "Icon"),
        mobflow_app::DESKTOP_ID,
        "the menu, the notifications and the login entry name the same icon"
    );
    let wm_class = key(&keys, "StartupWMClass").to_owned();
    // The man page and completions are the real thing, not empty files.
    let man = run("man", &["-w", "mobflow"]);
    assert_eq!(
        man.trim(),
        "/usr/share/man/man1/mobflow.1.gz",
        "man finds the page"
    );
    let page = run("zcat", &["/usr/share/man/man1/mobflow.1.gz"]);
    assert!(
        page.contains(".TH mobflow 1") && page.contains("status"),
        "the man page documents the commands: {page}"
    );
    let bash = std::fs::read_to_string("/usr/share/bash-completion/completions/mobflow").unwrap();
    assert!(
        bash.contains("complete -F") && bash.contains("turn-length"),
        "bash completes subcommands"
    );
    assert!(
        std::fs::read_to_string(DEB_ZSH)
            .unwrap()
            .starts_with("#compdef mobflow"),
        "zsh completion"
    );
    assert!(
        std::fs::read_to_string("/usr/share/fish/vendor_completions.d/mobflow.fish")
            .unwrap()
            .contains("complete -c mobflow"),
        "fish completion"
    );
    assert!(
        !bash.contains("__generate"),
        "the hidden packaging command is not offered"
    );

    // Depends names the package of every library each installed program links, and the tray's
    // library (loaded at run time, so ldd cannot show it).
    let depends = depends_names(deb);
    let programs: Vec<&String> = listed
        .iter()
        .filter(|p| p.starts_with("/usr/bin/") && Path::new(p.as_str()).is_file())
        .collect();
    assert!(
        programs.iter().any(|p| needed_libraries(p)
            .iter()
            .any(|l| l.starts_with("libwebkit2gtk-4.1"))),
        "the app links WebKitGTK 4.1: {programs:?}"
    );
    let linked: BTreeSet<String> = programs
        .iter()
        .flat_map(|p| packages_of_linked_libraries(p))
        .collect();
    let missing: Vec<_> = linked.difference(&depends).collect();
    assert!(
        missing.is_empty(),
        "Depends lacks {missing:?} (linked: {linked:?}, Depends: {depends:?})"
    );
    assert!(
        depends.contains("libayatana-appindicator3-1"),
        "the tray icon needs the appindicator library: {depends:?}"
    );

    // --- Launch it as a user would; the window appears and the CLI answers ---
    let env = Env::new();
    assert!(
        installed_ok(&env, &["--version"]).starts_with("mobflow "),
        "mobflow --version"
    );
    let help = installed_ok(&env, &["help", "status"]);
    assert!(help.contains("--json"), "mobflow help COMMAND: {help}");
    let app = InstalledApp::launch(&env);
    // This app's own main window (other tests' apps share the X server), by pid and title.
    let mut window = String::new();
    wait_until(
        Duration::from_secs(30),
        "the installed app's window",
        || {
            let pid = app.0.id().to_string();
            let found = output(
                "xdotool",
                &["search", "--all", "--pid", &pid, "--name", "^Mobflow$"],
            );
            window = String::from_utf8_lossy(&found.stdout)
                .lines()
                .next()
                .unwrap_or_default()
                .to_owned();
            !window.is_empty()
        },
    );
    let class = run("xprop", &["-id", &window, "WM_CLASS"]);
    assert!(
        class.trim_end().ends_with(&format!(", \"{wm_class}\"")),
        "the window's WM_CLASS class is the desktop entry's StartupWMClass {wm_class:?}, so docks \
         group it with the menu entry: {class}"
    );
    let status: Value = serde_json::from_str(&installed_ok(&env, &["status", "--json"])).unwrap();
    assert_eq!(
        status["state"], "idle",
        "a new data folder starts idle: {status}"
    );

    // The login setting writes and removes a valid autostart entry.
    let entry = env.data.path().join(".config/autostart/mobflow.desktop");
    installed_ok(&env, &["settings", "--patch", r#"{"autostart": true}"#]);
    wait_until(Duration::from_secs(10), "the autostart entry", || {
        entry.is_file()
    });
    assert!(
        installed_ok(&env, &["settings"]).contains("Open at login:    on"),
        "`mobflow settings` shows the login setting"
    );
    let check = output("desktop-file-validate", &[entry.to_str().unwrap()]);
    assert!(
        check.status.success() && check.stdout.is_empty(),
        "the autostart entry is valid: {}",
        String::from_utf8_lossy(&check.stdout)
    );
    let autostart = desktop_keys(&std::fs::read_to_string(&entry).unwrap());
    assert!(
        key(&autostart, "Exec").ends_with(INSTALLED_APP),
        "the login starts the installed app: {autostart:?}"
    );
    installed_ok(&env, &["settings", "--patch", r#"{"autostart": false}"#]);
    wait_until(Duration::from_secs(10), "the autostart entry to go", || {
        !entry.exists()
    });

    // A session to keep across the upgrade.
    installed_ok(&env, &["roster", "add", "Ada"]);
    installed_ok(&env, &["roster", "add", "Bob"]);
    installed_ok(&env, &["start"]);
    installed_ok(&env, &["end"]);
    assert_eq!(sessions(&env).len(), 1, "one session before the upgrade");
    let roster = installed_ok(&env, &["roster", "list"]);
    drop(app);

    // --- Upgrade: a newer version over the installed one keeps the user's history ---
    let work = tempfile::tempdir().unwrap();
    let newer = newer_copy(deb, work.path());
    apt_install(&newer);
    let upgraded = installed_version().unwrap();
    assert_ne!(
        upgraded, version,
        "the newer package replaced the older one"
    );
    let app = InstalledApp::launch(&env);
    let after = sessions(&env);
    assert_eq!(
        after.len(),
        1,
        "the session is still listed after the upgrade: {after:?}"
    );
    assert_eq!(after[0]["people"], serde_json::json!(["Ada", "Bob"]));
    assert_eq!(
        installed_ok(&env, &["roster", "list"]),
        roster,
        "the roster and rotation survive the upgrade"
    );
    drop(app);

    // --- Remove: nothing of the package is left outside the user's data folder ---
    run("apt-get", &["remove", "-y", "-q", PACKAGE]);
    assert_eq!(installed_version(), None, "the package is gone");
    // dpkg either forgets the package or keeps it as not-installed: no conffiles stay behind.
    let state = output("dpkg-query", &["-W", "-f=${db:Status-Status}", PACKAGE]);
    let state = String::from_utf8_lossy(&state.stdout).into_owned();
    assert!(
        state.is_empty() || state == "not-installed",
        "no conffiles or state left behind: {state:?}"
    );
    let left: Vec<&String> = listed
        .iter()
        .filter(|p| {
            let path = Path::new(p.as_str());
            // Shared folders (/usr/bin, hicolor/...) stay; anything that is only ours must go.
            path.symlink_metadata().is_ok_and(|m| !m.is_dir())
                || (path.is_dir() && p.contains("mobflow"))
        })
        .collect();
    assert!(left.is_empty(), "apt-get remove left {left:?}");
    let found = run(
        "find",
        &[
            "/usr",
            "/etc",
            "/opt",
            "/var/lib/dpkg/info",
            "-name",
            "*mobflow*",
        ],
    );
    assert_eq!(
        found, "",
        "no file named after Mobflow outside the data folder"
    );
    assert!(
        env.data.path().join("mobflow.db").is_file(),
        "the user's data folder keeps the history"
    );
}
