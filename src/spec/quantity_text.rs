//! Quantities as written in a spec: text (or a bare YAML number) kept
//! verbatim until resolution parses it, so that a bad value is reported
//! against its own line.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize};

/// Declares a text quantity that may also be written as a bare YAML number
/// (`max: 7e9`, `context_window: 512`). The text is kept verbatim and parsed
/// during resolution, so that a bad value is reported against its line.
macro_rules! quantity_text {
    ($(#[$meta:meta])* $name:ident, $pattern:expr, $example:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The text as written (numbers are rendered in plain decimal).
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self(text.to_string())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any(QuantityVisitor).map(Self)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }

            fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
                let pattern: Option<&str> = $pattern;
                match pattern {
                    Some(pattern) => json_schema!({
                        "anyOf": [
                            { "type": "string", "pattern": pattern },
                            { "type": "number", "exclusiveMinimum": 0 }
                        ],
                        "examples": [$example]
                    }),
                    None => json_schema!({
                        "type": ["string", "number"],
                        "examples": [$example]
                    }),
                }
            }
        }
    };
}

/// Accepts a string or a number and returns its text.
struct QuantityVisitor;

impl serde::de::Visitor<'_> for QuantityVisitor {
    type Value = String;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a quantity such as \"8B\", \"128k\", \"16GB\" or a plain number")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<String, E> {
        // YAML reads `7e9` as a float; keep an integral value integral so the
        // count parser sees "7000000000" rather than "7000000000.0".
        if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15 {
            Ok(format!("{}", v as i64))
        } else {
            Ok(format!("{v}"))
        }
    }
}

quantity_text!(
    /// A parameter count: "8B", "350M", "500K", "1.5T", "7e9" or an integer.
    ParamCountText,
    Some(r"^\s*[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?\s*[KkMmBbTt]?\s*$"),
    "8B"
);
quantity_text!(
    /// A context window: "128k" (k = 1024 tokens), "1M", "512", or "infinite".
    ContextText,
    Some(r"^\s*([0-9]+(\.[0-9]+)?\s*[kKmM]?|∞|[iI][nN][fF]([iI][nN][iI][tT]([eE]|[yY]))?)\s*$"),
    "128k"
);
quantity_text!(
    /// A memory size: "16GB" (10^9 bytes), "16GiB" (2^30 bytes), "512MB", "2TB".
    MemoryText,
    Some(r"^\s*[0-9]+(\.[0-9]+)?\s*([kKmMgGtTpP][iI]?[bB]|[bB]|bytes)\s*$"),
    "12GB"
);
quantity_text!(
    /// A throughput: "120 tok/s", "30fps", "2 img/s", or free text.
    ThroughputText,
    None,
    "30fps"
);
quantity_text!(
    /// Training hardware: "8xH100", "256xA100", "4xA100-80GB", "1xMPS".
    HardwareText,
    Some(r"^\s*([0-9]+\s*[xX×]\s*)?[A-Za-z][A-Za-z0-9 _-]*\s*$"),
    "8xH100"
);
quantity_text!(
    /// A duration: "21 days", "6 hours", "30 minutes", "2 weeks".
    DurationText,
    Some(r"^\s*[0-9]+(\.[0-9]+)?\s*[A-Za-z]+\s*$"),
    "3 days"
);
quantity_text!(
    /// A data size: "2T tokens", "1.28M samples", "500GB", or free text.
    DataSizeText,
    None,
    "2T tokens"
);

quantity_text!(
    /// A latency target: "10ms", "100 ms", "0.5s".
    LatencyTargetText,
    Some(r"^\s*[0-9]+(\.[0-9]+)?\s*(us|µs|ms|s|msec|millis|milliseconds?|sec|secs|seconds?)\s*$"),
    "10ms"
);
quantity_text!(
    /// An audio sample rate: 16000 (Hz), "16kHz", "44.1 kHz", "48000 Hz".
    SampleRateText,
    Some(r"^\s*[0-9]+(\.[0-9]+)?\s*([kK]?[hH][zZ])?\s*$"),
    "16kHz"
);
quantity_text!(
    /// An audio clip length: 10 (seconds), "10s", "30 seconds", "2 minutes".
    AudioLengthText,
    Some(r"^\s*[0-9]+(\.[0-9]+)?\s*[A-Za-z]*\s*$"),
    "10s"
);
