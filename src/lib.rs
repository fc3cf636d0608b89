//! MetaGen turns a short YAML/JSON model specification into a complete,
//! deterministic model release package.
//!
//! Data flows one way: spec file → `Spec` → `ResolvedSpec` → renderers that
//! return a `FileTree` → one atomic writer.

pub mod arch;
pub mod benchmarks;
pub mod cli;
pub mod engine;
pub mod error;
pub mod examples;
pub mod families;
#[doc(hidden)]
pub mod fuzzing;
pub mod hardware;
pub mod numbers;
pub mod output;
pub mod recipe;
pub mod release;
pub mod render;
pub mod seed;
pub mod spec;
pub mod tasks;

pub use error::Error;

/// The tool's version, written into every log.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
