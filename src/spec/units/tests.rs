//! Table-driven tests for the quantity parsers; expected values are worked out by hand from the unit definitions.

use super::*;

/// Asserts that a rejected input's message quotes the trimmed input.
fn assert_names_input(input: &str, err: &UnitError) {
    let quoted = format!("'{}'", input.trim());
    assert!(
        err.to_string().contains(&quoted),
        "message for {input:?} does not quote it: {err}"
    );
}

// ------------------------------------------------------------------------- ParamCount

#[test]
fn param_count_accepts() {
    let rows: &[(&str, u64)] = &[
        ("8B", 8_000_000_000),
        ("350M", 350_000_000),
        ("2M", 2_000_000),
        ("500K", 500_000),
        ("1.5T", 1_500_000_000_000),
        ("7e9", 7_000_000_000),
        ("124439808", 124_439_808),
        ("0.3B", 300_000_000),
        ("8b", 8_000_000_000),
        ("  8 B ", 8_000_000_000),
        ("1.5e3K", 1_500_000),
        ("2.5e-3T", 2_500_000_000),
        ("18446744073709551615", u64::MAX),
        ("1.234K", 1_234),
        ("70b", 70_000_000_000),
        ("0.5k", 500),
        ("1E6", 1_000_000),
        ("007M", 7_000_000),
        ("1.000m", 1_000_000),
        ("0.000001T", 1_000_000),
    ];
    for (input, expected) in rows {
        assert_eq!(
            ParamCount::parse(input),
            Ok(ParamCount(*expected)),
            "{input:?}"
        );
    }
}

#[test]
fn param_count_rejects() {
    let rows = [
        "8X",
        "",
        "B",
        "-5B",
        "0",
        "0B",
        "1.0005K",
        "1e30",
        "18446744073709551616",
        "NaN",
        "inf",
        "8 billion",
        "1.5.3B",
        "8BB",
        "1,000",
        "0.5",
    ];
    for input in rows {
        match ParamCount::parse(input) {
            Ok(value) => panic!("{input:?} was accepted as {value:?}"),
            Err(err) => assert_names_input(input, &err),
        }
    }
}

#[test]
fn param_count_messages_are_specific() {
    let message = |s: &str| ParamCount::parse(s).map_err(|e| e.to_string());
    assert_eq!(
        message("8X"),
        Err("'8X' is not a parameter count; use a number with an optional K, M, B or T suffix, such as 350M, 8B or 1.5T".to_string())
    );
    assert!(matches!(
        ParamCount::parse("0B"),
        Err(UnitError::Zero { .. })
    ));
    assert!(matches!(
        ParamCount::parse("1.0005K"),
        Err(UnitError::NotWhole { .. })
    ));
    assert!(matches!(
        ParamCount::parse("1e30"),
        Err(UnitError::TooLarge { .. })
    ));
}

#[test]
fn param_count_display_and_human() {
    let display: &[(u64, &str)] = &[
        (8_000_000_000, "8B"),
        (1_500_000_000_000, "1.5T"),
        (124_439_808, "124439808"),
        (350_000_000, "350M"),
        (1_500, "1.5K"),
        (999, "999"),
        (1_000, "1K"),
        (1_234_000, "1.234M"),
        (1_000_500, "1000500"),
        (u64::MAX, "18446744073709551615"),
    ];
    for (value, expected) in display {
        assert_eq!(ParamCount(*value).to_string(), *expected);
    }
    let human: &[(u64, &str)] = &[
        (8_030_261_248, "8.03B"),
        (124_439_808, "124.4M"),
        (35_300, "35.3K"),
        (8_000_000_000, "8B"),
        (999, "999"),
        (999_960, "1M"),
        (9_999_000, "10M"),
        (1_500_000_000_000, "1.5T"),
        (12_345_000_000_000_000, "12345T"),
    ];
    for (value, expected) in human {
        assert_eq!(ParamCount(*value).human(), *expected);
    }
}

// ---------------------------------------------------------------------- ContextWindow

#[test]
fn context_window_accepts() {
    let rows: &[(&str, u64)] = &[
        ("256k", 256 * 1024),
        ("256K", 256 * 1024),
        ("1M", 1024 * 1024),
        ("1m", 1024 * 1024),
        ("512", 512),
        ("8192", 8192),
        ("128k", 128 * 1024),
        ("32k tokens", 32 * 1024),
        (" 4 k ", 4 * 1024),
        ("1.5M", 1536 * 1024),
        ("0.5k", 512),
        ("8192 tokens", 8192),
        ("2e3", 2000),
    ];
    for (input, expected) in rows {
        let expected = ContextWindow {
            tokens: *expected,
            infinite: false,
        };
        assert_eq!(ContextWindow::parse(input), Ok(expected), "{input:?}");
    }
    for input in ["∞", "inf", "INF", "infinite", "Infinity", " infinite "] {
        let parsed = ContextWindow::parse(input);
        assert_eq!(parsed, Ok(ContextWindow::infinite()), "{input:?}");
        assert_eq!(ContextWindow::infinite().tokens, 1024 * 1024);
    }
    assert_eq!(
        INFINITE_CONTEXT_WARNING,
        "Infinite context requested; approximating with 1M tokens."
    );
}

#[test]
fn context_window_rejects() {
    let rows = [
        "", "0", "0k", "1.5", "abc", "-1k", "256kb", "1G", "1.0001k", "1e40k", "tokens",
    ];
    for input in rows {
        match ContextWindow::parse(input) {
            Ok(value) => panic!("{input:?} was accepted as {value:?}"),
            Err(err) => assert_names_input(input, &err),
        }
    }
}

#[test]
fn context_window_display() {
    let rows: &[(u64, &str)] = &[
        (262_144, "256k"),
        (1_048_576, "1M"),
        (512, "512"),
        (1_572_864, "1536k"),
        (3 * 1_048_576, "3M"),
        (8192, "8k"),
    ];
    for (tokens, expected) in rows {
        let window = ContextWindow {
            tokens: *tokens,
            infinite: false,
        };
        assert_eq!(window.to_string(), *expected);
    }
    assert_eq!(ContextWindow::infinite().to_string(), "infinite");
}

// --------------------------------------------------------------------------- ByteSize

#[test]
fn byte_size_accepts() {
    let rows: &[(&str, u64)] = &[
        ("16GB", 16_000_000_000),
        ("16GiB", 17_179_869_184),
        ("512MB", 512_000_000),
        ("512MiB", 536_870_912),
        ("2TB", 2_000_000_000_000),
        ("2TiB", 2_199_023_255_552),
        ("64KB", 64_000),
        ("64KiB", 65_536),
        ("100B", 100),
        ("100 bytes", 100),
        ("1.5GB", 1_500_000_000),
        ("16gb", 16_000_000_000),
        ("1 byte", 1),
        ("0.5KiB", 512),
        ("1PB", 1_000_000_000_000_000),
        ("1PiB", 1_125_899_906_842_624),
        (" 12 GB ", 12_000_000_000),
        ("1e3 MB", 1_000_000_000),
    ];
    for (input, expected) in rows {
        assert_eq!(ByteSize::parse(input), Ok(ByteSize(*expected)), "{input:?}");
    }
}

#[test]
fn byte_size_rejects() {
    let rows = [
        "16",
        "",
        "GB",
        "16XB",
        "0GB",
        "0.5B",
        "1.0000000001GB",
        "20EB",
        "20000PB",
        "-1GB",
        "16 G",
    ];
    for input in rows {
        match ByteSize::parse(input) {
            Ok(value) => panic!("{input:?} was accepted as {value:?}"),
            Err(err) => assert_names_input(input, &err),
        }
    }
}

#[test]
fn byte_size_display_and_human() {
    let rows: &[(u64, &str)] = &[
        (16_000_000_000, "16GB"),
        (17_179_869_184, "16GiB"),
        (1_500_000_000, "1.5GB"),
        (65_536, "64KiB"),
        (100, "100B"),
        (1_024, "1KiB"),
        (2_000, "2KB"),
        (536_870_912, "512MiB"),
        // 16,060,522,496 = 15,684,104 x 1024: the KiB form is the shortest exact one.
        (16_060_522_496, "15684104KiB"),
    ];
    for (bytes, expected) in rows {
        assert_eq!(ByteSize(*bytes).to_string(), *expected);
    }
    assert_eq!(ByteSize(16_060_522_496).human_gb(), "16.1 GB");
    assert_eq!(ByteSize(12_000_000_000).human_gb(), "12.0 GB");
}

// --------------------------------------------------------------------------- Duration

#[test]
fn duration_accepts() {
    let rows: &[(&str, u64)] = &[
        ("21 days", 21 * 86_400),
        ("6 hours", 6 * 3_600),
        ("30 minutes", 30 * 60),
        ("2 weeks", 2 * 7 * 86_400),
        ("1 day", 86_400),
        ("90 seconds", 90),
        ("1.5 days", 36 * 3_600),
        ("3h", 3 * 3_600),
        ("2 hr", 2 * 3_600),
        ("4 hrs", 4 * 3_600),
        ("7d", 7 * 86_400),
        ("45 min", 45 * 60),
        ("10 mins", 10 * 60),
        ("30s", 30),
        ("15 sec", 15),
        ("1w", 7 * 86_400),
        ("3 wk", 21 * 86_400),
        ("2 HOURS", 2 * 3_600),
        ("0.5 h", 30 * 60),
    ];
    for (input, expected) in rows {
        let expected = Duration { seconds: *expected };
        assert_eq!(Duration::parse(input), Ok(expected), "{input:?}");
    }
}

#[test]
fn duration_rejects() {
    let rows = [
        "30m",
        "",
        "21",
        "days",
        "0 days",
        "1.0001 s",
        "1e20 weeks",
        "5 fortnights",
        "-1 day",
        "1 month",
    ];
    for input in rows {
        match Duration::parse(input) {
            Ok(value) => panic!("{input:?} was accepted as {value:?}"),
            Err(err) => assert_names_input(input, &err),
        }
    }
    let ambiguous = Duration::parse("30m").map_err(|e| e.to_string());
    assert_eq!(
        ambiguous,
        Err("'30m' is ambiguous because 'm' could mean minutes or months; write '30 min' for minutes".to_string())
    );
}

#[test]
fn duration_display() {
    let rows: &[(u64, &str)] = &[
        (21 * 86_400, "21 days"),
        (6 * 3_600, "6 hours"),
        (86_400, "1 day"),
        (90, "90 seconds"),
        (60, "1 minute"),
        (36 * 3_600, "36 hours"),
        (14 * 86_400, "14 days"),
        (1, "1 second"),
    ];
    for (seconds, expected) in rows {
        let seconds = *seconds;
        assert_eq!(Duration { seconds }.to_string(), *expected);
    }
}

// --------------------------------------------------------------------------- Hardware

#[test]
fn hardware_accepts() {
    let rows: &[(&str, u32, &str, Option<&str>)] = &[
        ("256xA100", 256, "A100", Some("A100-80GB")),
        ("8xH100", 8, "H100", Some("H100")),
        ("1xMPS", 1, "MPS", Some("APPLE-M2-MAX")),
        ("4xA100-80GB", 4, "A100-80GB", Some("A100-80GB")),
        ("8 x H100", 8, "H100", Some("H100")),
        ("8×H100", 8, "H100", Some("H100")),
        ("2x RTX 4090", 2, "RTX 4090", Some("RTX 4090")),
        ("H100", 1, "H100", Some("H100")),
        ("cpu", 1, "CPU", Some("CPU")),
        ("8X h100", 8, "H100", Some("H100")),
        ("16xX100", 16, "X100", None),
        ("2x rtx   3090", 2, "RTX 3090", Some("RTX 3090")),
        ("1000000xT4", 1_000_000, "T4", Some("T4")),
        ("4*L4", 4, "L4", Some("L4")),
        ("a100_40gb", 1, "A100_40GB", Some("A100-40GB")),
    ];
    for (input, count, accelerator, known) in rows {
        let parsed = Hardware::parse(input);
        let Ok(hardware) = parsed else {
            panic!("{input:?} was rejected: {parsed:?}");
        };
        assert_eq!(hardware.count, *count, "{input:?}");
        assert_eq!(hardware.accelerator, *accelerator, "{input:?}");
        assert_eq!(hardware.known.map(|s| s.name), *known, "{input:?}");
    }
}

#[test]
fn hardware_rejects() {
    let rows = [
        "",
        "0xH100",
        "1000001xH100",
        "8x",
        "8H100",
        "8x_H100",
        "8x@H100",
        "8x H100!",
        "-1xH100",
        "99999999999xH100",
    ];
    for input in rows {
        match Hardware::parse(input) {
            Ok(value) => panic!("{input:?} was accepted as {value:?}"),
            Err(err) => assert_names_input(input, &err),
        }
    }
}

#[test]
fn hardware_display_and_warning() {
    let shown = |s: &str| Hardware::parse(s).map(|h| h.to_string());
    assert_eq!(shown("8xH100"), Ok("8xH100".to_string()));
    assert_eq!(shown("2x rtx 4090"), Ok("2xRTX 4090".to_string()));
    assert_eq!(shown("cpu"), Ok("1xCPU".to_string()));

    let known = Hardware::parse("8xH100").map(|h| h.unknown_accelerator_warning());
    assert_eq!(known, Ok(None));
    let unknown = Hardware::parse("8xX100").map(|h| h.unknown_accelerator_warning());
    let Ok(Some(warning)) = unknown else {
        panic!("no warning for X100: {unknown:?}");
    };
    assert!(warning.starts_with(
        "Unknown accelerator 'X100'; compute estimates assume an H100-class device. Known accelerators: A100-40GB, A100-80GB, H100,"
    ));
    let fallback = Hardware::parse("8xX100").map(|h| h.spec().name);
    assert_eq!(fallback, Ok("H100"));
}

// --------------------------------------------------------------------------- DataSize

#[test]
fn data_size_reads_quantities() {
    use DataSize::*;
    let rows: &[(&str, DataSize)] = &[
        ("2T tokens", Tokens(2_000_000_000_000)),
        ("15T tokens", Tokens(15_000_000_000_000)),
        ("1.28M samples", Samples(1_280_000)),
        ("1.28M images", Samples(1_280_000)),
        ("400M image-text pairs", Samples(400_000_000)),
        ("500GB", Bytes(500_000_000_000)),
        ("20k hours", Hours(20_000)),
        ("20000 hours", Hours(20_000)),
        ("300B tokens", Tokens(300_000_000_000)),
        ("1 token", Tokens(1)),
        ("5 tokens", Tokens(5)),
        ("2TiB", Bytes(2_199_023_255_552)),
        ("100 bytes", Bytes(100)),
        ("  1.5K   Hours ", Hours(1_500)),
        ("10M examples", Samples(10_000_000)),
        ("1e6 clips", Samples(1_000_000)),
        ("1M environment steps", EnvironmentSteps(1_000_000)),
        ("500k environment steps", EnvironmentSteps(500_000)),
        ("1 environment step", EnvironmentSteps(1)),
        ("2.5M env steps", EnvironmentSteps(2_500_000)),
        ("3M Environment  Interactions", EnvironmentSteps(3_000_000)),
        ("10k episodes", Episodes(10_000)),
        ("1 episode", Episodes(1)),
        ("1.28M images", Samples(1_280_000)),
        ("680k hours", Hours(680_000)),
        ("15T tokens", Tokens(15_000_000_000_000)),
    ];
    for (input, expected) in rows {
        assert_eq!(DataSize::parse(input), *expected, "{input:?}");
    }
}

#[test]
fn data_size_keeps_other_text() {
    let rows = [
        "unknown but large",
        "",
        "1.5B",
        "100B",
        "0 tokens",
        "2.5 hours",
        "many tokens",
        "-5 tokens",
        "2T",
        "1e40 tokens",
        "1M steps",
        "0 environment steps",
        "1.5 episodes",
        "5k environmental steps",
    ];
    for input in rows {
        assert_eq!(
            DataSize::parse(input),
            DataSize::Text(input.trim().to_string())
        );
    }
}

#[test]
fn data_size_display() {
    use DataSize::*;
    let rows: &[(DataSize, &str)] = &[
        (Tokens(2_000_000_000_000), "2T tokens"),
        (Samples(1_280_000), "1.28M samples"),
        (Hours(20_000), "20K hours"),
        (Bytes(500_000_000_000), "500GB"),
        (Bytes(100), "100 bytes"),
        (Bytes(1), "1 byte"),
        (Tokens(1), "1 token"),
        (EnvironmentSteps(1_000_000), "1M environment steps"),
        (EnvironmentSteps(1), "1 environment step"),
        (Episodes(10_000), "10K episodes"),
        (Text("unknown but large".to_string()), "unknown but large"),
    ];
    for (value, expected) in rows {
        assert_eq!(value.to_string(), *expected);
    }
}

// ------------------------------------------------------------------------- Throughput

#[test]
fn throughput_reads_rates() {
    use RateUnit::*;
    let rows: &[(&str, f64, RateUnit)] = &[
        ("120 tok/s", 120.0, TokensPerSecond),
        ("30fps", 30.0, FramesPerSecond),
        ("2 img/s", 2.0, ImagesPerSecond),
        ("0.5 img/s", 0.5, ImagesPerSecond),
        ("100 tokens/s", 100.0, TokensPerSecond),
        ("50 tokens per second", 50.0, TokensPerSecond),
        ("24 frames/s", 24.0, FramesPerSecond),
        ("10 images/s", 10.0, ImagesPerSecond),
        ("5 samples/s", 5.0, SamplesPerSecond),
        ("100 qps", 100.0, SamplesPerSecond),
        ("20 req/s", 20.0, SamplesPerSecond),
        ("1e3 tok/s", 1000.0, TokensPerSecond),
        ("60 FPS", 60.0, FramesPerSecond),
        ("  7.5   Tokens  Per   Second ", 7.5, TokensPerSecond),
    ];
    for (input, value, unit) in rows {
        let expected = Throughput::Rate {
            value: *value,
            unit: *unit,
        };
        assert_eq!(Throughput::parse(input), expected, "{input:?}");
    }
}

#[test]
fn throughput_keeps_other_text() {
    let rows = [
        "fast enough",
        "",
        "0 tok/s",
        "-5 tok/s",
        "120",
        "tok/s",
        "1e999 tok/s",
        "120 tok/min",
        "nan tok/s",
        "inf fps",
    ];
    for input in rows {
        assert_eq!(
            Throughput::parse(input),
            Throughput::Text(input.trim().to_string())
        );
    }
}

#[test]
fn throughput_display() {
    let rate = |value, unit| Throughput::Rate { value, unit };
    assert_eq!(
        rate(120.0, RateUnit::TokensPerSecond).to_string(),
        "120 tok/s"
    );
    assert_eq!(
        rate(0.5, RateUnit::ImagesPerSecond).to_string(),
        "0.5 img/s"
    );
    assert_eq!(rate(30.0, RateUnit::FramesPerSecond).to_string(), "30 fps");
    assert_eq!(
        rate(2.0, RateUnit::SamplesPerSecond).to_string(),
        "2 samples/s"
    );
    let text = Throughput::Text("fast enough".to_string());
    assert_eq!(text.to_string(), "fast enough");
}
