//! The only module that touches the output disk: an ordered tree of files,
//! written atomically (staged beside the target, then renamed into place).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path};

mod faults;
mod write;

pub use faults::Faults;
pub use write::{
    REPLACED_PREFIX, STAGING_PREFIX, WriteError, WriteOptions, request_stop, stop_flag,
    stop_requested, write_tree,
};

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
}
