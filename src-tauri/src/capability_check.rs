//! Each window's capability grants exactly what that window's code calls.
//!
//! The check reads the UI's source (`ui/src`) and follows, from each view's root component,
//! what its code can reach: the components it imports, the functions it imports and names, and
//! the methods (by a `.method` mention) of the classes it names as values. Type-only imports
//! are erased when the code runs, so a class a view never constructs runs nothing there. What
//! the code reached does is what the window needs: `COMMANDS.X` (an IPC command), `listen`
//! (events), a `data-tauri-drag-region`. The capability files must grant each window exactly
//! that, and every command must be called by some window.

mod source;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use mobflow_api::names::command;
use source::{identifiers, imports, mask, split_svelte, ts_units, Import, Kind};

/// The one file that talks to Tauri.
const IPC: &str = "lib/ipc.ts";
const UI_SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src");
const CAPABILITIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src-tauri/capabilities");

const LISTEN: [&str; 2] = ["core:event:allow-listen", "core:event:allow-unlisten"];
const DRAG: &str = "core:window:allow-start-dragging";

/// Each window (a capability's `windows` entry) and the root component of its view, as
/// `ui/src/main.ts` picks it by the URL's hash (`windows.rs` opens them).
fn views() -> Vec<(String, &'static str)> {
    use crate::windows::{HANDOVER_PREFIX, MAIN, MINI};
    vec![
        (MAIN.to_owned(), "App.svelte"),
        (MINI.to_owned(), "components/MiniWindow.svelte"),
        (
            crate::startup::WINDOW.to_owned(),
            "components/StartupWindow.svelte",
        ),
        (
            format!("{HANDOVER_PREFIX}*"),
            "components/HandoverScreen.svelte",
        ),
    ]
}

#[derive(Debug)]
struct Unit {
    file: String,
    kind: Kind,
    /// The code, with comments and string contents blanked.
    text: String,
    bare: BTreeSet<String>,
    members: BTreeSet<String>,
}

/// The UI's source, in pieces.
struct Ui {
    units: Vec<Unit>,
    /// Each file's imports, with the file each one resolved to (`None`: a package).
    imports: BTreeMap<String, Vec<(Import, Option<String>)>>,
}

impl Ui {
    /// `files`: paths relative to `ui/src` and their text.
    fn parse(files: &BTreeMap<String, String>) -> Ui {
        let mut units = Vec::new();
        let mut all_imports = BTreeMap::new();
        for (file, src) in files {
            let with_strings = if file.ends_with(".svelte") {
                let (scripts, markup) = split_svelte(src);
                let code = format!("{}\n{markup}", mask(&scripts, false));
                units.push((file.clone(), Kind::Component, code));
                mask(&scripts, true)
            } else {
                for (kind, text) in ts_units(&mask(src, false)) {
                    units.push((file.clone(), kind, text));
                }
                mask(src, true)
            };
            let resolved = imports(&with_strings)
                .into_iter()
                .map(|i| {
                    let target = resolve(file, &i.from, files);
                    (i, target)
                })
                .collect::<Vec<_>>();
            all_imports.insert(file.clone(), resolved);
        }
        let units = units
            .into_iter()
            .map(|(file, kind, text)| {
                let (bare, members) = identifiers(&text);
                Unit {
                    file,
                    kind,
                    text,
                    bare,
                    members,
                }
            })
            .collect();
        Ui {
            units,
            imports: all_imports,
        }
    }

    fn read(dir: &Path) -> Ui {
        let mut files = BTreeMap::new();
        read_dir(dir, dir, &mut files);
        Ui::parse(&files)
    }

    fn imports_of(&self, file: &str) -> &[(Import, Option<String>)] {
        self.imports.get(file).map_or(&[], Vec::as_slice)
    }

    /// The units an import brings in.
    fn targets<'a>(
        &'a self,
        import: &'a Import,
        file: &'a str,
    ) -> impl Iterator<Item = usize> + 'a {
        self.units.iter().enumerate().filter_map(move |(i, unit)| {
            let hit = unit.file == file
                && match &unit.kind {
                    Kind::Component => true,
                    Kind::Item(name) | Kind::Class(name) => {
                        import.imported == "*" || *name == import.imported
                    }
                    Kind::Method { .. } => false,
                };
            hit.then_some(i)
        })
    }

    /// The units a view's code can reach from its root component.
    fn reach(&self, root: &str) -> BTreeSet<usize> {
        let mut reached: BTreeSet<usize> = self
            .units
            .iter()
            .position(|u| u.file == root && u.kind == Kind::Component)
            .into_iter()
            .collect();
        loop {
            let mut next = reached.clone();
            let mut members = BTreeSet::new();
            for &i in &reached {
                let unit = &self.units[i];
                members.extend(unit.members.iter().cloned());
                for (import, target) in self.imports_of(&unit.file) {
                    let used = !import.type_only
                        && (import.local == source::DYNAMIC || unit.bare.contains(&import.local));
                    if let (true, Some(target)) = (used, target) {
                        next.extend(self.targets(import, target));
                    }
                }
                next.extend(self.units.iter().enumerate().filter_map(|(j, other)| {
                    let named = match &other.kind {
                        Kind::Item(name) | Kind::Class(name) => unit.bare.contains(name),
                        _ => false,
                    };
                    (other.file == unit.file && named).then_some(j)
                }));
            }
            let classes: BTreeSet<(&str, &str)> = reached
                .iter()
                .filter_map(|&i| match &self.units[i].kind {
                    Kind::Class(class) => Some((self.units[i].file.as_str(), class.as_str())),
                    _ => None,
                })
                .collect();
            next.extend(self.units.iter().enumerate().filter_map(|(j, unit)| {
                match &unit.kind {
                    Kind::Method { class, name } => {
                        (classes.contains(&(unit.file.as_str(), class)) && members.contains(name))
                            .then_some(j)
                    }
                    _ => None,
                }
            }));
            if next == reached {
                return reached;
            }
            reached = next;
        }
    }

    /// The permissions a view needs: what the code it reaches calls.
    fn needs(&self, root: &str) -> Result<BTreeSet<String>, String> {
        let reached = self.reach(root);
        if reached.is_empty() {
            return Err(format!("no component {root} in ui/src"));
        }
        let mut needs = BTreeSet::new();
        for i in reached {
            let unit = &self.units[i];
            for key in unit.text.split("COMMANDS.").skip(1) {
                let key: String = key
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let Some((_, name)) = command::ALL.iter().find(|(k, _)| *k == key) else {
                    return Err(format!("{}: COMMANDS.{key} is no command", unit.file));
                };
                needs.insert(permission(name));
            }
            let listens = self.imports_of(&unit.file).iter().any(|(i, _)| {
                i.imported == "listen"
                    && i.from == "@tauri-apps/api/event"
                    && unit.bare.contains(&i.local)
            });
            if listens {
                needs.extend(LISTEN.map(str::to_owned));
            }
            if unit.text.contains("data-tauri-drag-region") {
                needs.insert(DRAG.to_owned());
            }
        }
        Ok(needs)
    }

    /// Where this check would not see a call: only `ipc.ts` invokes and listens, always with a
    /// generated name; nothing else of Tauri's API is used; every relative import is found.
    fn blind_spots(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (file, imports) in &self.imports {
            for (import, target) in imports {
                if import.from.starts_with('.') && target.is_none() {
                    problems.push(format!("{file} imports {}: no such file", import.from));
                }
                let allowed = match (import.from.as_str(), import.imported.as_str()) {
                    ("@tauri-apps/api/core", "invoke") | ("@tauri-apps/api/event", "listen") => {
                        file == IPC
                    }
                    ("@tauri-apps/api/event", "UnlistenFn") => true,
                    (from, _) => !from.starts_with("@tauri-apps/"),
                };
                if !allowed {
                    problems.push(format!(
                        "{file} imports {} from {}: only {IPC} calls Tauri, through invoke and \
                         listen (teach this check what anything else needs)",
                        import.imported, import.from
                    ));
                }
            }
        }
        for unit in self.units.iter().filter(|u| u.file == IPC) {
            problems.extend(unnamed_calls(&unit.text, "invoke", "COMMANDS."));
            problems.extend(unnamed_calls(&unit.text, "listen", "EVENTS."));
        }
        problems
    }
}

/// What is wrong with the grants for these views (nothing: an empty list). `commands`: every
/// IPC command, each of which some view must call.
fn check(
    ui: &Ui,
    views: &[(String, &str)],
    grants: &BTreeMap<String, BTreeSet<String>>,
    commands: &[&str],
) -> Vec<String> {
    let mut problems = ui.blind_spots();
    let mut called = BTreeSet::new();
    for (window, root) in views {
        let needs = match ui.needs(root) {
            Ok(needs) => needs,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let granted = grants.get(window).cloned().unwrap_or_default();
        for missing in needs.difference(&granted) {
            problems.push(format!(
                "the {window} window calls {missing}, which its capability does not grant"
            ));
        }
        for unused in granted.difference(&needs) {
            problems.push(format!(
                "the {window} window is granted {unused} but never calls it"
            ));
        }
        called.extend(needs);
    }
    for window in grants
        .keys()
        .filter(|w| !views.iter().any(|(v, _)| v == *w))
    {
        problems.push(format!(
            "a capability names the window {window}, which has no view"
        ));
    }
    for command in commands.iter().filter(|c| !called.contains(&permission(c))) {
        problems.push(format!("no window calls the command {command}: delete it"));
    }
    problems
}

/// Calls of `function` whose first argument is not one of the generated `names`.
fn unnamed_calls(code: &str, function: &str, names: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (at, _) in code.match_indices(function) {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        let mut rest = code[at + function.len()..].trim_start();
        if let Some(generic) = rest.strip_prefix('<') {
            let mut depth = 1;
            let end = generic.char_indices().find_map(|(i, c)| {
                depth += match c {
                    '<' => 1,
                    '>' => -1,
                    _ => 0,
                };
                (depth == 0).then_some(i)
            });
            rest = generic[end.map_or(generic.len(), |n| n + 1)..].trim_start();
        }
        if let Some(args) = rest.strip_prefix('(') {
            if !args.trim_start().starts_with(names) {
                let call: String = code[at..].chars().take_while(|&c| c != '\n').collect();
                problems.push(format!(
                    "{IPC}: a call of {function} does not name its target as {names}X: `{call}` \
                     (strings blanked)"
                ));
            }
        }
    }
    problems
}

/// What each window is granted, from the capability files.
fn read_capabilities(dir: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut grants: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("the capabilities folder") {
        let path = entry.expect("a readable folder entry").path();
        let text = std::fs::read_to_string(&path).expect("a readable capability file");
        let json: serde_json::Value = serde_json::from_str(&text).expect("a capability is JSON");
        let strings = |key: &str| -> Vec<String> {
            let list = json[key].as_array().cloned().unwrap_or_default();
            list.iter()
                .map(|v| match v.as_str() {
                    Some(s) => s.to_owned(),
                    None => panic!(
                        "{}: {key} holds {v}; this check reads names only",
                        path.display()
                    ),
                })
                .collect()
        };
        for window in strings("windows") {
            grants
                .entry(window)
                .or_default()
                .extend(strings("permissions"));
        }
    }
    grants
}

/// The permission a command gets from the shell's build script.
fn permission(command: &str) -> String {
    format!("allow-{}", command.replace('_', "-"))
}

fn read_dir(root: &Path, dir: &Path, files: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a readable folder entry").path();
        if path.is_dir() {
            read_dir(root, &path, files);
        } else if path.extension().is_some_and(|e| e == "ts" || e == "svelte") {
            let rel = path.strip_prefix(root).expect("under the root");
            let text = std::fs::read_to_string(&path).expect("UI source is UTF-8");
            files.insert(rel.to_string_lossy().into_owned(), text);
        }
    }
}

/// The file a relative import names (`./lib/mob.svelte` is `lib/mob.svelte.ts`).
fn resolve(from: &str, spec: &str, files: &BTreeMap<String, String>) -> Option<String> {
    if !spec.starts_with('.') {
        return None;
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in spec.split('/') {
        match part {
            "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    let path = parts.join("/");
    [path.clone(), format!("{path}.ts")]
        .into_iter()
        .find(|p| files.contains_key(p))
}

#[cfg(test)]
mod tests;
