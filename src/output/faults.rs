//! Faults a test can inject into the writer: a failed write or rename, a
//! full disk, or a pause to deliver a signal in. Never reachable from a spec.
//!
//! The CLI reads them from the `METAGEN_TEST_FAULTS` environment variable,
//! so integration tests can drive the real binary; this is the only way in.

use std::time::Duration;

/// Which operation of a write fails or pauses; counts are 1-based.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Faults {
    /// The Nth file write fails with an I/O error.
    pub fail_write: Option<usize>,
    /// The Nth file write fails with "no space left on device".
    pub full_disk_at_write: Option<usize>,
    /// The Nth rename fails (1: the staging folder, or the old run moved
    /// aside under `--force`; 2: the new run moved in after that).
    pub fail_rename: Option<usize>,
    /// After this many files the writer waits this long, or until a stop is
    /// requested, before going on.
    pub pause_after_files: Option<(usize, Duration)>,
}

impl Faults {
    /// The environment variable the CLI reads, e.g.
    /// `METAGEN_TEST_FAULTS=write:3` or `pause:2:30` (2 files, 30 s).
    pub const ENV: &'static str = "METAGEN_TEST_FAULTS";

    /// Parses a comma-separated list of `write:N`, `enospc:N`, `rename:N` and
    /// `pause:N:SECONDS`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut faults = Faults::default();
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let parts: Vec<&str> = item.split(':').collect();
            let count = |i: usize| -> Result<usize, String> {
                parts
                    .get(i)
                    .and_then(|n| n.parse::<usize>().ok())
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("{}: expected a positive count in {item:?}", Self::ENV))
            };
            match (parts[0], parts.len()) {
                ("write", 2) => faults.fail_write = Some(count(1)?),
                ("enospc", 2) => faults.full_disk_at_write = Some(count(1)?),
                ("rename", 2) => faults.fail_rename = Some(count(1)?),
                ("pause", 3) => {
                    faults.pause_after_files =
                        Some((count(1)?, Duration::from_secs(count(2)? as u64)))
                }
                _ => {
                    return Err(format!(
                        "{}: unknown fault {item:?}; use write:N, enospc:N, rename:N or \
                         pause:N:SECONDS",
                        Self::ENV
                    ));
                }
            }
        }
        Ok(faults)
    }

    /// The faults named by the environment, if any.
    pub fn from_env() -> Result<Self, String> {
        match std::env::var(Self::ENV) {
            Ok(text) => Self::parse(&text),
            Err(_) => Ok(Self::default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_fault_and_refuses_nonsense() {
        let faults = Faults::parse("write:3, enospc:2,rename:1,pause:4:9").unwrap();
        assert_eq!(faults.fail_write, Some(3));
        assert_eq!(faults.full_disk_at_write, Some(2));
        assert_eq!(faults.fail_rename, Some(1));
        assert_eq!(faults.pause_after_files, Some((4, Duration::from_secs(9))));
        assert_eq!(Faults::parse("").unwrap(), Faults::default());
        for bad in [
            "write",
            "write:0",
            "write:x",
            "pause:1",
            "chmod:1",
            "write:1:2",
        ] {
            assert!(Faults::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
