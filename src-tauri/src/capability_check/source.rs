//! Just enough of TypeScript and Svelte to follow what a view's code can reach: comments and
//! string contents blanked out, imports, identifiers, top-level declarations and class methods.

use std::collections::BTreeSet;

/// `src` with comments blanked; string, template and regex contents blanked too unless
/// `keep_strings`. Newlines stay, so lines and brace depth are those of the source.
pub fn mask(src: &str, keep_strings: bool) -> String {
    let chars: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let blank = |c: char, keep: bool| if keep || c == '\n' { c } else { ' ' };
    // The brace depth inside each open `${`, so its `}` resumes the template around it.
    let mut templates: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let end = if c == '/' && next == Some('/') {
            Some(
                chars[i..]
                    .iter()
                    .position(|&c| c == '\n')
                    .map_or(chars.len(), |n| i + n),
            )
        } else if c == '/' && next == Some('*') {
            let close = chars[i + 2..].windows(2).position(|w| w == ['*', '/']);
            Some(close.map_or(chars.len(), |n| i + 2 + n + 2))
        } else {
            None
        };
        if let Some(end) = end {
            out.extend(chars[i..end].iter().map(|&c| blank(c, false)));
            i = end;
            continue;
        }
        let template_resumes = c == '}' && templates.last() == Some(&depth);
        let literal_end = if c == '\'' || c == '"' {
            Some(quoted_end(&chars, i))
        } else if c == '`' || template_resumes {
            if template_resumes {
                templates.pop();
                depth -= 1;
            }
            let (end, opens) = template_end(&chars, i + 1);
            if opens {
                // The `{` of `${` is counted next, as code.
                templates.push(depth + 1);
            }
            Some(end)
        } else if c == '/' && regex_may_start(&out) {
            regex_end(&chars, i)
        } else {
            None
        };
        if let Some(end) = literal_end {
            out.push(c);
            out.extend(chars[i + 1..end].iter().map(|&c| blank(c, keep_strings)));
            i = end;
            continue;
        }
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Past the closing quote of the string opened at `start` (or the end of its line).
fn quoted_end(chars: &[char], start: usize) -> usize {
    let mut i = start + 1;
    while i < chars.len() && chars[i] != chars[start] && chars[i] != '\n' {
        i += if chars[i] == '\\' { 2 } else { 1 };
    }
    (i + 1).min(chars.len())
}

/// Past the template text that starts at `from`: its closing backtick, or a `${` (then `true`).
fn template_end(chars: &[char], from: usize) -> (usize, bool) {
    let mut i = from;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '`' => return (i + 1, false),
            '$' if chars.get(i + 1) == Some(&'{') => return (i, true),
            _ => i += 1,
        }
    }
    (chars.len(), false)
}

/// Whether a `/` after `code` starts a regex literal rather than dividing.
fn regex_may_start(code: &str) -> bool {
    match code.trim_end().chars().last() {
        None => true,
        Some(c) => "(,=:[!&|?{};+-*%<>~^".contains(c) || code.trim_end().ends_with("return"),
    }
}

/// Past the regex literal opened at `start` (flags included), or `None` if the line has no end.
fn regex_end(chars: &[char], start: usize) -> Option<usize> {
    let mut i = start + 1;
    let mut in_class = false;
    while i < chars.len() && chars[i] != '\n' {
        match chars[i] {
            '\\' => i += 1,
            '[' => in_class = true,
            ']' => in_class = false,
            '/' if !in_class => {
                let flags = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_alphabetic())
                    .count();
                return Some(i + 1 + flags);
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The script blocks of a Svelte file and the rest (markup, without its comments and style).
pub fn split_svelte(src: &str) -> (String, String) {
    let mut scripts = String::new();
    let mut markup = String::new();
    let mut rest = src;
    while let Some(open) = rest.find('<') {
        markup.push_str(&rest[..open]);
        rest = &rest[open..];
        let (close, into) = if rest.starts_with("<script") {
            ("</script>", &mut scripts)
        } else if rest.starts_with("<style") {
            ("</style>", &mut String::new())
        } else if rest.starts_with("<!--") {
            ("-->", &mut String::new())
        } else {
            markup.push('<');
            rest = &rest[1..];
            continue;
        };
        let end = rest.find(close).map_or(rest.len(), |n| n + close.len());
        let block = &rest[..end];
        // The contents only, not the tags around them.
        let inner = block.find('>').map_or(block.len(), |n| n + 1);
        let inner_end = block.len().saturating_sub(close.len()).max(inner);
        into.push_str(&block[inner..inner_end]);
        into.push('\n');
        rest = &rest[end..];
    }
    markup.push_str(rest);
    (scripts, markup)
}

/// One name an import brings in: `local` in this file, `imported` in the module `from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    pub local: String,
    pub imported: String,
    pub from: String,
    /// `import type` or `{ type X }`: erased when the code runs, so it calls nothing.
    pub type_only: bool,
}

/// The imports of a file's code (comments blanked, strings kept). A default import is
/// `imported: "default"`, a namespace one `imported: "*"`.
pub fn imports(code: &str) -> Vec<Import> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("import ") {
        if at > 0 && !code[..at].ends_with(['\n', ' ', '\t', ';']) {
            continue;
        }
        let statement = &code[at + "import ".len()..];
        let statement = &statement[..statement.find(';').unwrap_or(statement.len())];
        let Some(from_at) = statement.find(" from ") else {
            continue;
        };
        let clause = statement[..from_at].trim();
        let all_types = clause.starts_with("type ");
        let clause = clause.trim_start_matches("type ");
        let spec = statement[from_at + " from ".len()..].trim_start();
        let quote = spec.chars().next().unwrap_or('\'');
        let from: String = spec.chars().skip(1).take_while(|&c| c != quote).collect();
        for (local, imported, type_only) in clause_names(clause) {
            found.push(Import {
                local,
                imported,
                from: from.clone(),
                type_only: all_types || type_only,
            });
        }
    }
    // `import('./x')`: code loaded when it is needed is code the view can run, all of it.
    for (at, _) in code.match_indices("import(") {
        let spec = code[at + "import(".len()..].trim_start();
        let quote = spec.chars().next().unwrap_or(')');
        if !matches!(quote, '\'' | '"' | '`') {
            continue;
        }
        found.push(Import {
            local: DYNAMIC.to_owned(),
            imported: "*".to_owned(),
            from: spec.chars().skip(1).take_while(|&c| c != quote).collect(),
            type_only: false,
        });
    }
    found
}

/// The `local` of an `import('./x')`: the code that loads it uses it.
pub const DYNAMIC: &str = "import()";

/// `(local, imported, type only)` of an import clause: `A`, `{ b, c as d, type E }`, `* as f`.
fn clause_names(clause: &str) -> Vec<(String, String, bool)> {
    let (default, named) = match clause.find('{') {
        Some(open) => (
            &clause[..open],
            &clause[open + 1..clause.rfind('}').unwrap_or(clause.len())],
        ),
        None => (clause, ""),
    };
    let mut names = Vec::new();
    let default = default.trim().trim_end_matches(',').trim();
    if let Some(ns) = default.strip_prefix("* as ") {
        names.push((ns.trim().to_owned(), "*".to_owned(), false));
    } else if !default.is_empty() {
        names.push((default.to_owned(), "default".to_owned(), false));
    }
    for part in named.split(',') {
        let part = part.trim();
        let (part, type_only) = match part.strip_prefix("type ") {
            Some(name) => (name.trim(), true),
            None => (part, false),
        };
        if part.is_empty() {
            continue;
        }
        let (imported, local) = part.split_once(" as ").unwrap_or((part, part));
        names.push((
            local.trim().to_owned(),
            imported.trim().to_owned(),
            type_only,
        ));
    }
    names
}

/// The identifiers in code: those used on their own, and those after a `.` (members).
pub fn identifiers(code: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut bare = BTreeSet::new();
    let mut members = BTreeSet::new();
    // The last character before the current word that is not a space ('w' after a word).
    let mut last = ' ';
    let mut word = String::new();
    let mut after_dot = false;
    for c in code.chars().chain([' ']) {
        if c.is_alphanumeric() || c == '_' || c == '$' {
            if word.is_empty() {
                after_dot = last == '.';
            }
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            if !word.starts_with(|c: char| c.is_ascii_digit()) {
                let set = if after_dot { &mut members } else { &mut bare };
                set.insert(std::mem::take(&mut word));
            }
            word.clear();
            last = 'w';
        }
        if !c.is_whitespace() {
            last = c;
        }
    }
    (bare, members)
}

/// What a piece of code is: reached as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A Svelte component, script and markup.
    Component,
    /// A top-level function, constant or variable.
    Item(String),
    /// A class's fields and constructor.
    Class(String),
    Method {
        class: String,
        name: String,
    },
}

/// A TypeScript file's top-level functions, constants and classes, and the classes' methods.
pub fn ts_units(code: &str) -> Vec<(Kind, String)> {
    let mut units: Vec<(Kind, String)> = Vec::new();
    let mut current: Option<usize> = None;
    let mut class: Option<String> = None;
    let mut depth = 0i32;
    for line in code.lines() {
        let trimmed = line.trim_start();
        let starts = if depth == 0 {
            class = None;
            match declaration(trimmed) {
                Some(("class", name)) => {
                    class = Some(name.clone());
                    Some(Some(Kind::Class(name)))
                }
                Some((_, name)) => Some(Some(Kind::Item(name))),
                None if starts_other(trimmed) => Some(None),
                None => None,
            }
        } else {
            match (&class, depth) {
                (Some(class), 1) if !trimmed.is_empty() => Some(Some(member(class, trimmed))),
                _ => None,
            }
        };
        if let Some(kind) = starts {
            current = kind.map(|kind| {
                let existing = units.iter().position(|(k, _)| *k == kind);
                existing.unwrap_or_else(|| {
                    units.push((kind, String::new()));
                    units.len() - 1
                })
            });
        }
        if let Some(i) = current {
            units[i].1.push_str(line);
            units[i].1.push('\n');
        }
        depth += line
            .chars()
            .map(|c| match c {
                '{' | '(' | '[' => 1,
                '}' | ')' | ']' => -1,
                _ => 0,
            })
            .sum::<i32>();
    }
    units
}

/// `("class" | "function" | "const", name)` for a line that declares something at top level.
fn declaration(line: &str) -> Option<(&'static str, String)> {
    let mut rest = line;
    for prefix in ["export ", "default ", "declare ", "async ", "abstract "] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    let (keyword, rest) = [
        ("class ", "class"),
        ("function* ", "function"),
        ("function ", "function"),
    ]
    .into_iter()
    .chain([("const ", "const"), ("let ", "const"), ("var ", "const")])
    .find_map(|(prefix, keyword)| rest.strip_prefix(prefix).map(|r| (keyword, r)))?;
    let name = ident(rest);
    (!name.is_empty()).then_some((keyword, name))
}

/// A top-level line that starts something that is not code to reach (imports, types).
fn starts_other(line: &str) -> bool {
    [
        "import ",
        "export type ",
        "export interface ",
        "type ",
        "interface ",
        "export {",
        "export *",
    ]
    .iter()
    .any(|p| line.starts_with(p))
}

/// A class member's line: a method, or else part of the class (fields, constructor).
fn member(class: &str, line: &str) -> Kind {
    let mut rest = line;
    for modifier in [
        "static ",
        "private ",
        "public ",
        "protected ",
        "readonly ",
        "override ",
        "async ",
        "get ",
        "set ",
    ] {
        rest = rest.strip_prefix(modifier).unwrap_or(rest);
    }
    let name = ident(rest);
    let after = rest[name.len()..].trim_start();
    let generic_end = after
        .strip_prefix('<')
        .and_then(|g| g.find('>').map(|n| &g[n + 1..]));
    let is_method = generic_end.unwrap_or(after).trim_start().starts_with('(');
    if is_method && !name.is_empty() && name != "constructor" {
        Kind::Method {
            class: class.to_owned(),
            name,
        }
    } else {
        Kind::Class(class.to_owned())
    }
}

fn ident(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
        .collect()
}
