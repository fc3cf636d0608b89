//! The only module that touches the output disk: an ordered tree of files,
//! written atomically (staged beside the target, then renamed into place).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};

/// An ordered map of relative paths to file contents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileTree {
    files: BTreeMap<String, Vec<u8>>,
}

/// Why a path cannot be part of a tree.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("refusing to write `{path}`: {reason}")]
pub struct BadPath {
    /// The offending path.
    pub path: String,
    /// Why it is refused.
    pub reason: &'static str,
}

/// Checks that a path is relative, uses `/`, and never leaves its root.
pub fn check_relative_path(path: &str) -> Result<(), BadPath> {
    let bad = |reason| {
        Err(BadPath {
            path: path.to_string(),
            reason,
        })
    };
    if path.is_empty() {
        return bad("the path is empty");
    }
    if path.contains('\\') || path.contains('\0') {
        return bad("the path holds a backslash or NUL byte");
    }
    for component in Path::new(path).components() {
        match component {
            Component::Normal(part) => {
                let part = part.to_string_lossy();
                if part.chars().any(char::is_control) {
                    return bad("the path holds a control character");
                }
            }
            _ => return bad("the path must be relative and stay inside the run folder"),
        }
    }
    Ok(())
}

impl FileTree {
    /// An empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file; the path must be relative, stay inside the tree and not be
    /// in the tree already (two renderers writing one path is a bug, and the
    /// second would silently win).
    pub fn insert(&mut self, path: &str, contents: impl Into<Vec<u8>>) -> Result<(), BadPath> {
        check_relative_path(path)?;
        match self.files.entry(path.to_string()) {
            std::collections::btree_map::Entry::Occupied(_) => Err(BadPath {
                path: path.to_string(),
                reason: "another file of this run already has this path",
            }),
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(contents.into());
                Ok(())
            }
        }
    }

    /// Adds every file of another tree under a prefix folder.
    pub fn merge_under(&mut self, prefix: &str, other: FileTree) -> Result<(), BadPath> {
        for (path, contents) in other.files {
            let full = if prefix.is_empty() {
                path
            } else {
                format!("{prefix}/{path}")
            };
            self.insert(&full, contents)?;
        }
        Ok(())
    }

    /// The contents of one file.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// Files in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, c)| (p.as_str(), c.as_slice()))
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the tree has no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Total bytes of all files.
    pub fn total_bytes(&self) -> u64 {
        self.files.values().map(|c| c.len() as u64).sum()
    }
}

/// A failure while writing a tree to disk.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The target exists and `--force` was not given.
    #[error("the run folder {0} already exists; pass --force to replace it")]
    Exists(PathBuf),
    /// An I/O operation failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// Which path.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The tree held a path that may not be written.
    #[error(transparent)]
    BadPath(#[from] BadPath),
    /// A failure injected by a test.
    #[error("injected failure after writing {0} files")]
    Injected(usize),
}

/// How to write a tree.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// Replace an existing run folder whole.
    pub force: bool,
    /// Test hook: fail after writing this many files, to prove that a failed
    /// run leaves nothing behind.
    #[doc(hidden)]
    pub fail_after_files: Option<usize>,
}

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> WriteError + 'a {
    move |source| WriteError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `tree` to `out/name` atomically.
///
/// The tree is written to a staging folder inside `out`, then renamed into
/// place; on any error the staging folder is removed and `out/name` is left
/// as it was. An existing `out/name` (a folder, a file or a symlink, which is
/// never followed) is refused unless `options.force`, in which case it is
/// replaced whole.
pub fn write_tree(
    tree: &FileTree,
    out: &Path,
    name: &str,
    options: &WriteOptions,
) -> Result<PathBuf, WriteError> {
    check_relative_path(name)?;
    if name.contains('/') {
        return Err(BadPath {
            path: name.to_string(),
            reason: "a run id is a single folder name",
        }
        .into());
    }
    let target = out.join(name);
    let existing = std::fs::symlink_metadata(&target).ok();
    if existing.is_some() && !options.force {
        return Err(WriteError::Exists(target));
    }
    std::fs::create_dir_all(out).map_err(io("cannot create output folder", out))?;
    let staging = tempfile::Builder::new()
        .prefix(".metagen-staging-")
        .tempdir_in(out)
        .map_err(io("cannot create a staging folder in", out))?;
    for (index, (path, contents)) in tree.iter().enumerate() {
        if options.fail_after_files == Some(index) {
            return Err(WriteError::Injected(index));
        }
        let file_path = staging.path().join(path);
        if let Some(parent) = file_path.parent() {
            std::fs::create_dir_all(parent).map_err(io("cannot create folder", parent))?;
        }
        std::fs::write(&file_path, contents).map_err(io("cannot write", &file_path))?;
    }
    if let Some(metadata) = existing {
        // Move the old run aside first, so the rename below is the only
        // moment the target changes; remove it once the new one is in place.
        let trash = tempfile::Builder::new()
            .prefix(".metagen-replaced-")
            .tempdir_in(out)
            .map_err(io("cannot create a staging folder in", out))?;
        let aside = trash.path().join("old");
        if metadata.file_type().is_symlink() || metadata.is_file() {
            std::fs::remove_file(&target).map_err(io("cannot remove", &target))?;
        } else {
            std::fs::rename(&target, &aside).map_err(io("cannot move aside", &target))?;
        }
        std::fs::rename(staging.path(), &target).map_err(io("cannot create", &target))?;
        drop(trash);
    } else {
        std::fs::rename(staging.path(), &target).map_err(io("cannot create", &target))?;
    }
    // The staging folder was renamed away; dropping the handle removes nothing.
    drop(staging);
    Ok(target)
}

impl fmt::Display for FileTree {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (path, contents) in self.iter() {
            writeln!(f, "{path} ({} bytes)", contents.len())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_escape_are_refused() {
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a\\b",
            "./a",
            "a/\u{7}b",
        ] {
            assert!(
                check_relative_path(bad).is_err(),
                "{bad:?} should be refused"
            );
        }
        for good in ["a", "a/b.txt", "paper/figures/pipeline.pdf", ".hidden"] {
            assert!(
                check_relative_path(good).is_ok(),
                "{good:?} should be allowed"
            );
        }
    }

    #[test]
    fn a_duplicate_path_is_refused_and_the_first_file_kept() {
        let mut tree = FileTree::new();
        tree.insert("docs/README.md", "first").unwrap();
        let err = tree.insert("docs/README.md", "second").unwrap_err();
        assert_eq!(err.path, "docs/README.md");
        assert!(err.to_string().contains("already has this path"), "{err}");
        assert_eq!(tree.get("docs/README.md"), Some(&b"first"[..]));
        assert_eq!(tree.len(), 1);

        let mut sub = FileTree::new();
        sub.insert("README.md", "third").unwrap();
        assert!(tree.merge_under("docs", sub).is_err());
        assert_eq!(tree.get("docs/README.md"), Some(&b"first"[..]));
    }

    fn sample_tree() -> FileTree {
        let mut tree = FileTree::new();
        tree.insert("a.txt", "one").unwrap();
        tree.insert("sub/b.txt", "two").unwrap();
        tree.insert("sub/deeper/c.txt", "three").unwrap();
        tree
    }

    #[test]
    fn writes_tree_and_refuses_existing_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let target =
            write_tree(&sample_tree(), dir.path(), "run", &WriteOptions::default()).unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("sub/b.txt")).unwrap(),
            "two"
        );
        let again = write_tree(&sample_tree(), dir.path(), "run", &WriteOptions::default());
        assert!(matches!(again, Err(WriteError::Exists(_))));
    }

    #[test]
    fn force_replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        write_tree(&sample_tree(), dir.path(), "run", &WriteOptions::default()).unwrap();
        std::fs::write(dir.path().join("run/stale.txt"), "old").unwrap();
        let mut small = FileTree::new();
        small.insert("only.txt", "new").unwrap();
        let force = WriteOptions {
            force: true,
            ..WriteOptions::default()
        };
        write_tree(&small, dir.path(), "run", &force).unwrap();
        assert!(!dir.path().join("run/stale.txt").exists());
        assert!(!dir.path().join("run/a.txt").exists());
        assert!(dir.path().join("run/only.txt").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("run")]);
    }

    #[test]
    fn injected_failure_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let options = WriteOptions {
            fail_after_files: Some(2),
            ..WriteOptions::default()
        };
        let result = write_tree(&sample_tree(), dir.path(), "run", &options);
        assert!(matches!(result, Err(WriteError::Injected(2))));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn planted_symlink_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("run")).unwrap();
        let refused = write_tree(&sample_tree(), dir.path(), "run", &WriteOptions::default());
        assert!(matches!(refused, Err(WriteError::Exists(_))));
        let force = WriteOptions {
            force: true,
            ..WriteOptions::default()
        };
        write_tree(&sample_tree(), dir.path(), "run", &force).unwrap();
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
        assert!(
            !std::fs::symlink_metadata(dir.path().join("run"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }
}
