//! Axis scales: data domains, "nice" tick positions, and exact compact tick labels (0.25, 1.5k, 10M, 7B, 1e15).

/// Magnitudes are clamped into this range so spans, sums and positions stay
/// finite and representable whatever the data holds (1e308, subnormals).
pub(super) const MAX_MAGNITUDE: f64 = 1.0e300;
const MIN_MAGNITUDE: f64 = 1.0e-300;

/// Clamps a finite value into the range the scales work in; tiny values
/// become exactly zero.
pub(super) fn clamp_magnitude(value: f64) -> f64 {
    if value.abs() < MIN_MAGNITUDE {
        0.0
    } else {
        value.clamp(-MAX_MAGNITUDE, MAX_MAGNITUDE)
    }
}

fn pow10(exponent: i32) -> f64 {
    10f64.powi(exponent)
}

/// The exponent `e` with 10^e <= value < 10^(e+1), for a positive finite value.
fn floor_log10(value: f64) -> i32 {
    // The float logarithm can be off by one ulp around exact powers of ten;
    // the comparisons below settle the boundary exactly.
    let mut exponent = value.log10().floor() as i32;
    if pow10(exponent + 1) <= value {
        exponent += 1;
    } else if pow10(exponent) > value {
        exponent -= 1;
    }
    exponent
}

/// The smallest `e` with value <= 10^e, for a positive finite value.
fn ceil_log10(value: f64) -> i32 {
    let exponent = floor_log10(value);
    if pow10(exponent) >= value {
        exponent
    } else {
        exponent + 1
    }
}

/// An exact decimal `mantissa × 10^exponent`. Tick values are built from
/// integers so their labels never show floating-point noise (0.30000000000000004).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Decimal {
    pub mantissa: i64,
    pub exponent: i32,
}

impl Decimal {
    pub fn new(mantissa: i64, exponent: i32) -> Self {
        Decimal { mantissa, exponent }
    }

    /// `value` rounded to `digits` significant digits; zero for non-finite input.
    pub fn rounded(value: f64, digits: i32) -> Self {
        let value = if value.is_finite() {
            clamp_magnitude(value)
        } else {
            0.0
        };
        if value == 0.0 {
            return Decimal::new(0, 0);
        }
        let exponent = floor_log10(value.abs()) - (digits.max(1) - 1);
        let scaled = if exponent >= 0 {
            value / pow10(exponent)
        } else {
            value * pow10(-exponent)
        };
        Decimal::new(scaled.round() as i64, exponent).normalized()
    }

    pub fn value(self) -> f64 {
        let mantissa = self.mantissa as f64;
        if self.exponent >= 0 {
            mantissa * pow10(self.exponent)
        } else {
            // Dividing keeps 3 × 10^-1 at exactly the double nearest 0.3.
            mantissa / pow10(-self.exponent)
        }
    }

    fn normalized(self) -> Self {
        let mut out = self;
        if out.mantissa == 0 {
            return Decimal::new(0, 0);
        }
        while out.mantissa % 10 == 0 {
            out.mantissa /= 10;
            out.exponent += 1;
        }
        out
    }

    /// A short label: plain decimals from 0.001 up to 999, then the suffixes
    /// k (10^3), M (10^6), B (10^9, as in "7B parameters") and T (10^12),
    /// and scientific notation (1e15, 2.5e-5) beyond those.
    pub fn label(self) -> String {
        let d = self.normalized();
        if d.mantissa == 0 {
            return "0".to_owned();
        }
        let sign = if d.mantissa < 0 { "-" } else { "" };
        let digits = d.mantissa.unsigned_abs().to_string();
        let order = digits.len() as i32 - 1 + d.exponent;
        if !(-3..15).contains(&order) {
            let (head, tail) = digits.split_at(1);
            return if tail.is_empty() {
                format!("{sign}{head}e{order}")
            } else {
                format!("{sign}{head}.{tail}e{order}")
            };
        }
        let (suffix, shift) = match order {
            ..3 => ("", 0),
            3..6 => ("k", 3),
            6..9 => ("M", 6),
            9..12 => ("B", 9),
            _ => ("T", 12),
        };
        format!(
            "{sign}{}{suffix}",
            plain_decimal(&digits, d.exponent - shift)
        )
    }
}

/// Writes `digits × 10^exponent` without an exponent: "25", -2 → "0.25".
fn plain_decimal(digits: &str, exponent: i32) -> String {
    if exponent >= 0 {
        return format!("{digits}{}", "0".repeat(exponent as usize));
    }
    let point = digits.len() as i32 + exponent;
    if point > 0 {
        let (whole, fraction) = digits.split_at(point as usize);
        format!("{whole}.{fraction}")
    } else {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    }
}

/// A label for an arbitrary value (three significant digits), e.g. radar ring values.
pub(super) fn format_value(value: f64) -> String {
    Decimal::rounded(value, 3).label()
}

/// Step of 1, 2, 2.5 or 5 × 10^e closest above `raw` (positive and finite).
fn nice_step(raw: f64) -> Decimal {
    let exponent = floor_log10(raw);
    let fraction = raw / pow10(exponent);
    if fraction <= 1.0 {
        Decimal::new(1, exponent)
    } else if fraction <= 2.0 {
        Decimal::new(2, exponent)
    } else if fraction <= 2.5 {
        Decimal::new(25, exponent - 1)
    } else if fraction <= 5.0 {
        Decimal::new(5, exponent)
    } else {
        Decimal::new(1, exponent + 1)
    }
}

/// A value axis: its domain, whether it is logarithmic, and its ticks.
#[derive(Clone, Debug)]
pub(super) struct Scale {
    log: bool,
    /// Domain ends: values for a linear scale, decimal exponents for a log one.
    lo: f64,
    hi: f64,
    ticks: Vec<Decimal>,
}

/// About this many intervals between linear ticks.
const LINEAR_INTERVALS: f64 = 5.0;
/// Most decade labels on a log axis before labelling every n-th decade.
const MAX_DECADE_LABELS: i32 = 6;

impl Scale {
    /// A scale covering every usable value in `values` (finite, and positive
    /// for a log scale); other values are ignored. `include_zero` (linear
    /// only) keeps zero in the domain so bars have a true baseline. With no
    /// usable value the domain is 0..1 (linear) or 1..10 (log).
    pub fn new(log: bool, values: impl IntoIterator<Item = f64>, include_zero: bool) -> Self {
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for value in values {
            if !value.is_finite() || (log && value <= 0.0) {
                continue;
            }
            let value = clamp_magnitude(value);
            if log && value == 0.0 {
                continue;
            }
            lo = lo.min(value);
            hi = hi.max(value);
        }
        let data = (lo <= hi).then_some((lo, hi));
        if log {
            Self::logarithmic(data)
        } else {
            Self::linear(data, include_zero)
        }
    }

    fn linear(data: Option<(f64, f64)>, include_zero: bool) -> Self {
        let (mut lo, mut hi) = data.unwrap_or((0.0, 1.0));
        if include_zero {
            lo = lo.min(0.0);
            hi = hi.max(0.0);
        }
        let magnitude = lo.abs().max(hi.abs());
        if hi - lo <= magnitude * 1e-9 {
            if magnitude == 0.0 {
                (lo, hi) = (0.0, 1.0);
            } else {
                lo -= magnitude * 0.1;
                hi += magnitude * 0.1;
            }
        }
        Self::linear_ticks(lo, hi)
            .or_else(|| Self::linear_ticks(lo.min(0.0), hi.max(0.0)))
            .unwrap_or_else(|| Scale {
                log: false,
                lo: 0.0,
                hi: 1.0,
                ticks: vec![Decimal::new(0, 0), Decimal::new(1, 0)],
            })
    }

    /// Ticks at multiples of a nice step; `None` when the multiples would be
    /// too large to count exactly (a narrow range far from zero).
    fn linear_ticks(lo: f64, hi: f64) -> Option<Self> {
        let raw = (hi - lo) / LINEAR_INTERVALS;
        if !(raw.is_finite() && raw > 0.0) {
            return None;
        }
        let step = nice_step(raw);
        let step_value = step.value();
        // The small slack stops 0.3 / 0.1 = 2.9999999999999996 from adding a tick.
        let first = (lo / step_value + 1e-9).floor();
        let last = (hi / step_value - 1e-9).ceil();
        const LIMIT: f64 = 1e12;
        if !(first.abs() <= LIMIT && last.abs() <= LIMIT && first < last) {
            return None;
        }
        let (first, last) = (first as i64, last as i64);
        let ticks: Vec<Decimal> = (first..=last)
            .map(|k| Decimal::new(k * step.mantissa, step.exponent))
            .collect();
        let lo = ticks.first()?.value();
        let hi = ticks.last()?.value();
        (hi > lo).then_some(Scale {
            log: false,
            lo,
            hi,
            ticks,
        })
    }

    fn logarithmic(data: Option<(f64, f64)>) -> Self {
        let (low, mut high) = match data {
            Some((lo, hi)) => (floor_log10(lo), ceil_log10(hi)),
            None => (0, 1),
        };
        if high <= low {
            high = low + 1;
        }
        let decades = high - low;
        let mut ticks = Vec::new();
        if decades <= 2 {
            for exponent in low..high {
                for mantissa in [1, 2, 5] {
                    ticks.push(Decimal::new(mantissa, exponent));
                }
            }
            ticks.push(Decimal::new(1, high));
        } else {
            let stride = (decades + MAX_DECADE_LABELS - 1) / MAX_DECADE_LABELS;
            let intervals = (decades + stride - 1) / stride;
            high = low + stride * intervals;
            ticks.extend((0..=intervals).map(|i| Decimal::new(1, low + i * stride)));
        }
        Scale {
            log: true,
            lo: f64::from(low),
            hi: f64::from(high),
            ticks,
        }
    }

    pub fn ticks(&self) -> &[Decimal] {
        &self.ticks
    }

    pub fn tick_labels(&self) -> Vec<String> {
        self.ticks.iter().map(|tick| tick.label()).collect()
    }

    /// Whether `value` can be placed on this scale (finite; positive if log).
    pub fn accepts(&self, value: f64) -> bool {
        value.is_finite() && (!self.log || clamp_magnitude(value) > 0.0)
    }

    /// Position of `value` along the axis, 0 at the low end and 1 at the
    /// high end (clamped), or `None` when the value cannot be shown.
    pub fn fraction(&self, value: f64) -> Option<f64> {
        if !self.accepts(value) {
            return None;
        }
        let value = clamp_magnitude(value);
        let position = if self.log { value.log10() } else { value };
        let fraction = (position - self.lo) / (self.hi - self.lo);
        fraction.is_finite().then(|| fraction.clamp(0.0, 1.0))
    }

    /// Where bars start: zero on a linear scale, the bottom of a log scale.
    pub fn baseline(&self) -> f64 {
        if self.log {
            0.0
        } else {
            self.fraction(0.0).unwrap_or(0.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Decimal, Scale, format_value};

    #[test]
    fn tick_labels_are_exact_and_compact() {
        let cases = [
            (Decimal::new(0, 5), "0"),
            (Decimal::new(25, -2), "0.25"),
            (Decimal::new(-5, -1), "-0.5"),
            (Decimal::new(1, -3), "0.001"),
            (Decimal::new(1, -4), "1e-4"),
            (Decimal::new(25, -6), "2.5e-5"),
            (Decimal::new(999, 0), "999"),
            (Decimal::new(1, 3), "1k"),
            (Decimal::new(15, 2), "1.5k"),
            (Decimal::new(10, 6), "10M"),
            (Decimal::new(7, 9), "7B"),
            (Decimal::new(12, 13), "120T"),
            (Decimal::new(1, 15), "1e15"),
            (Decimal::new(-35, 20), "-3.5e21"),
            (Decimal::new(3000, -1), "300"),
        ];
        for (decimal, label) in cases {
            assert_eq!(decimal.label(), label, "{decimal:?}");
        }
        assert_eq!(format_value(0.1 + 0.2), "0.3");
        assert_eq!(format_value(123_456.0), "123k");
        assert_eq!(format_value(f64::NAN), "0");
    }

    #[test]
    fn linear_scales_pick_nice_ticks() {
        let labels = |values: &[f64], include_zero| {
            Scale::new(false, values.iter().copied(), include_zero).tick_labels()
        };
        assert_eq!(
            labels(&[0.1, 0.9], true),
            ["0", "0.2", "0.4", "0.6", "0.8", "1"]
        );
        assert_eq!(
            labels(&[3.0, 97.0], true),
            ["0", "20", "40", "60", "80", "100"]
        );
        assert_eq!(
            labels(&[0.0, 1.0], true),
            ["0", "0.2", "0.4", "0.6", "0.8", "1"]
        );
        assert_eq!(
            labels(&[0.3, 0.7], false),
            ["0.3", "0.4", "0.5", "0.6", "0.7"]
        );
        assert_eq!(
            labels(&[-1.5, 2.5], false),
            ["-2", "-1", "0", "1", "2", "3"]
        );
        assert_eq!(labels(&[], true), ["0", "0.2", "0.4", "0.6", "0.8", "1"]);
        assert_eq!(labels(&[1e9, 7e9], true), ["0", "2B", "4B", "6B", "8B"]);
        for values in [
            [1e308, -1e308],
            [0.0, 5e-324],
            [1e15, 1e15 + 1.0],
            [f64::MAX, f64::MIN],
        ] {
            let scale = Scale::new(false, values, false);
            assert!(
                scale.ticks().len() >= 2 && scale.ticks().len() <= 15,
                "{values:?}"
            );
            assert!(scale.ticks().iter().all(|t| t.value().is_finite()));
            assert!(values.iter().all(|&v| scale.fraction(v).is_some()));
        }
    }

    #[test]
    fn log_scales_use_decades() {
        let labels = |values: &[f64]| Scale::new(true, values.iter().copied(), false).tick_labels();
        assert_eq!(labels(&[3.0, 4000.0]), ["1", "10", "100", "1k", "10k"]);
        assert_eq!(
            labels(&[2.0, 30.0]),
            ["1", "2", "5", "10", "20", "50", "100"]
        );
        assert_eq!(
            labels(&[1e-3, 1e12]),
            ["0.001", "1", "1k", "1M", "1B", "1T"]
        );
        assert_eq!(labels(&[0.0, -1.0, f64::NAN]), ["1", "2", "5", "10"]);
        assert_eq!(labels(&[1000.0]), ["1k", "2k", "5k", "10k"]);
        let scale = Scale::new(true, [10.0, 1000.0], false);
        assert_eq!(scale.fraction(100.0), Some(0.5));
        assert_eq!(scale.fraction(0.0), None);
        assert_eq!(scale.fraction(-1.0), None);
        assert_eq!(scale.fraction(f64::NAN), None);
    }
}
