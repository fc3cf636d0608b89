//! "Did you mean" suggestions for misspelt field names and values.

/// The closest candidate to `input`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(input: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let input_lower = input.to_lowercase();
    let input_chars = input_lower.chars().count();
    let allowed = |candidate: &str| (candidate.len().max(input.len()) / 3).max(1);
    candidates
        .iter()
        // The distance is at least the difference in length: skip hopeless
        // candidates before the quadratic comparison (a fuzzed 600 kB value
        // took 0.7 s and an 80 MB matrix per candidate).
        .filter(|candidate| {
            let lower = candidate.to_lowercase();
            lower.chars().count().abs_diff(input_chars) <= allowed(candidate)
        })
        .map(|candidate| {
            let distance = strsim::damerau_levenshtein(&input_lower, &candidate.to_lowercase());
            (distance, *candidate)
        })
        // Allow roughly one edit per three characters, at least one.
        .filter(|(distance, candidate)| *distance <= allowed(candidate))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_close_names_only() {
        let fields = ["pii", "copyright"];
        assert_eq!(did_you_mean("pi", &fields), Some("pii"));
        assert_eq!(did_you_mean("copyrite", &fields), Some("copyright"));
        assert_eq!(did_you_mean("license", &fields), None);
        let fields = ["latency", "device", "parameter_budget", "memory_budget"];
        assert_eq!(
            did_you_mean("paramter_budget", &fields),
            Some("parameter_budget")
        );
        assert_eq!(did_you_mean("Device", &fields), Some("device"));
    }

    #[test]
    fn a_huge_value_is_compared_in_linear_time() {
        let huge = "x".repeat(600_000);
        let started = std::time::Instant::now();
        assert_eq!(did_you_mean(&huge, &["latency", "device"]), None);
        assert!(started.elapsed() < std::time::Duration::from_millis(100));
    }
}
