//! Blueprint synthesis (architecture selection, fitting and exact counting)
//! for every bundled example, and the whole release model (blueprint, cost
//! model and re-synthesized ablations) for each.

use criterion::{Criterion, criterion_group, criterion_main};
use metagen::examples::example_sources;
use metagen::{arch, release, spec};

fn blueprints(c: &mut Criterion) {
    let mut group = c.benchmark_group("blueprint");
    for source in example_sources() {
        let loaded = spec::parse_spec(&source).expect("bundled examples are valid");
        let resolved = spec::resolve(&loaded, None).expect("bundled examples resolve");
        let selection = arch::select::select(&resolved).expect("bundled examples are supported");
        let name = source
            .name
            .trim_start_matches("examples/specs/")
            .trim_end_matches(".yaml")
            .to_string();
        group.bench_function(format!("synthesize/{name}"), |b| {
            b.iter(|| arch::synthesize(std::hint::black_box(&selection.request)).expect("fits"))
        });
        group.bench_function(format!("release/{name}"), |b| {
            b.iter(|| release::build(std::hint::black_box(resolved.clone())).expect("builds"))
        });
    }
    group.finish();
}

criterion_group!(benches, blueprints);
criterion_main!(benches);
