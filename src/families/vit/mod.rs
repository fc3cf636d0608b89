//! The vision transformer classifier: selected for image classification with the
//! transformer family; synthesis in [`synth`].

mod prose;
pub mod synth;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::arch::request::ArchKind;
use crate::families::select::Context;
use crate::families::{
    Architecture, Rule, Situation, Variant, equations as eq, recipes, wrong_kind,
};
use crate::spec::Family;
use crate::tasks;

/// A vision-transformer classifier request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vit {
    pub num_classes: u64,
}

/// ViT with a class token.
pub const VIT_VARIANT: Variant = Variant {
    name: "vit",
    model: include_str!("vit.py"),
};

/// The vision transformer.
pub static VIT: Architecture = Architecture {
    name: "vit",
    rules: &[Rule {
        situation: Situation::ImageClassification,
        matches: |ctx: &Context| ctx.family == Family::Transformer,
        build: |ctx: &Context, _| {
            Some(ArchKind::Vit(Vit {
                num_classes: ctx.task.num_classes.unwrap_or(1000),
            }))
        },
    }],
    build: |req, budget| match &req.kind {
        ArchKind::Vit(Vit { num_classes }) => synth::synthesize(req, *num_classes, budget),
        other => Err(wrong_kind("vit", other)),
    },
    variants: &[VIT_VARIANT],
    task: |_| &tasks::IMAGE_CLASSIFICATION,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::ATTENTION, eq::LAYERNORM_MLP],
    references: |_| {
        vec![(
            "Vision transformers over image patches",
            vec!["dosovitskiy2021vit"],
        )]
    },
    recipe: recipes::vision,
    hf_config: Some(hf_config),
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};

/// `ViTForImageClassification`, whose parameter count matches the blueprint exactly
/// (`tests/python/check_hf_config.py` checks it).
fn hf_config(h: &BTreeMap<String, Value>) -> Value {
    let get = |key: &str| h.get(key).cloned().unwrap_or(Value::Null);
    json!({
        "architectures": ["ViTForImageClassification"],
        "model_type": "vit",
        "image_size": square_or_pair(&get("image_size")),
        "patch_size": get("patch_size"),
        "num_channels": 3,
        "hidden_size": get("hidden_size"),
        "num_hidden_layers": get("num_layers"),
        "num_attention_heads": get("num_heads"),
        "intermediate_size": get("mlp_dim"),
        "hidden_act": "gelu",
        "layer_norm_eps": get("layer_norm_eps"),
        "qkv_bias": true,
        "num_labels": get("num_classes"),
    })
}

/// `image_size` as transformers prefers it: one number for square images.
fn square_or_pair(size: &Value) -> Value {
    match size.as_array().map(Vec::as_slice) {
        Some([h, w]) if h == w => h.clone(),
        _ => size.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn square_images_become_one_number() {
        assert_eq!(square_or_pair(&json!([224, 224])), json!(224));
        assert_eq!(square_or_pair(&json!([224, 320])), json!([224, 320]));
    }
}
