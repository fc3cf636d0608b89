//! The spec language: types, loading with located errors, resolution of
//! quantities and defaults, warnings, seed derivation and the JSON Schema.

pub mod canonical;
mod checks;
pub mod diagnostic;
pub mod enums;
pub mod lenient;
pub mod load;
pub mod migrate;
pub mod original_forms;
pub mod quantity_text;
pub mod resolve;
pub mod schema;
pub mod span_index;
pub mod suggest;
pub mod types;
pub mod units;
pub mod units_time;

pub use canonical::{Edit, ReadNote};
pub use diagnostic::{SpecDiagnostic, SpecErrors};
pub use enums::{ActionSpace, ArtifactGroup, Device, Family, Latency, Modality, TaskType};
pub use load::{LoadedSpec, SpecFormat, SpecSource, load_spec_file, parse_spec, read_spec_file};
pub use resolve::{ResolvedSpec, ValueOrigin, resolve};
pub use types::Spec;
