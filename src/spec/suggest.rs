//! "Did you mean" suggestions for misspelt field names and values.

/// The closest candidate to `input`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(input: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let input_lower = input.to_lowercase();
    candidates
        .iter()
        .map(|candidate| {
            let distance = strsim::damerau_levenshtein(&input_lower, &candidate.to_lowercase());
            (distance, *candidate)
        })
        .filter(|(distance, candidate)| {
            // Allow roughly one edit per three characters, at least one.
            let allowed = (candidate.len().max(input.len()) / 3).max(1);
            *distance <= allowed
        })
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
}
