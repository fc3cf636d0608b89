//! Owns the parsers for resource descriptions in the spec: hardware, data sizes and throughput targets (re-exported by `units`).

use crate::hardware::{
    AcceleratorSpec, accelerator_names, fallback_accelerator, lookup_accelerator,
};

use super::{
    Decimal, Quantity, UnitError, byte_unit, count_suffix, format_count, render_bytes, split_number,
};
use serde::Serialize;
use std::fmt;

// ---------------------------------------------------------------------------------------
// Hardware.

/// Accelerators used for training or serving: "8xH100" is eight H100s.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hardware {
    pub count: u32,
    /// The name as written, upper-cased with runs of whitespace collapsed, such as "RTX 4090".
    pub accelerator: String,
    /// The table entry the name resolves to; None for an unknown accelerator.
    pub known: Option<&'static AcceleratorSpec>,
}

impl Hardware {
    /// Largest accepted accelerator count; far beyond any real cluster, it only guards input.
    pub const MAX_COUNT: u32 = 1_000_000;

    /// Parses "256xA100", "8 x H100", "8×H100", "2x RTX 4090", "H100" (one) or "cpu".
    /// An unknown accelerator name is accepted (see `unknown_accelerator_warning`).
    pub fn parse(text: &str) -> Result<Self, UnitError> {
        let text = text.trim();
        let invalid = || UnitError::Invalid {
            kind: Quantity::Hardware,
            text: text.to_string(),
        };
        let digit_count = text.bytes().take_while(u8::is_ascii_digit).count();
        let (count, name) = match text.split_at_checked(digit_count) {
            Some((_, name)) if digit_count == 0 => (1, name),
            Some((digits, rest)) => {
                let name = rest
                    .trim_start()
                    .strip_prefix(['x', 'X', '×', '*'])
                    .ok_or_else(invalid)?
                    .trim_start();
                let count = digits
                    .parse::<u32>()
                    .ok()
                    .filter(|c| (1..=Self::MAX_COUNT).contains(c))
                    .ok_or_else(|| UnitError::HardwareCount {
                        text: text.to_string(),
                        count: digits.to_string(),
                    })?;
                (count, name)
            }
            None => return Err(invalid()),
        };
        // Names are ASCII words such as "A100-80GB" or "RTX 4090"; anything else is a typo.
        let starts_well = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        let all_allowed = name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'));
        if !starts_well || !all_allowed {
            return Err(invalid());
        }
        let accelerator = name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_uppercase();
        let known = lookup_accelerator(&accelerator);
        Ok(Hardware {
            count,
            accelerator,
            known,
        })
    }

    /// The figures to compute with: the known entry, or the documented fallback (H100).
    pub fn spec(&self) -> &'static AcceleratorSpec {
        self.known.unwrap_or_else(fallback_accelerator)
    }

    /// A warning for the user when the accelerator is not in the table.
    pub fn unknown_accelerator_warning(&self) -> Option<String> {
        if self.known.is_some() {
            return None;
        }
        Some(format!(
            "Unknown accelerator '{}'; compute estimates assume an H100-class device. Known accelerators: {}.",
            self.accelerator,
            accelerator_names().join(", ")
        ))
    }
}

impl fmt::Display for Hardware {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}", self.count, self.accelerator)
    }
}

// ---------------------------------------------------------------------------------------
// Data sizes.

/// Nouns that name a count of samples; compared after lower-casing and collapsing spaces.
const SAMPLE_NOUNS: &[&str] = &[
    "sample",
    "samples",
    "example",
    "examples",
    "image",
    "images",
    "pair",
    "pairs",
    "image-text pair",
    "image-text pairs",
    "text-image pairs",
    "clip",
    "clips",
    "video",
    "videos",
    "utterance",
    "utterances",
    "sequence",
    "sequences",
    "document",
    "documents",
];

/// How much training data the spec describes. Counts use decimal K/M/B/T suffixes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DataSize {
    Tokens(u64),
    /// Samples, images, examples or pairs.
    Samples(u64),
    /// Raw bytes (decimal or binary units, as for `ByteSize`).
    Bytes(u64),
    /// Hours of audio or video.
    Hours(u64),
    /// Steps taken in a reinforcement-learning environment.
    EnvironmentSteps(u64),
    /// Episodes of a reinforcement-learning environment (of no fixed length).
    Episodes(u64),
    /// Anything we could not read, kept verbatim (trimmed) for the documentation.
    Text(String),
}

impl DataSize {
    /// Reads "2T tokens", "1.28M images", "400M image-text pairs", "500GB", "20k hours",
    /// "1M environment steps" or "10k episodes";
    /// anything else, including a count with no noun ("1.5B" could mean bytes or billions),
    /// is kept as `Text`. Never fails.
    pub fn parse(text: &str) -> DataSize {
        let text = text.trim();
        Self::parse_quantity(text).unwrap_or_else(|| DataSize::Text(text.to_string()))
    }

    fn parse_quantity(text: &str) -> Option<DataSize> {
        let (number, rest) = split_number(text);
        if number.is_empty() {
            return None;
        }
        let count = |unit: u64| Decimal::parse(number).and_then(|d| d.times(unit)).ok();
        // Byte units first, so "500GB" is bytes, but a lone "B" is the billions suffix.
        if !rest.eq_ignore_ascii_case("b")
            && let Some(size) = byte_unit(rest)
        {
            return count(size).map(DataSize::Bytes);
        }
        // An optional K/M/B/T suffix must be followed by whitespace or nothing, so the
        // 't' of "5 tokens" is not read as trillions.
        let mut chars = rest.chars();
        let first = chars.next().map(String::from).unwrap_or_default();
        let after = chars.as_str();
        let (unit, noun) = match count_suffix(&first) {
            Some(unit) if after.is_empty() || after.starts_with(char::is_whitespace) => {
                (unit, after.trim_start())
            }
            _ => (1, rest),
        };
        let noun = noun
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_lowercase();
        let value = count(unit)?;
        match noun.as_str() {
            "token" | "tokens" | "tok" | "toks" => Some(DataSize::Tokens(value)),
            "hour" | "hours" | "h" | "hr" | "hrs" => Some(DataSize::Hours(value)),
            "byte" | "bytes" => Some(DataSize::Bytes(value)),
            "environment step"
            | "environment steps"
            | "env step"
            | "env steps"
            | "environment interaction"
            | "environment interactions" => Some(DataSize::EnvironmentSteps(value)),
            "episode" | "episodes" => Some(DataSize::Episodes(value)),
            noun if SAMPLE_NOUNS.contains(&noun) => Some(DataSize::Samples(value)),
            _ => None,
        }
    }
}

impl fmt::Display for DataSize {
    /// "2T tokens", "1.28M samples", "20K hours", "500GB", "100 bytes"; text verbatim.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counted = |f: &mut fmt::Formatter<'_>, n: u64, noun: &str| {
            let plural = if n == 1 { "" } else { "s" };
            write!(f, "{} {noun}{plural}", format_count(n))
        };
        match self {
            DataSize::Tokens(n) => counted(f, *n, "token"),
            DataSize::Samples(n) => counted(f, *n, "sample"),
            DataSize::Hours(n) => counted(f, *n, "hour"),
            DataSize::EnvironmentSteps(n) => counted(f, *n, "environment step"),
            DataSize::Episodes(n) => counted(f, *n, "episode"),
            DataSize::Bytes(n) => match render_bytes(*n) {
                // A bare "B" would read back as the billions suffix, so spell it out.
                (_, "B") => counted(f, *n, "byte"),
                (mantissa, unit) => write!(f, "{mantissa}{unit}"),
            },
            DataSize::Text(text) => f.write_str(text),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Throughput.

/// What a throughput constraint counts per second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RateUnit {
    TokensPerSecond,
    FramesPerSecond,
    ImagesPerSecond,
    /// Samples, queries or requests per second.
    SamplesPerSecond,
}

impl RateUnit {
    /// Canonical symbol used by `Display`.
    pub fn symbol(self) -> &'static str {
        match self {
            RateUnit::TokensPerSecond => "tok/s",
            RateUnit::FramesPerSecond => "fps",
            RateUnit::ImagesPerSecond => "img/s",
            RateUnit::SamplesPerSecond => "samples/s",
        }
    }

    /// Reads a unit after lower-casing and collapsing whitespace.
    fn from_text(unit: &str) -> Option<RateUnit> {
        let unit = match unit {
            "tok/s" | "tokens/s" | "token/s" | "tok/sec" | "tokens/sec" | "tokens/second"
            | "tokens per second" | "tps" => RateUnit::TokensPerSecond,
            "fps" | "frames/s" | "frame/s" | "frames/sec" | "frames per second" => {
                RateUnit::FramesPerSecond
            }
            "img/s" | "imgs/s" | "images/s" | "image/s" | "images/sec" | "images per second" => {
                RateUnit::ImagesPerSecond
            }
            "samples/s"
            | "sample/s"
            | "samples/sec"
            | "samples per second"
            | "qps"
            | "req/s"
            | "requests/s"
            | "requests per second"
            | "rps" => RateUnit::SamplesPerSecond,
            _ => return None,
        };
        Some(unit)
    }
}

/// A throughput constraint: a positive finite rate, or free text kept verbatim (trimmed).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Throughput {
    Rate { value: f64, unit: RateUnit },
    Text(String),
}

impl Throughput {
    /// Reads "120 tok/s", "30fps", "0.5 img/s", "100 qps"; anything else is `Text`.
    pub fn parse(text: &str) -> Throughput {
        let text = text.trim();
        let (number, rest) = split_number(text);
        let unit = rest
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_lowercase();
        // `split_number` only passes plain decimal literals, so "inf" and "NaN" never reach
        // the float parser; the range check still drops overflow to infinity and zero.
        let value = number
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v > 0.0);
        match (value, RateUnit::from_text(&unit)) {
            (Some(value), Some(unit)) => Throughput::Rate { value, unit },
            _ => Throughput::Text(text.to_string()),
        }
    }
}

impl fmt::Display for Throughput {
    /// `f64`'s `Display` prints the shortest decimal that reads back to the same value
    /// (never an exponent), so the rate survives a round trip exactly.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Throughput::Rate { value, unit } => write!(f, "{value} {}", unit.symbol()),
            Throughput::Text(text) => f.write_str(text),
        }
    }
}
