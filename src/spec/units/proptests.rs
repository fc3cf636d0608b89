//! Property and boundedness tests for the quantity parsers: no input panics or runs long, rejected input is quoted, and every accepted value prints a form that parses back to itself.

use super::*;
use proptest::prelude::*;

// ---------------------------------------------------------------------- Boundedness

#[test]
fn pathological_inputs_finish_quickly() {
    let zeros = "0".repeat(200_000);
    let long_inputs = [
        format!("1{zeros}1B"),
        format!("0.{zeros}1K"),
        format!("{zeros}8B"),
        "9".repeat(200_000),
        "1e99999999999999999999999B".to_string(),
        "1e-99999999999999999999999B".to_string(),
    ];
    let started = std::time::Instant::now();
    for input in &long_inputs {
        assert!(ParamCount::parse(input).is_err() || input.starts_with('0'));
        let _ = ByteSize::parse(input);
        let _ = ContextWindow::parse(input);
        let _ = Duration::parse(input);
        let _ = Hardware::parse(input);
        let _ = DataSize::parse(input);
        let _ = Throughput::parse(input);
    }
    assert_eq!(
        ParamCount::parse(&format!("{zeros}8B")),
        Ok(ParamCount(8_000_000_000))
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

// -------------------------------------------------------------------- Property tests

/// Checks every parser on one string: no panic, rejected inputs are quoted, and accepted
/// values print a form that parses back to the same value.
fn check_all(s: &str) -> Result<(), TestCaseError> {
    fn round_trip<T, E>(s: &str, parse: impl Fn(&str) -> Result<T, E>) -> Result<(), TestCaseError>
    where
        T: fmt::Display + PartialEq + fmt::Debug,
        E: fmt::Display + fmt::Debug + PartialEq,
    {
        match parse(s) {
            Ok(value) => prop_assert_eq!(parse(&value.to_string()), Ok(value)),
            Err(err) => {
                let quoted = format!("'{}'", s.trim());
                prop_assert!(err.to_string().contains(&quoted), "{}", err);
            }
        }
        Ok(())
    }
    round_trip(s, ParamCount::parse)?;
    round_trip(s, ContextWindow::parse)?;
    round_trip(s, ByteSize::parse)?;
    round_trip(s, Duration::parse)?;
    round_trip(s, Hardware::parse)?;
    let data = DataSize::parse(s);
    prop_assert_eq!(DataSize::parse(&data.to_string()), data);
    let rate = Throughput::parse(s);
    prop_assert_eq!(Throughput::parse(&rate.to_string()), rate);
    Ok(())
}

proptest! {
    #[test]
    fn parsers_survive_any_string(s in ".*") {
        check_all(&s)?;
    }

    #[test]
    fn parsers_survive_printable_unicode(s in "\\PC*") {
        check_all(&s)?;
    }

    #[test]
    fn parsers_round_trip_number_like_strings(
        s in "[ ]?[0-9]{1,22}(\\.[0-9]{1,22})?([eE][-+]?[0-9]{1,3})? ?([kKmMbBtT]|[KMGTP]i?B|bytes|days?|h|min|s|wk|tokens|images|hours|tok/s|fps|img/s|qps|x ?[A-Z][A-Z0-9]{0,4})?[ ]?"
    ) {
        check_all(&s)?;
    }

    #[test]
    fn param_count_round_trips(n in 1u64..=u64::MAX) {
        prop_assert_eq!(ParamCount::parse(&ParamCount(n).to_string()), Ok(ParamCount(n)));
    }

    #[test]
    fn context_window_round_trips(tokens in 1u64..=u64::MAX, shift in 0u32..30) {
        for tokens in [tokens, tokens >> shift << shift] {
            let window = ContextWindow { tokens: tokens.max(1), infinite: false };
            prop_assert_eq!(ContextWindow::parse(&window.to_string()), Ok(window));
        }
        let infinite = ContextWindow::infinite();
        prop_assert_eq!(ContextWindow::parse(&infinite.to_string()), Ok(infinite));
    }

    #[test]
    fn byte_size_round_trips(n in 1u64..=u64::MAX, shift in 0u32..50) {
        for n in [n, (n >> shift << shift).max(1), (n % 1_000_000).max(1) * 1_000_000_000] {
            prop_assert_eq!(ByteSize::parse(&ByteSize(n).to_string()), Ok(ByteSize(n)));
        }
    }

    #[test]
    fn duration_round_trips(seconds in 1u64..=u64::MAX, small in 1u64..10_000_000) {
        for seconds in [seconds, small, small * 60, small * 3_600] {
            let duration = Duration { seconds };
            prop_assert_eq!(Duration::parse(&duration.to_string()), Ok(duration));
        }
    }

    #[test]
    fn hardware_round_trips(
        count in 1u32..=1_000_000,
        name in "[A-Z][A-Z0-9]{0,6}(-[A-Z0-9]{1,4})?( [A-Z0-9]{1,4})?",
        known in 0usize..crate::hardware::ACCELERATORS.len(),
    ) {
        let known_name = crate::hardware::accelerator_names().get(known).copied().unwrap_or("H100");
        for name in [name.as_str(), known_name] {
            let text = format!("{count}x{name}");
            let parsed = Hardware::parse(&text);
            prop_assert!(parsed.is_ok(), "{:?}", parsed);
            if let Ok(hardware) = parsed {
                prop_assert_eq!(hardware.to_string(), text.clone());
                prop_assert_eq!(Hardware::parse(&hardware.to_string()), Ok(hardware));
            }
        }
    }

    #[test]
    fn data_size_round_trips(n in 1u64..=u64::MAX, kind in 0u8..4) {
        let value = match kind {
            0 => DataSize::Tokens(n),
            1 => DataSize::Samples(n),
            2 => DataSize::Bytes(n),
            _ => DataSize::Hours(n),
        };
        prop_assert_eq!(DataSize::parse(&value.to_string()), value);
    }

    #[test]
    fn throughput_round_trips(
        value in any::<f64>().prop_filter("positive and finite", |v| v.is_finite() && *v > 0.0),
        kind in 0u8..4,
    ) {
        let unit = match kind {
            0 => RateUnit::TokensPerSecond,
            1 => RateUnit::FramesPerSecond,
            2 => RateUnit::ImagesPerSecond,
            _ => RateUnit::SamplesPerSecond,
        };
        let rate = Throughput::Rate { value, unit };
        prop_assert_eq!(Throughput::parse(&rate.to_string()), rate);
    }
}
