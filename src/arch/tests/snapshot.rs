//! Snapshot of the fitter's decisions over a broad deterministic sweep of requests.
//!
//! `snapshot.txt` was generated from the tree-building fitter (before the search switched to
//! closed-form counts) and records, per request, the exact total, the per-component counts,
//! the reported hyperparameters, and FNV-1a hashes of everything else in the blueprint (notes,
//! resolved overrides, graph, MACs, trainable/embedding counts) and of the whole module tree.
//! Any change in the chosen configuration, its count or the emitted tree shows up as a diff.
//!
//! It was regenerated once, for the Whisper fidelity fix (no bias on `k_proj`): exactly the 58
//! `whisper_asr` lines changed. 41 keep the same configuration with a total lower by
//! 3 x layers x d_model (one key bias per encoder self-, decoder self- and cross-attention);
//! 17 are errors whose reported minimum is lower by the same amount. Every other line is
//! byte-identical to the tree-building fitter's output.
//!
//! Regenerate (only for an intentional, explained change):
//! `ARCH_SNAPSHOT_OUT=src/arch/tests/snapshot.txt cargo test --release snapshot_write -- --ignored`

use super::all_kinds;
use crate::arch::ir::Module;
use crate::arch::request::{
    ArchKind, ArchRequest, DeviceClass, LatencyClass, ModalityTag, ObsKind, Overrides,
};
use crate::arch::{Blueprint, synthesize};
use crate::families;
use crate::families::{
    audio::AudioCodecDecoder,
    detect::DetectorDetr,
    dit::DiT,
    encoder::{EncoderBert, EncoderHead},
    graph::{Gat, Gcn, LinkDecoder, LinkPrediction},
    multimodal::{Clip, HybridMultimodal},
    resnet::ResNet,
    rl::RlActorCritic,
    tabular::{PatchTst, TabularMlp},
    unet::{LatentDiffusionUNet, UNetSegmenter},
    vit::Vit,
};
use serde_json::Value;

const FIXTURE: &str = include_str!("snapshot.txt");

/// Kinds beyond [`all_kinds`] that exercise other code paths (other heads, conditioning,
/// observation spaces, graph levels).
fn extra_kinds() -> Vec<ArchKind> {
    vec![
        ArchKind::ResNet(ResNet { num_classes: 10 }),
        ArchKind::Vit(Vit { num_classes: 10 }),
        ArchKind::DiT(DiT {
            text_conditioned: false,
            num_classes: None,
        }),
        ArchKind::UNetSegmenter(UNetSegmenter {
            num_classes: 1,
            instance_embedding: false,
        }),
        ArchKind::AudioCodecDecoder(AudioCodecDecoder {
            text_conditioned: true,
            audio_conditioned: false,
        }),
        ArchKind::AudioCodecDecoder(AudioCodecDecoder {
            text_conditioned: false,
            audio_conditioned: true,
        }),
        ArchKind::Clip(Clip { embedding_dim: 768 }),
        ArchKind::HybridMultimodal(HybridMultimodal {
            inputs: vec![ModalityTag::Text],
            outputs: vec![ModalityTag::Text],
        }),
        ArchKind::DetectorDetr(DetectorDetr {
            num_classes: 20,
            num_queries: 300,
        }),
        ArchKind::TabularMlp(TabularMlp {
            features: 13,
            outputs: 1,
            classification: false,
        }),
        ArchKind::RlActorCritic(RlActorCritic {
            obs: ObsKind::Vector(4),
            actions: 2,
            continuous: false,
        }),
        ArchKind::RlActorCritic(RlActorCritic {
            obs: ObsKind::Image(3, 96, 96),
            actions: 3,
            continuous: true,
        }),
        ArchKind::Gat(Gat {
            node_features: 32,
            num_classes: 4,
            graph_level: true,
        }),
        ArchKind::Gcn(Gcn {
            node_features: 1433,
            num_classes: 7,
            graph_level: false,
        }),
        ArchKind::EncoderBert(EncoderBert {
            head: EncoderHead::Classifier { num_classes: 2 },
        }),
        ArchKind::LinkPrediction(LinkPrediction {
            node_features: 16,
            embedding_dim: 256,
            decoder: LinkDecoder::Mlp,
        }),
    ]
}

const BUDGETS: [u64; 20] = [
    10_000,
    30_000,
    100_000,
    300_000,
    1_000_000,
    2_000_000,
    5_000_000,
    10_000_000,
    30_000_000,
    100_000_000,
    300_000_000,
    1_000_000_000,
    1_500_000_000,
    2_000_000_000,
    3_500_000_000,
    8_000_000_000,
    20_000_000_000,
    70_000_000_000,
    400_000_000_000,
    2_000_000_000_000,
];

/// Override sets applied to every kind (most are irrelevant to most families, which is part of
/// what is being pinned down: ignored overrides stay ignored, invalid ones stay errors).
fn override_sets() -> Vec<Overrides> {
    let d = Overrides::default;
    vec![
        Overrides {
            hidden_size: Some(512),
            ..d()
        },
        Overrides {
            hidden_size: Some(1000),
            ..d()
        },
        Overrides {
            num_layers: Some(6),
            ..d()
        },
        Overrides {
            num_heads: Some(4),
            ..d()
        },
        Overrides {
            hidden_size: Some(2048),
            num_heads: Some(16),
            num_kv_heads: Some(4),
            ..d()
        },
        Overrides {
            intermediate_size: Some(1000),
            ..d()
        },
        Overrides {
            vocab_size: Some(50_000),
            tie_word_embeddings: Some(false),
            ..d()
        },
        Overrides {
            base_channels: Some(64),
            ..d()
        },
        Overrides {
            base_channels: Some(96),
            layers_per_block: Some(1),
            ..d()
        },
        Overrides {
            channel_multipliers: Some(vec![1, 2, 4]),
            ..d()
        },
        Overrides {
            stage_blocks: Some(vec![2, 3, 4, 2]),
            ..d()
        },
        Overrides {
            mlp_hidden: Some(vec![256, 256]),
            ..d()
        },
        Overrides {
            context_dim: Some(512),
            ..d()
        },
        Overrides {
            patch_size: Some(4),
            ..d()
        },
        Overrides {
            layers_per_block: Some(3),
            num_layers: Some(2),
            ..d()
        },
    ]
}

/// Requests with non-default input sizes (these change counts for position tables, patch
/// grids and latent sizes).
fn sized_requests() -> Vec<ArchRequest> {
    let mut out = Vec::new();
    let budgets = [3_000_000u64, 50_000_000, 700_000_000, 5_000_000_000];
    let mut push = |kind: ArchKind, f: &dyn Fn(&mut ArchRequest)| {
        for &b in &budgets {
            let mut r = ArchRequest::new(kind.clone(), b);
            f(&mut r);
            out.push(r);
        }
    };
    push(ArchKind::Vit(Vit { num_classes: 1000 }), &|r| {
        r.image_size = Some((384, 384));
        r.patch_size = Some(32);
    });
    push(
        ArchKind::DiT(DiT {
            text_conditioned: false,
            num_classes: Some(1000),
        }),
        &|r| {
            r.latent_size = Some(64);
            r.patch_size = Some(4);
        },
    );
    push(
        ArchKind::LatentDiffusionUNet(LatentDiffusionUNet {
            text_conditioned: true,
        }),
        &|r| r.image_size = Some((768, 768)),
    );
    push(ArchKind::VideoUNet, &|r| r.latent_size = Some(16));
    push(ArchKind::VideoDiT, &|r| r.latent_size = Some(16));
    push(
        ArchKind::EncoderBert(EncoderBert {
            head: EncoderHead::CrossEncoder,
        }),
        &|r| r.context_window = 512,
    );
    push(ArchKind::DecoderLlm, &|r| r.context_window = 131_072);
    push(
        ArchKind::AudioCodecDecoder(AudioCodecDecoder {
            text_conditioned: true,
            audio_conditioned: true,
        }),
        &|r| r.context_window = 1500,
    );
    push(
        ArchKind::HybridMultimodal(HybridMultimodal {
            inputs: vec![ModalityTag::Text, ModalityTag::Video],
            outputs: vec![ModalityTag::Text],
        }),
        &|r| r.context_window = 100_000,
    );
    push(
        ArchKind::DetectorDetr(DetectorDetr {
            num_classes: 91,
            num_queries: 100,
        }),
        &|r| r.image_size = Some((512, 640)),
    );
    push(
        ArchKind::UNetSegmenter(UNetSegmenter {
            num_classes: 21,
            instance_embedding: true,
        }),
        &|r| r.image_size = Some((256, 256)),
    );
    push(ArchKind::Clip(Clip { embedding_dim: 512 }), &|r| {
        r.image_size = Some((336, 336));
        r.patch_size = Some(14);
    });
    push(
        ArchKind::PatchTst(PatchTst {
            lookback: 96,
            horizon: 24,
            channels: 321,
        }),
        &|_| {},
    );
    out
}

/// The deterministic sweep, in fixture order.
pub fn sweep() -> Vec<ArchRequest> {
    let mut kinds = all_kinds();
    kinds.extend(extra_kinds());
    let mut out = Vec::new();
    for (k, kind) in kinds.iter().enumerate() {
        for (i, &max) in BUDGETS.iter().enumerate() {
            out.push(ArchRequest::new(kind.clone(), max));
            let mut r = ArchRequest::new(kind.clone(), max);
            if i % 2 == 0 {
                r.device = DeviceClass::Edge;
                r.latency = LatencyClass::Batch;
            } else {
                r.device = DeviceClass::Cpu;
                r.latency = LatencyClass::RealTime;
            }
            out.push(r);
        }
        for max in [1_000_000u64, 100_000_000, 1_000_000_000, 8_000_000_000] {
            let mut r = ArchRequest::new(kind.clone(), max);
            r.param_min = Some(max / 100 * 95);
            r.device = DeviceClass::DatacenterGpu;
            out.push(r);
        }
        for (i, o) in override_sets().into_iter().enumerate() {
            let max = [10_000_000u64, 1_000_000_000][(i + k) % 2];
            let mut r = ArchRequest::new(kind.clone(), max);
            r.overrides = o;
            out.push(r);
        }
    }
    out.extend(sized_requests());
    out
}

fn fnv(h: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *h ^= u64::from(*b);
        *h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    *h ^= 0xff;
    *h = h.wrapping_mul(0x0000_0100_0000_01b3);
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn hash_tree(m: &Module, h: &mut u64) {
    fnv(h, m.name.as_bytes());
    fnv(h, m.kind.tag().as_bytes());
    for t in &m.params {
        fnv(h, t.name.as_bytes());
        fnv(
            h,
            format!("{:?}{}{}", t.shape, t.trainable, t.embedding).as_bytes(),
        );
    }
    for t in &m.tied {
        fnv(h, t.name.as_bytes());
        fnv(h, t.target_path.as_bytes());
    }
    fnv(h, m.input_shape.join(",").as_bytes());
    fnv(h, m.output_shape.join(",").as_bytes());
    fnv(h, &m.forward_macs.to_le_bytes());
    for (k, v) in &m.attrs {
        fnv(h, k.as_bytes());
        fnv(h, v.to_string().as_bytes());
    }
    fnv(h, b"(");
    for c in &m.children {
        hash_tree(c, h);
    }
    fnv(h, b")");
}

fn strip_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, x)| !x.is_null())
                .map(|(k, x)| (k, strip_nulls(x)))
                .collect(),
        ),
        other => other,
    }
}

fn key(i: usize, r: &ArchRequest) -> String {
    let ov = serde_json::to_value(&r.overrides)
        .map(strip_nulls)
        .map(|v| v.to_string())
        .unwrap_or_default();
    let mut k = format!(
        "{i} {} {} {:?}/{:?}",
        families::for_kind(&r.kind).name,
        r.param_max,
        r.device,
        r.latency
    );
    if let Some(m) = r.param_min {
        k.push_str(&format!(" min={m}"));
    }
    if r.context_window != 2048 {
        k.push_str(&format!(" ctx={}", r.context_window));
    }
    if let Some((h, w)) = r.image_size {
        k.push_str(&format!(" img={h}x{w}"));
    }
    if let Some(l) = r.latent_size {
        k.push_str(&format!(" latent={l}"));
    }
    if let Some(p) = r.patch_size {
        k.push_str(&format!(" patch={p}"));
    }
    if ov != "{}" {
        k.push_str(&format!(" ov={ov}"));
    }
    k
}

fn describe(bp: &Blueprint) -> String {
    let comp: Vec<String> = bp
        .by_component
        .iter()
        .map(|(k, v)| format!("{k}:{v}"))
        .collect();
    let hp = serde_json::to_string(&bp.hyperparameters).unwrap_or_default();
    let meta = serde_json::to_string(&(
        bp.family.name,
        &bp.variant,
        bp.trainable_params,
        bp.embedding_params,
        bp.non_embedding_params,
        &bp.graph,
        &bp.transformer_shape,
        bp.forward_macs_per_sample,
        &bp.fit_notes,
        &bp.resolved,
    ))
    .unwrap_or_default();
    let mut mh = FNV_OFFSET;
    fnv(&mut mh, meta.as_bytes());
    let mut th = FNV_OFFSET;
    hash_tree(&bp.root, &mut th);
    format!(
        "ok {} [{}] {hp} meta={mh:016x} tree={th:016x}",
        bp.total_params,
        comp.join(",")
    )
}

/// One fixture line per request: `key => result`.
/// The request's index in [`sweep`] is part of the key (the kind itself is identified by its
/// family name; the index pins the exact variant).
pub fn line(i: usize, r: &ArchRequest) -> String {
    let res = match synthesize(r) {
        Ok(bp) => describe(&bp),
        Err(e) => format!("err {e:?}"),
    };
    format!("{} => {res}", key(i, r))
}

fn render_all() -> Vec<String> {
    sweep()
        .iter()
        .enumerate()
        .map(|(i, r)| line(i, r))
        .collect()
}

#[test]
fn snapshot_matches_fixture() {
    let expected: Vec<&str> = FIXTURE.lines().collect();
    let actual = render_all();
    let mut diffs = Vec::new();
    for (i, a) in actual.iter().enumerate() {
        match expected.get(i) {
            Some(e) if *e == a.as_str() => {}
            Some(e) => diffs.push(format!("line {}:\n  expected {e}\n  actual   {a}", i + 1)),
            None => diffs.push(format!("line {}: missing in fixture: {a}", i + 1)),
        }
    }
    assert_eq!(expected.len(), actual.len(), "fixture length");
    assert!(
        diffs.is_empty(),
        "{} snapshot lines differ; first ones:\n{}",
        diffs.len(),
        diffs.iter().take(8).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
#[ignore = "writes the fixture; run explicitly with ARCH_SNAPSHOT_OUT set"]
fn snapshot_write() {
    let Ok(path) = std::env::var("ARCH_SNAPSHOT_OUT") else {
        return;
    };
    let mut text = render_all().join("\n");
    text.push('\n');
    std::fs::write(&path, text).expect("write snapshot");
}
