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

/// Bytes in decimal gigabytes (1e9), as a plain number for charts.
pub fn gb_value(bytes: u64) -> f64 {
    bytes as f64 / 1e9
}

/// Bytes as a decimal-gigabyte number with two decimals: "16.06". For table
/// columns whose header carries the unit.
pub fn gb_number(bytes: u64) -> String {
    format!("{:.2}", gb_value(bytes))
}

/// Bytes in decimal gigabytes with two decimals and the unit: "16.06 GB".
pub fn gigabytes(bytes: u64) -> String {
    format!("{} GB", gb_number(bytes))
}

/// Bytes in decimal gigabytes with one decimal and the unit: "16.1 GB"; for
/// chart labels, where two decimals crowd the plot.
pub fn gigabytes_short(bytes: u64) -> String {
    format!("{:.1} GB", gb_value(bytes))
}

/// A fraction (0.875) as a percentage number with one decimal: "87.5".
pub fn percent(fraction: f64) -> String {
    format!("{:.1}", 100.0 * fraction)
}

/// A fraction (0.4) as a whole percentage number: "40"; for assumed rates
/// such as model FLOP utilisation.
pub fn whole_percent(fraction: f64) -> String {
    format!("{:.0}", 100.0 * fraction)
}

/// A large quantity (FLOPs) in scientific notation with three significant
/// digits: "1.23e21".
pub fn scientific(x: f64) -> String {
    format!("{x:.2e}")
}

/// Seconds as hours with one decimal: 86400 → "24.0".
pub fn hours(seconds: u64) -> String {
    format!("{:.1}", seconds as f64 / 3600.0)
}

/// A score or rate with one decimal: "71.3".
pub fn one_decimal(x: f64) -> String {
    format!("{x:.1}")
}

/// A change with its sign and one decimal: "+1.5", "-0.3", "+0.0".
pub fn signed_one_decimal(x: f64) -> String {
    format!("{x:+.1}")
}

/// A ratio shown in a derivation at a stated number of decimals: (0.4567, 2)
/// → "0.46".
pub fn fixed(x: f64, decimals: usize) -> String {
    format!("{x:.decimals$}")
}

/// A quantity rounded to a whole number: "1234" (energy in kWh, watts).
pub fn whole(x: f64) -> String {
    format!("{x:.0}")
}

/// A loss in nats with four decimals: "2.0123".
pub fn loss(x: f64) -> String {
    format!("{x:.4}")
}

/// Seconds as milliseconds with one decimal: 0.0123 → "12.3"; for estimates.
pub fn milliseconds(seconds: f64) -> String {
    format!("{:.1}", seconds * 1000.0)
}

/// Seconds as whole milliseconds: 0.033 → "33"; for stated targets.
pub fn whole_milliseconds(seconds: f64) -> String {
    format!("{:.0}", seconds * 1000.0)
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
        assert_eq!(gigabytes(16_060_522_496), "16.06 GB");
        assert_eq!(gigabytes(12_000_000_000), "12.00 GB");
        assert_eq!(gb_number(5_000_000), "0.01");
        assert_eq!(gigabytes_short(16_060_522_496), "16.1 GB");
        assert_eq!(percent(0.875), "87.5");
        assert_eq!(percent(1.0), "100.0");
        assert_eq!(whole_percent(0.4), "40");
        assert_eq!(scientific(1.234_5e21), "1.23e21");
        assert_eq!(hours(86_400), "24.0");
        assert_eq!(hours(5_400), "1.5");
        assert_eq!(one_decimal(71.26), "71.3");
        assert_eq!(signed_one_decimal(1.5), "+1.5");
        assert_eq!(signed_one_decimal(-0.25), "-0.2");
        assert_eq!(fixed(0.456_7, 2), "0.46");
        assert_eq!(fixed(1.0, 3), "1.000");
        assert_eq!(milliseconds(0.012_34), "12.3");
        assert_eq!(whole_milliseconds(0.033), "33");
        assert_eq!(whole(1234.5), "1234");
        assert_eq!(whole(1235.5), "1236");
        assert_eq!(loss(2.012_34), "2.0123");
        assert_eq!(count_axis_unit(8_030_261_248), (1e9, "billions"));
        assert_eq!(count_axis_unit(124_439_808), (1e6, "millions"));
        assert_eq!(count_axis_unit(35_334), (1e3, "thousands"));
        assert_eq!(count_in_unit(124_439_808, 1e6), 124.439_808);
        assert_eq!(count_in_unit(-2_500, 1e3), -2.5);
    }
}
