//! Rendering cost per spec, release build: the PyTorch code, the reports
//! with all figures (PDF and PNG), and the paper's LaTeX (figures
//! precomputed, LaTeX itself excluded).

use criterion::{Criterion, criterion_group, criterion_main};
use metagen::examples::example_sources;
use metagen::output::FileTree;
use metagen::render::{code, docs, figures_release, summary};
use metagen::{engine, release, spec};

const SPECS: &[&str] = &[
    "text/text_llm_8b.yaml",
    "image/vit_classifier.yaml",
    "image/image_diffusion_sdxl_like.yaml",
    "rl/rl_agent_ppo.yaml",
];

fn renders(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    for source in example_sources() {
        let Some(short) = SPECS.iter().find(|s| source.name.ends_with(*s)) else {
            continue;
        };
        let loaded = spec::parse_spec(&source).expect("valid");
        let built = release::build(spec::resolve(&loaded, None).expect("valid")).expect("builds");
        let name = short.trim_end_matches(".yaml");
        group.bench_function(format!("code/{name}"), |b| {
            b.iter(|| code::render(std::hint::black_box(&built)).expect("renders"))
        });
        group.bench_function(format!("reports_and_figures/{name}"), |b| {
            b.iter(|| {
                let mut tree = docs::render(&built).expect("renders");
                let (pdfs, pngs) = figures_release::render(&built).expect("figures");
                tree.merge_under("figures", pngs).expect("paths");
                tree.merge_under("pdf", pdfs).expect("paths");
                summary::render(&built, &tree)
            })
        });
        let (pdfs, _) = figures_release::render(&built).expect("figures");
        let others = FileTree::new();
        group.bench_function(format!("paper/{name}"), |b| {
            b.iter(|| {
                engine::render_paper(std::hint::black_box(&built), &pdfs, &others).expect("renders")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, renders);
criterion_main!(benches);
