//! Deserializers for fields whose form differs between our language and the
//! original's: a latency given as a duration, an unknown architecture
//! family, and values written either as one string or as a list.

use schemars::{Schema, SchemaGenerator, json_schema};
use serde::Deserializer;
use serde::de::{Error, SeqAccess, Visitor};

use super::enums::{Family, Latency, fold_word};
use super::units_time::LatencyTarget;

/// The largest edit distance at which an unknown family is taken for a typo
/// of a known one (an error with "did you mean") rather than an unknown
/// family (a warning and the original's fallback to `transformer`).
pub const FAMILY_TYPO_DISTANCE: usize = 2;

/// Reads `constraints.latency`: a latency class, or a duration such as
/// "10ms", which is read as the class it falls in (`resolve` keeps the
/// duration as `latency_target`).
pub fn latency_class_or_target<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Latency, D::Error> {
    struct LatencyVisitor;
    impl Visitor<'_> for LatencyVisitor {
        type Value = Latency;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(
                f,
                "a latency class ({}) or a duration such as 10ms",
                Latency::NAMES.join(", ")
            )
        }
        fn visit_str<E: Error>(self, v: &str) -> Result<Latency, E> {
            Latency::from_word(v)
                .or_else(|| LatencyTarget::parse(v).ok().map(LatencyTarget::class))
                .ok_or_else(|| E::unknown_variant(v, Latency::NAMES))
        }
    }
    deserializer.deserialize_str(LatencyVisitor)
}

/// The schema of `constraints.latency`: a class or a duration.
pub fn latency_schema(generator: &mut SchemaGenerator) -> Schema {
    let class = generator.subschema_for::<Latency>();
    json_schema!({
        "anyOf": [
            class,
            {
                "type": "string",
                "pattern": r"^\s*[0-9]+(\.[0-9]+)?\s*(us|µs|ms|s|sec|seconds?)\s*$",
                "description": "A latency target such as 10ms or 100 ms, read as `latency_target` and the class it falls in."
            }
        ],
        "default": "near-real-time"
    })
}

/// Whether `word` is within `FAMILY_TYPO_DISTANCE` edits of a known family.
pub fn is_family_typo(word: &str) -> bool {
    let folded = fold_word(word);
    Family::NAMES
        .iter()
        .any(|name| strsim::damerau_levenshtein(&folded, name) <= FAMILY_TYPO_DISTANCE)
}

/// Reads `architecture.family`: a known family; a near-miss typo is an
/// error; any other name falls back to `transformer` (`resolve` warns).
pub fn family_or_fallback<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Family, D::Error> {
    struct FamilyVisitor;
    impl Visitor<'_> for FamilyVisitor {
        type Value = Family;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "an architecture family ({})", Family::NAMES.join(", "))
        }
        fn visit_str<E: Error>(self, v: &str) -> Result<Family, E> {
            match Family::from_word(v) {
                Some(family) => Ok(family),
                None if is_family_typo(v) => Err(E::unknown_variant(v, Family::NAMES)),
                None => Ok(Family::Transformer),
            }
        }
    }
    deserializer.deserialize_str(FamilyVisitor)
}

/// Reads one string or a list of strings as a list.
pub fn string_or_list<'de, D: Deserializer<'de>>(
    deserializer: D,
    what: &'static str,
) -> Result<Vec<String>, D::Error> {
    struct ListVisitor(&'static str);
    impl<'de> Visitor<'de> for ListVisitor {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: Error>(self, v: &str) -> Result<Vec<String>, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element::<String>()? {
                items.push(item);
            }
            Ok(items)
        }
    }
    deserializer.deserialize_any(ListVisitor(what))
}

/// Reads `training.config.data_augmentation`: a switch, one transform or a
/// list of transforms.
pub fn bool_string_or_list<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<super::types::DataAugmentation, D::Error> {
    use super::types::DataAugmentation;
    struct AugmentationVisitor;
    impl<'de> Visitor<'de> for AugmentationVisitor {
        type Value = DataAugmentation;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("true, false, a transform name or a list of them")
        }
        fn visit_bool<E: Error>(self, v: bool) -> Result<DataAugmentation, E> {
            Ok(DataAugmentation::Enabled(v))
        }
        fn visit_str<E: Error>(self, v: &str) -> Result<DataAugmentation, E> {
            Ok(DataAugmentation::Transforms(vec![v.to_string()]))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<DataAugmentation, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element::<String>()? {
                items.push(item);
            }
            Ok(DataAugmentation::Transforms(items))
        }
    }
    deserializer.deserialize_any(AugmentationVisitor)
}
