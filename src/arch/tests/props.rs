//! Property tests: any budget from 10K to 2T and any family never panics, stays within the
//! budget, keeps divisibility rules and is deterministic.

use super::all_kinds;
use super::families::check_blueprint;
use crate::arch::{ArchRequest, DeviceClass, LatencyClass, synthesize};
use proptest::prelude::*;

fn budget() -> impl Strategy<Value = u64> {
    // Log-uniform between 1e4 and 2e12.
    (4.0f64..12.301).prop_map(|e| 10f64.powf(e) as u64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_budget_any_family(max in budget(), kind_ix in 0usize..64, compact in any::<bool>(), min_frac in 0u64..4) {
        let kinds = all_kinds();
        let kind = kinds[kind_ix % kinds.len()].clone();
        let mut req = ArchRequest::new(kind, max);
        if compact {
            req.device = DeviceClass::Edge;
            req.latency = LatencyClass::RealTime;
        }
        if min_frac > 0 {
            req.param_min = Some(max / 10 * min_frac);
        }
        let a = synthesize(&req);
        let b = synthesize(&req);
        prop_assert_eq!(&a, &b);
        if let Ok(bp) = a {
            check_blueprint(&bp, max);
            prop_assert!(bp.total_params >= req.param_min.unwrap_or(0));
        }
    }
}

#[test]
fn every_kind_over_a_sweep_never_panics() {
    for kind in all_kinds() {
        let mut max = 10_000u64;
        while max <= 2_000_000_000_000 {
            let req = ArchRequest::new(kind.clone(), max);
            if let Ok(bp) = synthesize(&req) {
                check_blueprint(&bp, max);
            }
            max = max.saturating_mul(7);
        }
    }
}
