//! Integration tests: the CLI, the bad-spec corpus, the schema, determinism
//! and the atomic writer, exercised the way a user would.

mod bad_specs;
mod blueprint;
mod cli;
mod docs;
mod examples;
mod golden;
mod original;
mod paper;
mod python;
mod support;
mod synth;
