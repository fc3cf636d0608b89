//! Overrides: consistent ones are honoured, inconsistent ones give InvalidOverride.

use crate::arch::{ArchError, ArchKind, ArchRequest, synthesize};
use crate::families::{
    dit::DiT,
    encoder::{EncoderBert, EncoderHead},
    resnet::ResNet,
    tabular::MlpForecaster,
};

#[test]
fn consistent_llm_override_is_honoured() {
    let mut req = ArchRequest::new(ArchKind::DecoderLlm, 2_000_000_000);
    req.overrides.hidden_size = Some(2048);
    req.overrides.num_heads = Some(16);
    req.overrides.num_kv_heads = Some(4);
    let bp = synthesize(&req).expect("fits");
    let t = bp.transformer_shape.expect("shape");
    assert_eq!(
        (t.d_model, t.heads, t.kv_heads, t.head_dim),
        (2048, 16, 4, 128)
    );
    assert!(bp.total_params <= 2_000_000_000);
}

#[test]
fn fully_pinned_llm_reproduces_llama32_1b() {
    let mut req = ArchRequest::new(ArchKind::DecoderLlm, 1_300_000_000);
    let o = &mut req.overrides;
    o.hidden_size = Some(2048);
    o.num_layers = Some(16);
    o.num_heads = Some(32);
    o.num_kv_heads = Some(8);
    o.head_dim = Some(64);
    o.intermediate_size = Some(8192);
    o.vocab_size = Some(128_256);
    o.tie_word_embeddings = Some(true);
    assert_eq!(synthesize(&req).expect("fits").total_params, 1_235_814_400);
}

#[test]
fn heads_not_dividing_hidden_is_rejected() {
    let mut req = ArchRequest::new(ArchKind::DecoderLlm, 1_000_000_000);
    req.overrides.hidden_size = Some(1024);
    req.overrides.num_heads = Some(12);
    match synthesize(&req) {
        Err(ArchError::InvalidOverride { field, reason }) => {
            assert_eq!(field, "num_heads");
            assert!(
                reason.contains("does not divide hidden_size 1024"),
                "{reason}"
            );
        }
        other => panic!("expected InvalidOverride, got {other:?}"),
    }
    let mut bert = ArchRequest::new(
        ArchKind::EncoderBert(EncoderBert {
            head: EncoderHead::CrossEncoder,
        }),
        100_000_000,
    );
    bert.overrides.hidden_size = Some(1000);
    assert!(matches!(
        synthesize(&bert),
        Err(ArchError::InvalidOverride { .. })
    ));
}

#[test]
fn over_budget_override_is_rejected() {
    let mut req = ArchRequest::new(ArchKind::DecoderLlm, 8_000_000_000);
    req.overrides.hidden_size = Some(4096);
    req.overrides.num_layers = Some(36);
    match synthesize(&req) {
        Err(ArchError::InvalidOverride { reason, .. }) => {
            assert!(reason.contains("over the 8B budget"), "{reason}");
        }
        other => panic!("expected InvalidOverride, got {other:?}"),
    }
}

#[test]
fn kv_heads_must_divide_heads() {
    let mut req = ArchRequest::new(ArchKind::DecoderLlm, 1_000_000_000);
    req.overrides.num_kv_heads = Some(3);
    req.overrides.hidden_size = Some(2048);
    assert!(
        matches!(synthesize(&req), Err(ArchError::InvalidOverride { field, .. }) if field == "num_kv_heads")
    );
}

#[test]
fn budget_errors_are_typed() {
    assert!(matches!(
        synthesize(&ArchRequest::new(ArchKind::DecoderLlm, 100_000)),
        Err(ArchError::BudgetTooSmall { .. })
    ));
    let mut req = ArchRequest::new(ArchKind::DecoderLlm, 1_000_000);
    req.param_min = Some(2_000_000);
    assert!(matches!(
        synthesize(&req),
        Err(ArchError::BudgetBelowMin { .. })
    ));
    let msg = synthesize(&ArchRequest::new(ArchKind::DecoderLlm, 100_000))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        msg.contains("raise constraints.parameter_budget.max"),
        "{msg}"
    );
}

#[test]
fn cnn_overrides() {
    let mut req = ArchRequest::new(ArchKind::ResNet(ResNet { num_classes: 1000 }), 30_000_000);
    req.overrides.stage_blocks = Some(vec![3, 4, 6, 3]);
    req.overrides.base_channels = Some(64);
    assert_eq!(synthesize(&req).expect("r50").total_params, 25_557_032);
    req.overrides.base_channels = Some(60);
    assert!(matches!(
        synthesize(&req),
        Err(ArchError::InvalidOverride { .. })
    ));
}

#[test]
fn absurd_sizes_are_rejected_not_panicking() {
    let mut req = ArchRequest::new(
        ArchKind::MlpForecaster(MlpForecaster {
            lookback: u64::MAX,
            horizon: 1,
            channels: u64::MAX,
        }),
        1_000_000,
    );
    assert!(matches!(
        synthesize(&req),
        Err(ArchError::InvalidRequest { .. })
    ));
    req.kind = ArchKind::DecoderLlm;
    req.overrides.hidden_size = Some(u64::MAX / 2);
    assert!(matches!(
        synthesize(&req),
        Err(ArchError::InvalidRequest { .. })
    ));
    let mut big = ArchRequest::new(
        ArchKind::DiT(DiT {
            text_conditioned: false,
            num_classes: Some(1 << 24),
        }),
        1 << 40,
    );
    big.overrides.hidden_size = Some(1 << 20);
    // Legal but enormous: it must return (Ok or a typed error) without panicking.
    let _ = synthesize(&big);
}
