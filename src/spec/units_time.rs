//! Time and rate quantities that the original's users wrote beside its
//! schema: latency targets ("10ms"), audio clip lengths ("10s") and audio
//! sample rates ("16kHz").

use std::fmt;

use serde::Serialize;

use super::enums::Latency;

/// Splits "44.1 kHz" into its number (44.1) and its unit ("khz").
fn number_and_unit(text: &str) -> Option<(f64, String)> {
    let text = text.trim();
    let end = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
        .map_or(text.len(), |(i, _)| i);
    let number: f64 = text[..end].parse().ok()?;
    let unit = text[end..].trim().to_lowercase();
    number.is_finite().then_some((number, unit))
}

/// How long one request may take.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LatencyTarget {
    /// The target in milliseconds.
    pub millis: f64,
}

impl LatencyTarget {
    /// Parses "10ms", "100 ms", "0.5s", "500us"; a bare number is refused
    /// because it has no unit.
    pub fn parse(text: &str) -> Result<Self, String> {
        let forms = "write a duration with a unit, such as 10ms, 100 ms or 0.5s";
        let (number, unit) = number_and_unit(text)
            .ok_or_else(|| format!("'{}' is not a latency; {forms}", text.trim()))?;
        let scale = match unit.as_str() {
            "us" | "µs" => 0.001,
            "ms" | "msec" | "millis" | "millisecond" | "milliseconds" => 1.0,
            "s" | "sec" | "secs" | "second" | "seconds" => 1000.0,
            "" => return Err(format!("'{}' has no unit; {forms}", text.trim())),
            _ => return Err(format!("'{}' is not a latency; {forms}", text.trim())),
        };
        let millis = number * scale;
        if millis <= 0.0 {
            return Err(format!(
                "'{}' is zero; a latency target must be positive",
                text.trim()
            ));
        }
        Ok(Self { millis })
    }

    /// The latency class this target falls in: up to 50 ms is real-time
    /// (a frame every ~33 ms), up to 300 ms near-real-time (~100 ms), up to
    /// 3 s interactive (~1 s), anything longer batch.
    pub fn class(self) -> Latency {
        if self.millis <= 50.0 {
            Latency::RealTime
        } else if self.millis <= 300.0 {
            Latency::NearRealTime
        } else if self.millis <= 3000.0 {
            Latency::Interactive
        } else {
            Latency::Batch
        }
    }
}

impl fmt::Display for LatencyTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ms", self.millis)
    }
}

/// An audio sample rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SampleRate {
    /// Samples per second.
    pub hz: u64,
}

impl SampleRate {
    /// Parses 16000, "16000 Hz", "16kHz", "44.1 kHz".
    pub fn parse(text: &str) -> Result<Self, String> {
        let forms = "write a rate such as 16000, 16kHz or 44.1 kHz";
        let (number, unit) = number_and_unit(text)
            .ok_or_else(|| format!("'{}' is not a sample rate; {forms}", text.trim()))?;
        let scale = match unit.as_str() {
            "" | "hz" => 1.0,
            "khz" => 1000.0,
            _ => return Err(format!("'{}' is not a sample rate; {forms}", text.trim())),
        };
        let hz = number * scale;
        if hz < 1.0 || hz.fract() != 0.0 || hz > 1.0e9 {
            return Err(format!(
                "'{}' is not a whole, positive number of samples per second; {forms}",
                text.trim()
            ));
        }
        Ok(Self { hz: hz as u64 })
    }
}

/// The length of one audio clip.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AudioLength {
    /// Seconds of audio.
    pub seconds: f64,
}

impl AudioLength {
    /// Parses 10 (seconds), "10s", "30 seconds", "1.5 min", "500ms".
    pub fn parse(text: &str) -> Result<Self, String> {
        let forms = "write a length such as 10 (seconds), 10s, 30 seconds or 2 min";
        let (number, unit) = number_and_unit(text)
            .ok_or_else(|| format!("'{}' is not an audio length; {forms}", text.trim()))?;
        let scale = match unit.as_str() {
            "ms" => 0.001,
            "" | "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            "min" | "mins" | "minute" | "minutes" => 60.0,
            "h" | "hr" | "hour" | "hours" => 3600.0,
            "m" => {
                return Err(format!(
                    "'{}' is ambiguous because 'm' could mean minutes or metres; write 'min'",
                    text.trim()
                ));
            }
            _ => return Err(format!("'{}' is not an audio length; {forms}", text.trim())),
        };
        let seconds = number * scale;
        if seconds <= 0.0 {
            return Err(format!(
                "'{}' is zero; an audio length must be positive",
                text.trim()
            ));
        }
        Ok(Self { seconds })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latency_targets_parse_and_fall_in_classes() {
        let cases = [
            ("10ms", 10.0, Latency::RealTime),
            ("100ms", 100.0, Latency::NearRealTime),
            (" 100 ms ", 100.0, Latency::NearRealTime),
            ("0.5s", 500.0, Latency::Interactive),
            ("2 seconds", 2000.0, Latency::Interactive),
            ("5s", 5000.0, Latency::Batch),
            ("500us", 0.5, Latency::RealTime),
        ];
        for (text, millis, class) in cases {
            let target = LatencyTarget::parse(text).unwrap();
            assert!((target.millis - millis).abs() < 1e-9, "{text}");
            assert_eq!(target.class(), class, "{text}");
        }
        for bad in ["10", "fast", "0ms", "10 parsecs", ""] {
            assert!(LatencyTarget::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sample_rates_parse_to_whole_hertz() {
        assert_eq!(SampleRate::parse("16000").unwrap().hz, 16_000);
        assert_eq!(SampleRate::parse("16kHz").unwrap().hz, 16_000);
        assert_eq!(SampleRate::parse("44.1 kHz").unwrap().hz, 44_100);
        assert_eq!(SampleRate::parse("48000 Hz").unwrap().hz, 48_000);
        for bad in ["0", "16.5", "fast", "16 MHz"] {
            assert!(SampleRate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn audio_lengths_parse_to_seconds() {
        assert_eq!(AudioLength::parse("10").unwrap().seconds, 10.0);
        assert_eq!(AudioLength::parse("10s").unwrap().seconds, 10.0);
        assert_eq!(AudioLength::parse("30 seconds").unwrap().seconds, 30.0);
        assert_eq!(AudioLength::parse("2 min").unwrap().seconds, 120.0);
        for bad in ["2m", "0s", "long"] {
            assert!(AudioLength::parse(bad).is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn parsers_survive_any_string(text in "\\PC{0,40}") {
            let _ = LatencyTarget::parse(&text);
            let _ = SampleRate::parse(&text);
            let _ = AudioLength::parse(&text);
        }

        #[test]
        fn whole_quantities_round_trip(n in 1u32..1_000_000) {
            proptest::prop_assert_eq!(LatencyTarget::parse(&format!("{n}ms")).unwrap().millis, f64::from(n));
            proptest::prop_assert_eq!(SampleRate::parse(&format!("{n} Hz")).unwrap().hz, u64::from(n));
            proptest::prop_assert_eq!(AudioLength::parse(&format!("{n}s")).unwrap().seconds, f64::from(n));
        }
    }
}
