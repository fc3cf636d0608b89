//! Load + validate + resolve of a bundled example, end to end in memory.

use criterion::{Criterion, criterion_group, criterion_main};
use metagen::spec::{self, SpecFormat, SpecSource};

fn load_validate_resolve(c: &mut Criterion) {
    let text = include_str!("../examples/specs/text/text_llm_8b.yaml");
    let source = SpecSource::from_text("text_llm_8b.yaml", text, SpecFormat::Yaml);
    c.bench_function("load+validate+resolve text_llm_8b", |b| {
        b.iter(|| {
            let loaded = spec::parse_spec(std::hint::black_box(&source)).expect("valid");
            spec::resolve(&loaded, None).expect("valid")
        })
    });
}

criterion_group!(benches, load_validate_resolve);
criterion_main!(benches);
