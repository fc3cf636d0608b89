//! The one formatting module: every unit and rounding rule used to show a
//! number, so that a figure reads the same in the terminal, the blueprint
//! notes, the docs and the paper.
//!
//! These functions only format. The figures themselves are computed once, on
//! the release model (`crate::release`). The exact canonical spellings of spec
//! quantities ("8B", "16GB", "21 days"), which round nothing and parse back to
//! the same value, live beside their parsers in `crate::spec::units`.
//!
//! Numbers come back without target-language markup: a caller writing LaTeX
//! appends `\%` to a percentage, a caller writing Markdown appends `%`.

/// Digits grouped by thousands with commas: 124439808 → "124,439,808".
/// Exact; the form for every parameter, token and sample count in prose.
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count rounded for titles, notes and chart labels: the K/M/B/T suffix
/// (powers of 1000) with two decimals below 10 and one above, trailing zeros
/// dropped ("8.03B", "124.4M", "35.3K", "8B"); below 1000 the integer. A value
/// that rounds up to 1000 of one unit moves to the next ("999.96K" → "1M").
pub fn short_count(n: u64) -> String {
    const UNITS: [(f64, &str); 4] = [(1e3, "K"), (1e6, "M"), (1e9, "B"), (1e12, "T")];
    let value = n as f64;
    let Some(mut i) = UNITS.iter().rposition(|(unit, _)| value >= *unit) else {
        return n.to_string();
    };
    loop {
        let (unit, suffix) = UNITS[i];
        let scaled = value / unit;
        let text = if scaled < 9.995 {
            format!("{scaled:.2}")
        } else {
            format!("{scaled:.1}")
        };
        if text.parse::<f64>().is_ok_and(|r| r >= 1000.0) && i + 1 < UNITS.len() {
            i += 1;
            continue;
        }
        let text = text.trim_end_matches('0').trim_end_matches('.');
        return format!("{text}{suffix}");
    }
}

/// The true minus sign (U+2212). Markdown shows it as is; LaTeX escaping
/// typesets it as a math minus.
pub const MINUS: char = '\u{2212}';

/// Replaces a leading ASCII hyphen-minus with the true minus sign.
fn true_minus(text: String) -> String {
    match text.strip_prefix('-') {
        Some(rest) => format!("{MINUS}{rest}"),
        None => text,
    }
}

/// Groups the integer part of a plain decimal text ("-12345.6" →
/// "-12,345.6"); the fraction and any exponent are left alone.
fn group_integer_part(text: &str) -> String {
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let split = unsigned
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(unsigned.len());
    let (int, rest) = unsigned.split_at(split);
    match int.parse::<u64>() {
        Ok(n) if !rest.starts_with(['e', 'E']) => format!("{sign}{}{rest}", group_digits(n)),
        _ => text.to_string(),
    }
}

/// A value at `decimals` decimals with the integer part grouped and a true
/// minus: (-12345.67, 1) → "−12,345.7".
fn grouped_fixed(x: f64, decimals: usize) -> String {
    true_minus(group_integer_part(&format!("{x:.decimals$}")))
}

/// Whether `x` shows as zero at `decimals` decimals although it is not zero.
fn rounds_to_zero(x: f64, decimals: i32) -> bool {
    x != 0.0 && x.abs() < 0.5 * 10f64.powi(-decimals)
}

/// A positive quantity with three significant digits: 1.23, 12.3, 123, 1,234
/// (whole and grouped from 1000 up). Values below 0.001 keep three
/// significant digits too (0.000123), so nothing nonzero reads as zero.
pub fn significant(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return if x == 0.0 {
            "0".to_string()
        } else {
            x.to_string()
        };
    }
    let magnitude = x.abs().log10().floor() as i32;
    let decimals = (2 - magnitude).max(0) as usize;
    let text = format!("{x:.decimals$}");
    // 9.996 rounds to "10.00": one decimal too many for three digits.
    let rounded: f64 = text.parse().unwrap_or(x);
    let magnitude_after = rounded.abs().log10().floor() as i32;
    let decimals = if magnitude_after > magnitude {
        (2 - magnitude_after).max(0) as usize
    } else {
        decimals
    };
    grouped_fixed(rounded, decimals)
}

/// Bytes in decimal gigabytes (1e9), as a plain number for charts.
pub fn gb_value(bytes: u64) -> f64 {
    bytes as f64 / 1e9
}

/// Bytes as a decimal-gigabyte number with three significant digits:
/// "16.1", "0.00145", "0" for nothing. For table columns whose header
/// carries the unit.
pub fn gb_number(bytes: u64) -> String {
    significant(gb_value(bytes))
}

/// Bytes with the decimal unit (B, KB, MB, GB, TB) that keeps three
/// significant digits: "16.1 GB", "4.10 MB", "991 GB", "1.02 TB". Beyond
/// 1000 TB the terabytes are grouped ("1,234 TB").
pub fn memory(bytes: u64) -> String {
    const UNITS: [(f64, &str); 4] = [(1e3, "KB"), (1e6, "MB"), (1e9, "GB"), (1e12, "TB")];
    let value = bytes as f64;
    let Some(mut i) = UNITS.iter().rposition(|(unit, _)| value >= *unit) else {
        return format!("{bytes} B");
    };
    loop {
        let (unit, suffix) = UNITS[i];
        let text = significant(value / unit);
        // 999.7 MB shows as "1,000 MB": move it to the next unit.
        if text.contains(',') && i + 1 < UNITS.len() {
            i += 1;
            continue;
        }
        return format!("{text} {suffix}");
    }
}

/// A fraction (0.875) as a percentage number with one decimal: "87.5".
/// Exactly nothing is "0"; a nonzero share below 0.05% is "<0.1".
pub fn percent(fraction: f64) -> String {
    one_decimal(100.0 * fraction)
}

/// A fraction (0.4) as a whole percentage number: "40"; for assumed rates
/// such as model FLOP utilisation.
pub fn whole_percent(fraction: f64) -> String {
    whole(100.0 * fraction)
}

/// A large quantity (FLOPs) in scientific notation with three significant
/// digits: "1.23e21".
pub fn scientific(x: f64) -> String {
    true_minus(format!("{x:.2e}"))
}

/// Seconds as hours with one decimal, grouped: 86400 → "24.0".
pub fn hours(seconds: u64) -> String {
    grouped_fixed(seconds as f64 / 3600.0, 1)
}

/// A score, rate or count of passes with one decimal, grouped, with a true
/// minus: "71.3", "63,551.7", "−0.3". Exactly zero is "0"; a positive value
/// that would show as "0.0" is "<0.1", a negative one "0".
pub fn one_decimal(x: f64) -> String {
    if x == 0.0 || (rounds_to_zero(x, 1) && x < 0.0) {
        return "0".to_string();
    }
    if rounds_to_zero(x, 1) {
        return "<0.1".to_string();
    }
    grouped_fixed(x, 1)
}

/// A change with its sign and one decimal: "+1.5", "−0.3"; a change that
/// rounds to nothing is "0".
pub fn signed_one_decimal(x: f64) -> String {
    if x == 0.0 || rounds_to_zero(x, 1) {
        return "0".to_string();
    }
    let text = grouped_fixed(x, 1);
    if x > 0.0 { format!("+{text}") } else { text }
}

/// A ratio shown in a derivation at a stated number of decimals: (0.4567, 2)
/// → "0.46", with a true minus.
pub fn fixed(x: f64, decimals: usize) -> String {
    grouped_fixed(x, decimals)
}

/// A quantity rounded to a whole number and grouped: "1,234" (energy in
/// kWh, watts), with a true minus.
pub fn whole(x: f64) -> String {
    grouped_fixed(x, 0)
}

/// A loss in nats with four decimals: "2.0123".
pub fn loss(x: f64) -> String {
    grouped_fixed(x, 4)
}

/// A plain decimal as written in a configuration (a hyperparameter such as
/// 500000.0 or 1e-05), shown with its integer part grouped and a whole
/// value without its ".0": 500000.0 → "500,000", 1e-5 → "0.00001" (Rust's
/// shortest form, which never uses an exponent).
pub fn plain(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e18 {
        return grouped_fixed(x, 0);
    }
    true_minus(group_integer_part(&x.to_string()))
}

/// Seconds as a latency with its unit and three significant digits: "4.79
/// ms", "236 ms", "2,356 ms" (whole milliseconds from 1000 up), "43.2 µs"
/// below a millisecond, "512 ns" below a microsecond, "0 ms" for nothing.
pub fn latency(seconds: f64) -> String {
    if seconds <= 0.0 {
        return "0 ms".to_string();
    }
    let ms = seconds * 1000.0;
    if ms >= 1000.0 {
        return format!("{} ms", whole(ms));
    }
    if ms >= 0.9995 {
        return format!("{} ms", significant(ms));
    }
    let us = ms * 1000.0;
    if us >= 0.9995 {
        return format!("{} µs", significant(us));
    }
    format!("{} ns", significant(us * 1000.0))
}

/// Seconds as whole milliseconds: 0.033 → "33"; for stated targets.
pub fn whole_milliseconds(seconds: f64) -> String {
    whole(seconds * 1000.0)
}

/// A divisor and unit name that keep a count's chart axis readable: the
/// largest of billions, millions or thousands not above `largest`.
pub fn count_axis_unit(largest: u64) -> (f64, &'static str) {
    if largest >= 1_000_000_000 {
        (1e9, "billions")
    } else if largest >= 1_000_000 {
        (1e6, "millions")
    } else {
        (1e3, "thousands")
    }
}

/// A divisor and decimal unit (KB, MB, GB, TB) that keep a memory chart axis readable:
/// the largest not above `largest` bytes (KB below a kilobyte).
pub fn memory_axis_unit(largest: u64) -> (f64, &'static str) {
    const UNITS: [(f64, &str); 4] = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "KB")];
    UNITS
        .into_iter()
        .find(|(unit, _)| largest as f64 >= *unit)
        .unwrap_or((1e3, "KB"))
}

/// Bytes in the unit `memory_axis_unit` chose, for a chart axis: (2_500_000, 1e6) → 2.5.
pub fn bytes_in_unit(bytes: u64, divisor: f64) -> f64 {
    bytes as f64 / divisor
}

/// A count in the unit `count_axis_unit` chose, for a chart axis:
/// (124439808, 1e6) → 124.439808. Signed, for changes in a count.
pub fn count_in_unit(count: i128, divisor: f64) -> f64 {
    count as f64 / divisor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_thousands() {
        for (n, text) in [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (35_334, "35,334"),
            (124_439_808, "124,439,808"),
            (8_030_261_248, "8,030,261,248"),
            (u64::MAX, "18,446,744,073,709,551,615"),
        ] {
            assert_eq!(group_digits(n), text);
        }
    }

    #[test]
    fn short_counts_round_to_two_decimals_below_ten_and_one_above() {
        // Worked by hand: 8,030,261,248 / 1e9 = 8.0303 → "8.03"; 124,439,808 / 1e6
        // = 124.44 → "124.4"; 35,334 / 1e3 = 35.334 → "35.3".
        for (n, text) in [
            (0, "0"),
            (999, "999"),
            (1_000, "1K"),
            (1_500, "1.5K"),
            (35_334, "35.3K"),
            (999_960, "1M"),
            (2_000_000, "2M"),
            (1_234_567, "1.23M"),
            (124_439_808, "124.4M"),
            (999_999_999, "1B"),
            (1_000_000_000, "1B"),
            (8_030_261_248, "8.03B"),
            (1_500_000_000_000, "1.5T"),
            (2_000_000_000_000_000, "2000T"),
        ] {
            assert_eq!(short_count(n), text, "{n}");
        }
    }

    #[test]
    fn units_and_rounding() {
        assert_eq!(percent(0.875), "87.5");
        assert_eq!(percent(1.0), "100.0");
        assert_eq!(percent(0.0), "0");
        assert_eq!(percent(1e-7), "<0.1");
        assert_eq!(whole_percent(0.4), "40");
        assert_eq!(scientific(1.234_5e21), "1.23e21");
        assert_eq!(scientific(-1.5e3), "\u{2212}1.50e3");
        assert_eq!(hours(86_400), "24.0");
        assert_eq!(hours(5_400), "1.5");
        assert_eq!(hours(3_600 * 12_345), "12,345.0");
        assert_eq!(one_decimal(71.26), "71.3");
        assert_eq!(one_decimal(63_551.74), "63,551.7");
        assert_eq!(one_decimal(-0.31), "\u{2212}0.3");
        assert_eq!(one_decimal(0.0), "0");
        assert_eq!(one_decimal(0.04), "<0.1");
        assert_eq!(one_decimal(-0.04), "0");
        assert_eq!(signed_one_decimal(1.5), "+1.5");
        assert_eq!(signed_one_decimal(-0.25), "\u{2212}0.2");
        assert_eq!(signed_one_decimal(0.0), "0");
        assert_eq!(signed_one_decimal(-0.01), "0");
        assert_eq!(fixed(0.456_7, 2), "0.46");
        assert_eq!(fixed(1.0, 3), "1.000");
        assert_eq!(fixed(-2.5, 1), "\u{2212}2.5");
        assert_eq!(whole_milliseconds(0.033), "33");
        assert_eq!(whole(1234.5), "1,234");
        assert_eq!(whole(1235.5), "1,236");
        assert_eq!(whole(397_393.92), "397,394");
        assert_eq!(whole(-12_000.0), "\u{2212}12,000");
        assert_eq!(loss(2.012_34), "2.0123");
        assert_eq!(plain(500_000.0), "500,000");
        assert_eq!(plain(0.000_01), "0.00001");
        assert_eq!(plain(0.9), "0.9");
        assert_eq!(plain(12_345.5), "12,345.5");
        assert_eq!(count_axis_unit(8_030_261_248), (1e9, "billions"));
        assert_eq!(count_axis_unit(124_439_808), (1e6, "millions"));
        assert_eq!(count_axis_unit(35_334), (1e3, "thousands"));
        assert_eq!(count_in_unit(124_439_808, 1e6), 124.439_808);
        assert_eq!(count_in_unit(-2_500, 1e3), -2.5);
    }

    #[test]
    fn three_significant_digits() {
        // Worked by hand: 16,060,522,496 B = 16.06 GB → "16.1"; 1.45 MB = 0.00145 GB.
        for (x, text) in [
            (0.0, "0"),
            (16.060_522_496, "16.1"),
            (991.235, "991"),
            (9.996, "10.0"),
            (99.96, "100"),
            (999.6, "1,000"),
            (1234.6, "1,235"),
            (0.001_45, "0.00145"),
            (0.5, "0.500"),
        ] {
            assert_eq!(significant(x), text, "{x}");
        }
        assert_eq!(gb_number(16_060_522_496), "16.1");
        assert_eq!(gb_number(1_450_000), "0.00145");
        assert_eq!(gb_number(0), "0");
    }

    #[test]
    fn memory_picks_the_unit_that_keeps_three_digits() {
        for (bytes, text) in [
            (0, "0 B"),
            (999, "999 B"),
            (1_000, "1.00 KB"),
            (4_100_000, "4.10 MB"),
            (999_700_000, "1.00 GB"),
            (16_060_522_496, "16.1 GB"),
            (80_000_000_000, "80.0 GB"),
            (991_235_735_552, "991 GB"),
            (1_024_000_000_000, "1.02 TB"),
            (2_345_000_000_000_000, "2,345 TB"),
        ] {
            assert_eq!(memory(bytes), text, "{bytes}");
        }
    }

    #[test]
    fn latency_switches_to_microseconds_and_groups_seconds() {
        for (seconds, text) in [
            (0.0, "0 ms"),
            (0.004_794, "4.79 ms"),
            (0.235_6, "236 ms"),
            (2.356, "2,356 ms"),
            (0.000_043_2, "43.2 µs"),
            (0.000_999_9, "1.00 ms"),
            (5.12e-7, "512 ns"),
        ] {
            assert_eq!(latency(seconds), text, "{seconds}");
        }
    }
}
