//! Integration tests: the CLI, the bad-spec corpus, the schema, determinism
//! and the atomic writer, exercised the way a user would.

mod bad_specs;
mod batch;
mod blueprint;
mod cli;
mod consistency;
mod docs;
mod examples;
#[cfg(unix)]
mod faults;
mod fuzz_corpus;
mod golden;
mod injection;
mod latex_hardening;
mod module_graph;
mod original;
mod paper;
mod prose;
mod python;
mod support;
mod synth;
mod training;
