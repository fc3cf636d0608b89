//! The library's error type and the exit codes it maps to.

use crate::output::WriteError;
use crate::spec::SpecErrors;

/// Exit code: success.
pub const EXIT_OK: i32 = 0;
/// Exit code: an invalid spec or a refused synthesis.
pub const EXIT_INVALID: i32 = 1;
/// Exit code: bad command-line usage.
pub const EXIT_USAGE: i32 = 2;
/// Exit code: an input/output failure while writing results.
pub const EXIT_IO: i32 = 3;
/// Exit code: `metagen train` found no PyTorch for the Python it runs.
pub const EXIT_NO_TORCH: i32 = 4;
/// Exit code: stopped by SIGINT or SIGTERM before anything was changed
/// (128 + SIGINT, as shells report an interrupted command).
pub const EXIT_INTERRUPTED: i32 = 130;

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec is invalid; the diagnostics say where and why.
    #[error(transparent)]
    Spec(#[from] SpecErrors),
    /// The spec is valid but cannot be synthesized (e.g. an unsupported
    /// combination or a budget below the family's minimum).
    #[error("cannot synthesize {spec}: {reason}")]
    Refused {
        /// The spec's name.
        spec: String,
        /// Why, as an actionable sentence.
        reason: String,
    },
    /// An artifact could not be rendered.
    #[error("cannot render the {artifact}: {reason}")]
    Render {
        /// Which artifact group.
        artifact: &'static str,
        /// What went wrong.
        reason: String,
    },
    /// LaTeX is needed but missing.
    #[error("{0}")]
    MissingTool(String),
    /// A command-line value is malformed.
    #[error("{0}")]
    Usage(String),
    /// Writing the results failed.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// Another I/O failure, with the path involved.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// Which path.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// The documented exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Spec(_) | Error::Refused { .. } | Error::Render { .. } => EXIT_INVALID,
            Error::MissingTool(_) => EXIT_IO,
            Error::Usage(_) => EXIT_USAGE,
            Error::Write(WriteError::Exists(_)) => EXIT_INVALID,
            Error::Write(WriteError::BadPath(_)) => EXIT_USAGE,
            Error::Write(WriteError::Interrupted(_)) => EXIT_INTERRUPTED,
            Error::Write(_) | Error::Io { .. } => EXIT_IO,
        }
    }
}
