//! A whole run in process: load, validate, resolve and build the release,
//! render every artifact (figures included, LaTeX compile excluded) and
//! write the tree atomically to a temporary folder. `render_run/*` is the
//! same without the write, so the two medians bracket the disk's share.

use criterion::{Criterion, criterion_group, criterion_main};
use metagen::engine::{self, SynthOptions};
use metagen::output::WriteOptions;
use metagen::release;
use metagen::spec::{self, SpecFormat, SpecSource};

fn synth(c: &mut Criterion) {
    let text = include_str!("../examples/specs/text/text_llm_8b.yaml");
    let source = SpecSource::from_text("text_llm_8b.yaml", text, SpecFormat::Yaml);
    let mut group = c.benchmark_group("synth");
    group.bench_function("render_run/text_llm_8b", |b| {
        let loaded = spec::parse_spec(&source).expect("valid");
        let built = release::build(spec::resolve(&loaded, None).expect("valid")).expect("builds");
        b.iter(|| engine::render_run(std::hint::black_box(&built), "bench").expect("renders"))
    });
    let out = tempfile::tempdir().expect("temporary folder");
    let options = SynthOptions {
        run_id: Some("bench".to_string()),
        write: WriteOptions {
            force: true,
            ..WriteOptions::default()
        },
    };
    group.bench_function("full/text_llm_8b", |b| {
        b.iter(|| {
            let loaded = spec::parse_spec(std::hint::black_box(&source)).expect("valid");
            let built =
                release::build(spec::resolve(&loaded, None).expect("valid")).expect("builds");
            engine::synthesize(&built, out.path(), &options).expect("writes")
        })
    });
    group.finish();
}

criterion_group!(benches, synth);
criterion_main!(benches);
