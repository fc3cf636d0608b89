//! Writing a tree to disk atomically: every file goes into a staging folder
//! beside the target, which is then renamed into place. Whatever fails, or
//! stops the process short of SIGKILL, the target holds either the complete
//! old run or the complete new one; staging folders a SIGKILL left behind are
//! removed by the next write into the same folder.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use super::{BadPath, Faults, FileTree, check_relative_path};

/// Names of staging folders start with this, then `<pid>-<random>`.
pub const STAGING_PREFIX: &str = ".metagen-staging-";
/// Names of folders holding a replaced run until it is deleted.
pub const REPLACED_PREFIX: &str = ".metagen-replaced-";

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
        source: io::Error,
    },
    /// The tree held a path that may not be written.
    #[error(transparent)]
    BadPath(#[from] BadPath),
    /// A failure injected by a test.
    #[error("injected failure after writing {0} files")]
    Injected(usize),
    /// SIGINT or SIGTERM arrived before the run was moved into place.
    #[error("interrupted before {0} was written; it was left as it was")]
    Interrupted(PathBuf),
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
    /// Test hooks: injected I/O faults and a pause.
    #[doc(hidden)]
    pub faults: Faults,
}

/// The flag SIGINT and SIGTERM set (see [`stop_flag`]).
fn stop() -> &'static Arc<AtomicBool> {
    static STOP: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    STOP.get_or_init(Arc::default)
}

/// Asks every write in progress to stop before it changes the target.
pub fn request_stop() {
    stop().store(true, Ordering::SeqCst);
}

/// Whether a stop was requested.
pub fn stop_requested() -> bool {
    stop().load(Ordering::SeqCst)
}

/// The stop flag itself, for a signal handler to set (the CLI registers it
/// for SIGINT and SIGTERM).
pub fn stop_flag() -> Arc<AtomicBool> {
    Arc::clone(stop())
}

fn io_error<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> WriteError + 'a {
    move |source| WriteError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Counts file writes and renames so a test can make the Nth one fail.
struct Disk<'a> {
    faults: &'a Faults,
    writes: usize,
    renames: usize,
}

impl Disk<'_> {
    fn write(&mut self, path: &Path, contents: &[u8]) -> Result<(), WriteError> {
        self.writes += 1;
        let injected = if self.faults.fail_write == Some(self.writes) {
            Some(io::Error::other("injected write failure"))
        } else if self.faults.full_disk_at_write == Some(self.writes) {
            Some(io::Error::new(
                io::ErrorKind::StorageFull,
                "no space left on device (injected)",
            ))
        } else {
            None
        };
        match injected {
            Some(error) => Err(io_error("cannot write", path)(error)),
            None => std::fs::write(path, contents).map_err(io_error("cannot write", path)),
        }
    }

    fn rename(&mut self, from: &Path, to: &Path, action: &'static str) -> Result<(), WriteError> {
        self.renames += 1;
        if self.faults.fail_rename == Some(self.renames) {
            return Err(io_error(action, from)(io::Error::other(
                "injected rename failure",
            )));
        }
        std::fs::rename(from, to).map_err(io_error(action, from))
    }
}

fn pause(duration: Duration) {
    let until = Instant::now() + duration;
    while Instant::now() < until && !stop_requested() {
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The process id in a staging or replaced folder's name, if it is one.
fn staging_owner(name: &str) -> Option<u32> {
    let rest = name
        .strip_prefix(STAGING_PREFIX)
        .or_else(|| name.strip_prefix(REPLACED_PREFIX))?;
    let (pid, random) = rest.split_once('-')?;
    let random_ok = !random.is_empty() && random.chars().all(|c| c.is_ascii_alphanumeric());
    let pid_ok = !pid.is_empty() && pid.chars().all(|c| c.is_ascii_digit());
    if random_ok && pid_ok {
        pid.parse().ok()
    } else {
        None
    }
}

/// Whether a process is alive; when unsure, it is.
#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    if pid <= 0 {
        return true;
    }
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
}

/// Removes staging folders of MetaGen processes that no longer run (killed
/// mid-write). Only real folders named by [`staging_owner`] are touched; a
/// symlink with such a name is left alone, and the folder is never followed
/// through links (`remove_dir_all` removes links, not their targets).
fn remove_stale_staging(out: &Path) {
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(staging_owner) else {
            continue;
        };
        if pid == std::process::id() || process_alive(pid) {
            continue;
        }
        let path = entry.path();
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
            // Best effort: a folder that cannot be removed now is retried
            // by the next run, and blocks nothing.
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// Writes `tree` to `out/name` atomically.
///
/// The tree is written to a staging folder inside `out`, then renamed into
/// place; on any error, or when a stop is requested, the staging folder is
/// removed and `out/name` is left as it was. An existing `out/name` (a
/// folder, a file or a symlink, which is never followed) is refused unless
/// `options.force`, in which case it is moved aside, replaced, and deleted;
/// if the new run cannot be moved in, the old one is moved back.
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
    let existing = std::fs::symlink_metadata(&target).is_ok();
    if existing && !options.force {
        return Err(WriteError::Exists(target));
    }
    std::fs::create_dir_all(out).map_err(io_error("cannot create output folder", out))?;
    remove_stale_staging(out);
    let owner = format!("{}-", std::process::id());
    let staging = tempfile::Builder::new()
        .prefix(&format!("{STAGING_PREFIX}{owner}"))
        .tempdir_in(out)
        .map_err(io_error("cannot create a staging folder in", out))?;
    let mut disk = Disk {
        faults: &options.faults,
        writes: 0,
        renames: 0,
    };
    // Folders already made, so each costs one `create_dir_all`.
    let mut made = std::collections::BTreeSet::new();
    for (index, (path, contents)) in tree.iter().enumerate() {
        if options.fail_after_files == Some(index) {
            return Err(WriteError::Injected(index));
        }
        if stop_requested() {
            return Err(WriteError::Interrupted(target));
        }
        let file_path = staging.path().join(path);
        if let Some(parent) = file_path.parent()
            && !made.contains(parent)
        {
            std::fs::create_dir_all(parent).map_err(io_error("cannot create folder", parent))?;
            made.insert(parent.to_path_buf());
        }
        disk.write(&file_path, contents)?;
        if let Some((after, duration)) = options.faults.pause_after_files
            && after == index + 1
        {
            pause(duration);
        }
    }
    if stop_requested() {
        return Err(WriteError::Interrupted(target));
    }
    if existing {
        // Move the old run aside first, so the rename below is the only
        // moment the target changes; delete it once the new one is in place.
        let trash = tempfile::Builder::new()
            .prefix(&format!("{REPLACED_PREFIX}{owner}"))
            .tempdir_in(out)
            .map_err(io_error("cannot create a staging folder in", out))?;
        let aside = trash.path().join("old");
        disk.rename(&target, &aside, "cannot move aside")?;
        if let Err(error) = disk.rename(staging.path(), &target, "cannot move into place") {
            if let Err(source) = std::fs::rename(&aside, &target) {
                // Keep the old run where it is rather than delete it.
                let kept = trash.keep();
                return Err(WriteError::Io {
                    action: "cannot put the previous run back; it is kept in",
                    path: kept.join("old"),
                    source,
                });
            }
            return Err(error);
        }
        drop(trash);
    } else {
        disk.rename(staging.path(), &target, "cannot move into place")?;
    }
    // The staging folder now is the run: forget it rather than delete it.
    let _ = staging.keep();
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_tree() -> FileTree {
        let mut tree = FileTree::new();
        tree.insert("a.txt", "one").unwrap();
        tree.insert("sub/b.txt", "two").unwrap();
        tree.insert("sub/deeper/c.txt", "three").unwrap();
        tree
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn with_faults(force: bool, faults: Faults) -> WriteOptions {
        WriteOptions {
            force,
            faults,
            ..WriteOptions::default()
        }
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
        assert_eq!(entries(dir.path()), ["run"]);
    }

    #[test]
    fn force_replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        write_tree(&sample_tree(), dir.path(), "run", &WriteOptions::default()).unwrap();
        std::fs::write(dir.path().join("run/stale.txt"), "old").unwrap();
        let mut small = FileTree::new();
        small.insert("only.txt", "new").unwrap();
        write_tree(
            &small,
            dir.path(),
            "run",
            &with_faults(true, Faults::default()),
        )
        .unwrap();
        assert!(!dir.path().join("run/stale.txt").exists());
        assert!(!dir.path().join("run/a.txt").exists());
        assert!(dir.path().join("run/only.txt").exists());
        assert_eq!(entries(dir.path()), ["run"]);
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

    /// Each fault, with and without an old run to replace: a clear I/O
    /// error, no staging folder, and the old run (if any) untouched.
    #[test]
    fn every_injected_fault_leaves_the_old_state() {
        let faults = [
            (
                Faults {
                    fail_write: Some(1),
                    ..Faults::default()
                },
                "injected write failure",
            ),
            (
                Faults {
                    fail_write: Some(3),
                    ..Faults::default()
                },
                "injected write failure",
            ),
            (
                Faults {
                    full_disk_at_write: Some(2),
                    ..Faults::default()
                },
                "no space left on device",
            ),
            (
                Faults {
                    fail_rename: Some(1),
                    ..Faults::default()
                },
                "injected rename failure",
            ),
            (
                Faults {
                    fail_rename: Some(2),
                    ..Faults::default()
                },
                "injected rename failure",
            ),
        ];
        for (fault, message) in faults {
            for old_run in [false, true] {
                let dir = tempfile::tempdir().unwrap();
                if old_run {
                    let mut old = FileTree::new();
                    old.insert("old.txt", "previous").unwrap();
                    write_tree(&old, dir.path(), "run", &WriteOptions::default()).unwrap();
                }
                let result = write_tree(
                    &sample_tree(),
                    dir.path(),
                    "run",
                    &with_faults(true, fault.clone()),
                );
                if !old_run && fault.fail_rename == Some(2) {
                    // Without an old run there is one rename: the write succeeds.
                    assert_eq!(entries(dir.path()), ["run"]);
                    continue;
                }
                let error = result.expect_err("the fault must surface");
                assert!(
                    matches!(error, WriteError::Io { .. }),
                    "{fault:?}: {error:?}"
                );
                assert!(error.to_string().contains(message), "{fault:?}: {error}");
                if old_run {
                    // A second rename only happens when an old run is moved aside.
                    assert_eq!(entries(dir.path()), ["run"], "{fault:?}");
                    assert_eq!(entries(&dir.path().join("run")), ["old.txt"], "{fault:?}");
                    assert_eq!(
                        std::fs::read_to_string(dir.path().join("run/old.txt")).unwrap(),
                        "previous"
                    );
                } else {
                    assert!(entries(dir.path()).is_empty(), "{fault:?}");
                }
            }
        }
    }

    #[test]
    fn full_disk_is_reported_as_storage_full() {
        let dir = tempfile::tempdir().unwrap();
        let fault = Faults {
            full_disk_at_write: Some(1),
            ..Faults::default()
        };
        match write_tree(
            &sample_tree(),
            dir.path(),
            "run",
            &with_faults(false, fault),
        ) {
            Err(WriteError::Io { source, .. }) => {
                assert_eq!(source.kind(), io::ErrorKind::StorageFull)
            }
            other => panic!("expected an I/O error, got {other:?}"),
        }
    }

    #[test]
    fn staging_names_carry_the_owner() {
        assert_eq!(staging_owner(".metagen-staging-123-aB3xYz"), Some(123));
        assert_eq!(staging_owner(".metagen-replaced-9-q1w2e3"), Some(9));
        for other in [
            ".metagen-staging-",
            ".metagen-staging-abc",
            ".metagen-staging-12",
            ".metagen-staging-12-",
            ".metagen-staging--x",
            ".metagen-staging-1-a/b",
            "metagen-staging-1-abc",
            "run",
        ] {
            assert_eq!(staging_owner(other), None, "{other:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn stale_staging_of_dead_processes_is_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        // A process that has exited: its pid is free (reuse within the test
        // is possible but vanishingly unlikely).
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let stale = dir.path().join(format!("{STAGING_PREFIX}{dead}-abc123"));
        let stale_replaced = dir.path().join(format!("{REPLACED_PREFIX}{dead}-abc123"));
        let live = dir
            .path()
            .join(format!("{STAGING_PREFIX}{}-abc123", std::process::id()));
        let user = dir.path().join(".metagen-staging-notes");
        for folder in [&stale, &stale_replaced, &live, &user] {
            std::fs::create_dir_all(folder.join("inner")).unwrap();
        }
        // A symlink with a stale name pointing at a user folder is not followed.
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("keep.txt"), "mine").unwrap();
        let link = dir.path().join(format!("{STAGING_PREFIX}{dead}-link99"));
        std::os::unix::fs::symlink(outside.path(), &link).unwrap();
        write_tree(&sample_tree(), dir.path(), "run", &WriteOptions::default()).unwrap();
        assert!(!stale.exists() && !stale_replaced.exists());
        assert!(live.exists() && user.exists());
        assert!(std::fs::symlink_metadata(&link).is_ok());
        assert!(outside.path().join("keep.txt").exists());
    }

    #[cfg(unix)]
    #[test]
    fn planted_symlink_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("run")).unwrap();
        let refused = write_tree(&sample_tree(), dir.path(), "run", &WriteOptions::default());
        assert!(matches!(refused, Err(WriteError::Exists(_))));
        write_tree(
            &sample_tree(),
            dir.path(),
            "run",
            &with_faults(true, Faults::default()),
        )
        .unwrap();
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
        assert!(
            !std::fs::symlink_metadata(dir.path().join("run"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }
}
