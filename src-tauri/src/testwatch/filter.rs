//! Which changed files start a test run: those the folder's `.gitignore` files (and
//! `.git/info/exclude`) do not ignore, never anything under `.git`, and, when the settings name
//! globs, only those the globs match. A glob without a `/` matches a file's name anywhere; one
//! with a `/` matches the path from the folder.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;

pub struct Filter {
    root: PathBuf,
    /// Globs matched against the path from the folder, and against the file name.
    paths: GlobSet,
    names: GlobSet,
    any_glob: bool,
    /// Each folder's own `.gitignore`, read once (`None`: it has none).
    ignores: HashMap<PathBuf, Option<Gitignore>>,
    exclude: Option<Gitignore>,
}

impl Filter {
    /// A filter for `root` and `globs` (as the core checked them); a glob globset cannot read
    /// is an error.
    pub fn new(root: &Path, globs: &[String]) -> Result<Filter, String> {
        let (mut paths, mut names) = (GlobSetBuilder::new(), GlobSetBuilder::new());
        for text in globs {
            let glob = GlobBuilder::new(text)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("the watch glob \"{text}\" cannot be read: {e}"))?;
            if text.contains('/') {
                paths.add(glob);
            } else {
                names.add(glob);
            }
        }
        let build = |set: GlobSetBuilder| set.build().map_err(|e| e.to_string());
        // Its patterns are about paths from the folder, not from .git/info.
        let mut exclude = GitignoreBuilder::new(root);
        let _unreadable = exclude.add(root.join(".git/info/exclude"));
        let exclude = exclude.build().unwrap_or_else(|_| Gitignore::empty());
        Ok(Filter {
            root: root.to_owned(),
            paths: build(paths)?,
            names: build(names)?,
            any_glob: !globs.is_empty(),
            ignores: HashMap::new(),
            exclude: (!exclude.is_empty()).then_some(exclude),
        })
    }

    /// A `.gitignore` changed: read them all again when next needed.
    pub fn forget_ignores(&mut self) {
        self.ignores.clear();
    }

    /// Whether a change to `path` (a file, or a folder when `is_dir`) is to be left alone.
    pub fn ignored(&mut self, path: &Path, is_dir: bool) -> bool {
        let Ok(relative) = path.strip_prefix(&self.root) else {
            return true;
        };
        if relative.components().any(|c| c.as_os_str() == ".git") {
            return true;
        }
        // The deepest .gitignore that says something about the path decides, as in git.
        let mut folder = path.parent();
        while let Some(dir) = folder.filter(|d| d.starts_with(&self.root)) {
            if let Some(ignore) = self.ignore_of(dir) {
                match ignore.matched_path_or_any_parents(path, is_dir) {
                    Match::Ignore(_) => return true,
                    Match::Whitelist(_) => return false,
                    Match::None => {}
                }
            }
            folder = dir.parent();
        }
        self.exclude
            .as_ref()
            .is_some_and(|ex| ex.matched_path_or_any_parents(path, is_dir).is_ignore())
    }

    /// Whether a change to the file `path` starts a run.
    pub fn wanted(&mut self, path: &Path) -> bool {
        if self.ignored(path, false) {
            return false;
        }
        if !self.any_glob {
            return true;
        }
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        self.paths.is_match(relative)
            || path
                .file_name()
                .is_some_and(|name| self.names.is_match(Path::new(name)))
    }

    fn ignore_of(&mut self, dir: &Path) -> Option<&Gitignore> {
        self.ignores
            .entry(dir.to_owned())
            .or_insert_with(|| {
                let file = dir.join(".gitignore");
                if !file.is_file() {
                    return None;
                }
                let (ignore, error) = Gitignore::new(&file);
                if let Some(error) = error {
                    eprintln!("mobflow: {}: {error}", file.display());
                }
                Some(ignore)
            })
            .as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(".gitignore", "target/\n*.log\n!keep.log\n");
        write("web/.gitignore", "dist\n");
        write(".git/info/exclude", "scratch.txt\n");
        dir
    }

    #[test]
    fn ignored_files_follow_the_gitignore_files_from_the_deepest() {
        let dir = folder();
        let mut filter = Filter::new(dir.path(), &[]).unwrap();
        let cases = [
            ("src/lib.rs", false, "an ordinary source file"),
            ("target/debug/app", true, "inside an ignored folder"),
            ("src/run.log", true, "a pattern from the top .gitignore"),
            ("src/keep.log", false, "re-included by !"),
            ("web/dist/app.js", true, "the folder's own .gitignore"),
            (
                "dist/app.js",
                false,
                "web/.gitignore says nothing outside web/",
            ),
            ("scratch.txt", true, ".git/info/exclude"),
            (".git/HEAD", true, "never anything under .git"),
        ];
        for (path, ignored, why) in cases {
            assert_eq!(
                filter.ignored(&dir.path().join(path), false),
                ignored,
                "{path}: {why}"
            );
        }
        assert!(
            filter.ignored(Path::new("/elsewhere/x.rs"), false),
            "a path outside the folder is never ours"
        );
    }

    #[test]
    fn globs_without_a_slash_match_names_and_with_one_paths() {
        let dir = folder();
        let globs = ["*.rs".to_owned(), "tests/**/*.py".to_owned()];
        let mut filter = Filter::new(dir.path(), &globs).unwrap();
        let cases = [
            ("src/deep/lib.rs", true),
            ("lib.rs", true),
            ("tests/a/b/test_x.py", true),
            ("src/test_x.py", false),
            ("README.md", false),
            ("target/x.rs", false),
        ];
        for (path, wanted) in cases {
            assert_eq!(filter.wanted(&dir.path().join(path)), wanted, "{path}");
        }
    }
}
