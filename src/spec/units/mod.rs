//! Owns the quantity parsers for spec fields: parameter counts, context windows, byte sizes, durations, hardware, data sizes and throughputs.
//!
//! Every type accepts the loose forms people write in YAML (surrounding whitespace,
//! optional whitespace between number and unit, decimals such as `1.5` and exponents
//! such as `7e9`) and prints one canonical form that parses back to the same value.
//! Integer quantities are computed exactly: the number is read as integer digits and a
//! power of ten and scaled with integer arithmetic, never through `f64`, so `1.5T` is
//! exactly 1,500,000,000,000. Work is linear in the input length.

use serde::Serialize;
use std::fmt;

/// Which quantity a parse error is about; it picks the wording of the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    ParamCount,
    ContextWindow,
    ByteSize,
    Duration,
    Hardware,
}

impl Quantity {
    fn noun(self) -> &'static str {
        match self {
            Quantity::ParamCount => "a parameter count",
            Quantity::ContextWindow => "a context window",
            Quantity::ByteSize => "a byte size",
            Quantity::Duration => "a duration",
            Quantity::Hardware => "a hardware description",
        }
    }

    fn forms(self) -> &'static str {
        match self {
            Quantity::ParamCount => {
                "use a number with an optional K, M, B or T suffix, such as 350M, 8B or 1.5T"
            }
            Quantity::ContextWindow => {
                "use a token count with an optional k (x1024) or M (x1048576) suffix, such as 8192, 256k or 1M, or write 'infinite'"
            }
            Quantity::ByteSize => {
                "use a number with a unit B, KB, MB, GB, TB, PB (powers of 1000) or KiB, MiB, GiB, TiB, PiB (powers of 1024), such as 16GB, 512MiB or 1.5TB"
            }
            Quantity::Duration => {
                "use a number with a unit of seconds (s, sec), minutes (min), hours (h, hr), days (d) or weeks (w, wk), such as 90 seconds, 6 hours or 21 days"
            }
            Quantity::Hardware => {
                "use COUNTxNAME or just NAME, such as 8xH100, 4xA100-80GB, 2x RTX 4090, H100 or cpu"
            }
        }
    }

    fn unit_plural(self) -> &'static str {
        match self {
            Quantity::ParamCount => "parameters",
            Quantity::ContextWindow => "tokens",
            Quantity::ByteSize => "bytes",
            Quantity::Duration => "seconds",
            Quantity::Hardware => "accelerators",
        }
    }
}

/// Why a quantity could not be parsed. Every message names the text and says what to write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
    #[error("'{text}' is not {}; {}", .kind.noun(), .kind.forms())]
    Invalid { kind: Quantity, text: String },
    #[error("'{text}' is zero, but {} must be greater than zero; {}", .kind.noun(), .kind.forms())]
    Zero { kind: Quantity, text: String },
    #[error("'{text}' is not a whole number of {}; {}", .kind.unit_plural(), .kind.forms())]
    NotWhole { kind: Quantity, text: String },
    #[error("'{text}' is too large; {} can be at most {} {}", .kind.noun(), u64::MAX, .kind.unit_plural())]
    TooLarge { kind: Quantity, text: String },
    #[error(
        "'{text}' is ambiguous because 'm' could mean minutes or months; write '{suggestion}' for minutes"
    )]
    AmbiguousMinutes { text: String, suggestion: String },
    #[error(
        "'{text}' asks for {count} accelerators; use a count from 1 to {}, such as 8xH100",
        Hardware::MAX_COUNT
    )]
    HardwareCount { text: String, count: String },
}

// ---------------------------------------------------------------------------------------
// Exact decimal numbers.

/// Splits "1.5 GB" into ("1.5", "GB"): the longest leading decimal literal
/// (`digits[.digits][e[+-]digits]`) and the rest with leading whitespace removed.
fn split_number(text: &str) -> (&str, &str) {
    let bytes = text.as_bytes();
    let digits_from = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let mut end = digits_from(0);
    if end == 0 {
        return ("", text);
    }
    if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end = digits_from(end + 1);
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let mut exp = end + 1;
        if matches!(bytes.get(exp), Some(b'+' | b'-')) {
            exp += 1;
        }
        // Only a digit makes this an exponent; otherwise the 'e' starts the unit.
        if bytes.get(exp).is_some_and(u8::is_ascii_digit) {
            end = digits_from(exp);
        }
    }
    // Every byte before `end` is ASCII, so `end` is a character boundary.
    match text.split_at_checked(end) {
        Some((number, rest)) => (number, rest.trim_start()),
        None => ("", text),
    }
}

/// An exact decimal value `digits x 10^exp10`.
#[derive(Debug, Clone, Copy)]
struct Decimal {
    digits: u128,
    exp10: i64,
}

/// Why a decimal could not become a whole `u64` count.
enum ScaleError {
    Malformed,
    Zero,
    NotWhole,
    TooLarge,
}

impl Decimal {
    /// Reads a literal produced by `split_number`. Leading and trailing zeros are folded
    /// into the exponent, so only significant digits count against the 38 a `u128` holds;
    /// more than that cannot name a whole `u64` and is reported as malformed.
    fn parse(number: &str) -> Result<Decimal, ScaleError> {
        let (mantissa, exponent) = match number.find(['e', 'E']) {
            Some(at) => (&number[..at], &number[at + 1..]),
            None => (number, ""),
        };
        if mantissa.is_empty() {
            return Err(ScaleError::Malformed);
        }
        let mut exp10: i64 = 0;
        if !exponent.is_empty() {
            let (negative, magnitude) = match exponent.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, exponent.strip_prefix('+').unwrap_or(exponent)),
            };
            for c in magnitude.bytes() {
                if !c.is_ascii_digit() {
                    return Err(ScaleError::Malformed);
                }
                // Saturate: anything past a million is far outside u64 either way.
                exp10 = (exp10 * 10 + i64::from(c - b'0')).min(1_000_000);
            }
            if negative {
                exp10 = -exp10;
            }
        }
        let mut digits: u128 = 0;
        let mut pending_zeros: u32 = 0;
        let mut after_point = false;
        for c in mantissa.bytes() {
            if c == b'.' {
                after_point = true;
                continue;
            }
            if !c.is_ascii_digit() {
                return Err(ScaleError::Malformed);
            }
            if after_point {
                exp10 -= 1;
            }
            if c == b'0' {
                pending_zeros = pending_zeros.saturating_add(1);
                continue;
            }
            if digits != 0 {
                // At most 39 multiplications happen before this overflows, however many zeros.
                for _ in 0..pending_zeros {
                    digits = digits.checked_mul(10).ok_or(ScaleError::Malformed)?;
                }
            }
            pending_zeros = 0;
            digits = digits
                .checked_mul(10)
                .and_then(|d| d.checked_add(u128::from(c - b'0')))
                .ok_or(ScaleError::Malformed)?;
        }
        if digits != 0 {
            exp10 += i64::from(pending_zeros);
        }
        Ok(Decimal { digits, exp10 })
    }

    /// The exact value times `unit`, when that is a whole number that fits in `u64`.
    fn times(self, unit: u64) -> Result<u64, ScaleError> {
        if self.digits == 0 {
            return Err(ScaleError::Zero);
        }
        let mut num = self.digits;
        let mut unit = u128::from(unit);
        if self.exp10 >= 0 {
            let power = u32::try_from(self.exp10)
                .ok()
                .and_then(|e| 10u128.checked_pow(e))
                .ok_or(ScaleError::TooLarge)?;
            let value = num
                .checked_mul(power)
                .and_then(|v| v.checked_mul(unit))
                .ok_or(ScaleError::TooLarge)?;
            return u64::try_from(value).map_err(|_| ScaleError::TooLarge);
        }
        // Dividing by 10^k: digits < 2^128 and unit <= 2^50, so their product is below
        // 10^54 and any k above 80 leaves a positive fraction below one.
        let k = self.exp10.unsigned_abs();
        if k > 80 {
            return Err(ScaleError::NotWhole);
        }
        for _ in 0..k {
            for factor in [2u128, 5] {
                if num.is_multiple_of(factor) {
                    num /= factor;
                } else if unit.is_multiple_of(factor) {
                    unit /= factor;
                } else {
                    return Err(ScaleError::NotWhole);
                }
            }
        }
        let value = num.checked_mul(unit).ok_or(ScaleError::TooLarge)?;
        u64::try_from(value).map_err(|_| ScaleError::TooLarge)
    }
}

/// Parses `number` (from `split_number`) and scales it by `unit`, mapping failures to
/// messages about `kind` that quote the trimmed input `text`.
fn scaled(kind: Quantity, text: &str, number: &str, unit: u64) -> Result<u64, UnitError> {
    let text = text.to_string();
    Decimal::parse(number)
        .and_then(|d| d.times(unit))
        .map_err(|e| match e {
            ScaleError::Malformed => UnitError::Invalid { kind, text },
            ScaleError::Zero => UnitError::Zero { kind, text },
            ScaleError::NotWhole => UnitError::NotWhole { kind, text },
            ScaleError::TooLarge => UnitError::TooLarge { kind, text },
        })
}

/// `n / unit` with at most three fractional digits, or None when that is not exact.
fn exact_ratio(n: u64, unit: u64) -> Option<String> {
    let unit = u128::from(unit.max(1));
    let milli = u128::from(n) * 1000;
    if !milli.is_multiple_of(unit) {
        return None;
    }
    let milli = milli / unit;
    let (whole, frac) = (milli / 1000, milli % 1000);
    Some(if frac == 0 {
        whole.to_string()
    } else {
        let frac = format!("{frac:03}");
        format!("{whole}.{}", frac.trim_end_matches('0'))
    })
}

const COUNT_SUFFIXES: [(&str, u64); 4] = [
    ("T", 1_000_000_000_000),
    ("B", 1_000_000_000),
    ("M", 1_000_000),
    ("K", 1_000),
];

/// Multiplier for a decimal count suffix (K, M, B, T in either case; empty is 1).
fn count_suffix(suffix: &str) -> Option<u64> {
    if suffix.is_empty() {
        return Some(1);
    }
    COUNT_SUFFIXES
        .iter()
        .find(|(s, _)| s.eq_ignore_ascii_case(suffix))
        .map(|(_, unit)| *unit)
}

/// Canonical count: the largest suffix not above the value when the mantissa then needs
/// at most three fractional digits ("1.5T", "350M", "1.234K"); otherwise the plain integer
/// ("124439808"), so the text always parses back to exactly `n`.
pub fn format_count(n: u64) -> String {
    match COUNT_SUFFIXES.iter().find(|(_, unit)| n >= *unit) {
        Some((suffix, unit)) => match exact_ratio(n, *unit) {
            Some(mantissa) => format!("{mantissa}{suffix}"),
            None => n.to_string(),
        },
        None => n.to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// Parameter counts.

/// A whole number of model parameters, greater than zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ParamCount(pub u64);

impl ParamCount {
    /// Parses "8B", "350M", "1.5T", "7e9" or "124439808" (K, M, B, T are powers of 1000).
    pub fn parse(text: &str) -> Result<Self, UnitError> {
        let text = text.trim();
        let (number, suffix) = split_number(text);
        let unit = count_suffix(suffix).filter(|_| !number.is_empty());
        let unit = unit.ok_or_else(|| UnitError::Invalid {
            kind: Quantity::ParamCount,
            text: text.to_string(),
        })?;
        scaled(Quantity::ParamCount, text, number, unit).map(ParamCount)
    }

    /// Rounded form for tables, such as "8.03B" (see `numbers::short_count`).
    pub fn human(&self) -> String {
        crate::numbers::short_count(self.0)
    }
}

impl fmt::Display for ParamCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_count(self.0))
    }
}

// ---------------------------------------------------------------------------------------
// Context windows.

/// Shown to the user when the spec asks for an unbounded context.
pub const INFINITE_CONTEXT_WARNING: &str =
    "Infinite context requested; approximating with 1M tokens.";

/// Tokens used to stand in for an infinite context (1M = 1024 x 1024).
pub const INFINITE_CONTEXT_TOKENS: u64 = 1_048_576;

/// A context window in tokens. Suffixes are binary, as context lengths conventionally
/// are: k = 1024 and M = 1024 x 1024, so "256k" is 262,144 tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct ContextWindow {
    pub tokens: u64,
    /// The spec asked for an unbounded context; `tokens` is then the 1M stand-in.
    pub infinite: bool,
}

impl ContextWindow {
    /// The stand-in for an unbounded context.
    pub fn infinite() -> Self {
        ContextWindow {
            tokens: INFINITE_CONTEXT_TOKENS,
            infinite: true,
        }
    }

    /// Parses "8192", "256k", "1M", "1.5M", "32k tokens" or "infinite" / "inf" / "∞".
    pub fn parse(text: &str) -> Result<Self, UnitError> {
        let text = text.trim();
        let lower = text.to_lowercase();
        if matches!(lower.as_str(), "∞" | "inf" | "infinite" | "infinity") {
            return Ok(ContextWindow::infinite());
        }
        let (number, rest) = split_number(text);
        let rest = rest.to_ascii_lowercase();
        // A trailing "tokens" is allowed because people write "32k tokens".
        let suffix = rest
            .strip_suffix("tokens")
            .or_else(|| rest.strip_suffix("token"))
            .unwrap_or(&rest)
            .trim_end();
        let unit = match suffix {
            "" => Some(1),
            "k" => Some(1024),
            "m" => Some(1024 * 1024),
            _ => None,
        };
        let unit = unit.filter(|_| !number.is_empty());
        let unit = unit.ok_or_else(|| UnitError::Invalid {
            kind: Quantity::ContextWindow,
            text: text.to_string(),
        })?;
        let tokens = scaled(Quantity::ContextWindow, text, number, unit)?;
        Ok(ContextWindow {
            tokens,
            infinite: false,
        })
    }
}

impl fmt::Display for ContextWindow {
    /// "infinite", "1M" / "4M" when a multiple of 1024 x 1024, "256k" when a multiple of
    /// 1024, otherwise the plain count.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MEBI: u64 = 1024 * 1024;
        if self.infinite {
            f.write_str("infinite")
        } else if self.tokens > 0 && self.tokens.is_multiple_of(MEBI) {
            write!(f, "{}M", self.tokens / MEBI)
        } else if self.tokens > 0 && self.tokens.is_multiple_of(1024) {
            write!(f, "{}k", self.tokens / 1024)
        } else {
            write!(f, "{}", self.tokens)
        }
    }
}

// ---------------------------------------------------------------------------------------
// Byte sizes.

/// Decimal units first, then binary; the order breaks display ties in favour of decimal.
const BYTE_UNITS: [(&str, u64); 11] = [
    ("B", 1),
    ("KB", 1_000),
    ("MB", 1_000_000),
    ("GB", 1_000_000_000),
    ("TB", 1_000_000_000_000),
    ("PB", 1_000_000_000_000_000),
    ("KiB", 1 << 10),
    ("MiB", 1 << 20),
    ("GiB", 1 << 30),
    ("TiB", 1 << 40),
    ("PiB", 1 << 50),
];

/// Multiplier for a byte unit, ignoring case; "byte" and "bytes" also mean B.
fn byte_unit(unit: &str) -> Option<u64> {
    if unit.eq_ignore_ascii_case("byte") || unit.eq_ignore_ascii_case("bytes") {
        return Some(1);
    }
    BYTE_UNITS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(unit))
        .map(|(_, size)| *size)
}

/// Canonical (mantissa, unit) for a byte count: the shortest exact rendering over all
/// units with at most three fractional digits and a mantissa of at least 1; ties go to
/// decimal units, then to the larger unit. "B" always qualifies, so there is always one.
fn render_bytes(n: u64) -> (String, &'static str) {
    let mut best = (n.to_string(), "B");
    for (unit, size) in BYTE_UNITS {
        if n < size {
            continue;
        }
        if let Some(mantissa) = exact_ratio(n, size) {
            let length = mantissa.len() + unit.len();
            // Strictly shorter wins; equal length keeps the earlier (decimal) unit unless
            // this one is larger within the same family.
            let best_length = best.0.len() + best.1.len();
            let same_family = unit.contains('i') == best.1.contains('i');
            if length < best_length || (length == best_length && same_family) {
                best = (mantissa, unit);
            }
        }
    }
    best
}

/// A number of bytes, greater than zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ByteSize(pub u64);

impl ByteSize {
    /// Parses "16GB" (1e9), "16GiB" (2^30), "512MB", "1.5GB", "100B" or "100 bytes";
    /// units ignore case. A bare number is rejected because "16" could mean bytes or GB.
    pub fn parse(text: &str) -> Result<Self, UnitError> {
        let text = text.trim();
        let (number, unit) = split_number(text);
        let size = byte_unit(unit).filter(|_| !number.is_empty());
        let size = size.ok_or_else(|| UnitError::Invalid {
            kind: Quantity::ByteSize,
            text: text.to_string(),
        })?;
        scaled(Quantity::ByteSize, text, number, size).map(ByteSize)
    }

    /// Rounded to three significant digits in its unit, such as "16.1 GB".
    pub fn human_gb(&self) -> String {
        crate::numbers::memory(self.0)
    }
}

impl fmt::Display for ByteSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (mantissa, unit) = render_bytes(self.0);
        write!(f, "{mantissa}{unit}")
    }
}

// ---------------------------------------------------------------------------------------
// Durations.

const DURATION_UNITS: [(&[&str], u64); 5] = [
    (&["s", "sec", "secs", "second", "seconds"], 1),
    (&["min", "mins", "minute", "minutes"], 60),
    (&["h", "hr", "hrs", "hour", "hours"], 3_600),
    (&["d", "day", "days"], 86_400),
    (&["w", "wk", "wks", "week", "weeks"], 604_800),
];

/// A length of time in whole seconds, greater than zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Duration {
    pub seconds: u64,
}

impl Duration {
    /// Parses "21 days", "6 hours", "1.5 days", "90 s", "2 wk". A bare "m" is refused
    /// because it could mean minutes or months.
    pub fn parse(text: &str) -> Result<Self, UnitError> {
        let text = text.trim();
        let (number, unit) = split_number(text);
        let unit = unit.to_ascii_lowercase();
        if unit == "m" && !number.is_empty() {
            return Err(UnitError::AmbiguousMinutes {
                text: text.to_string(),
                suggestion: format!("{number} min"),
            });
        }
        let size = DURATION_UNITS
            .iter()
            .find(|(names, _)| names.contains(&unit.as_str()))
            .map(|(_, size)| *size)
            .filter(|_| !number.is_empty());
        let size = size.ok_or_else(|| UnitError::Invalid {
            kind: Quantity::Duration,
            text: text.to_string(),
        })?;
        scaled(Quantity::Duration, text, number, size).map(|seconds| Duration { seconds })
    }
}

impl fmt::Display for Duration {
    /// The largest of days, hours, minutes and seconds that divides evenly, singular for
    /// one: "21 days", "1 day", "36 hours". Weeks are accepted but not printed, because
    /// training schedules are usually quoted in days.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let units = [
            ("day", 86_400),
            ("hour", 3_600),
            ("minute", 60),
            ("second", 1),
        ];
        let s = self.seconds;
        let (name, size) = units
            .into_iter()
            .find(|(_, size)| s > 0 && s.is_multiple_of(*size))
            .unwrap_or(("second", 1));
        let count = s / size;
        let plural = if count == 1 { "" } else { "s" };
        write!(f, "{count} {name}{plural}")
    }
}

// Hardware, data sizes and throughput live in their own file to keep each file short.
mod resources;
pub use resources::{DataSize, Hardware, RateUnit, Throughput};

#[cfg(test)]
mod tests;

#[cfg(test)]
mod proptests;
