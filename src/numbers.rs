//! Number formatting shared by the terminal, the reports and the paper, so
//! that a count reads the same everywhere it appears.

/// Digits grouped by thousands with commas: 124439808 → "124,439,808".
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

#[cfg(test)]
mod tests {
    use super::group_digits;

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
}
