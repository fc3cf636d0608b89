//! The decoder-only language model (Llama style): selected for text-to-text generation with
//! the transformer family; synthesis in [`synth`].

mod prose;
pub mod synth;

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::arch::request::ArchKind;
use crate::families::select::Context;
use crate::families::{Architecture, Rule, Situation, Variant, equations as eq, recipes};
use crate::spec::enums::ArchVariant;
use crate::spec::{Family, Modality};
use crate::tasks;

/// Llama-style decoder.
pub const DECODER_LLAMA: Variant = Variant {
    name: "decoder_llama",
    model: include_str!("decoder_llama.py"),
};

/// The decoder-only LLM.
pub static DECODER_LLM: Architecture = Architecture {
    name: "decoder_llm",
    rules: &[Rule {
        situation: Situation::Generation,
        // `variant: encoder-decoder` asks for the T5 architecture instead.
        matches: |ctx: &Context| {
            ctx.single_output(Modality::Text) && ctx.variant != Some(ArchVariant::EncoderDecoder)
        },
        build: |ctx: &Context, _| {
            (ctx.family == Family::Transformer && ctx.inputs == [Modality::Text])
                .then_some(ArchKind::DecoderLlm)
        },
    }],
    build: synth::synthesize,
    variants: &[DECODER_LLAMA],
    task: |_| &tasks::CAUSAL_LM,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::ATTENTION, eq::LLM],
    references: |_| {
        vec![
            (
                "Decoder-only language models in the Llama family",
                vec!["touvron2023llama"],
            ),
            (
                "Its blocks combine RMSNorm, rotary positions, SwiGLU and grouped-query attention",
                vec![
                    "zhang2019rmsnorm",
                    "su2021roformer",
                    "shazeer2020glu",
                    "ainslie2023gqa",
                ],
            ),
        ]
    },
    recipe: recipes::gpt3,
    hf_config: Some(hf_config),
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};

/// `LlamaForCausalLM`, whose parameter count matches the blueprint exactly
/// (`tests/python/check_hf_config.py` checks it).
fn hf_config(h: &BTreeMap<String, Value>) -> Value {
    let get = |key: &str| h.get(key).cloned().unwrap_or(Value::Null);
    json!({
        "architectures": ["LlamaForCausalLM"],
        "model_type": "llama",
        "hidden_size": get("hidden_size"),
        "intermediate_size": get("intermediate_size"),
        "num_hidden_layers": get("num_layers"),
        "num_attention_heads": get("num_heads"),
        "num_key_value_heads": get("num_kv_heads"),
        "head_dim": get("head_dim"),
        "vocab_size": get("vocab_size"),
        "max_position_embeddings": get("max_position_embeddings"),
        "rms_norm_eps": get("rms_norm_eps"),
        "rope_theta": get("rope_theta"),
        "tie_word_embeddings": get("tie_word_embeddings"),
        "attention_bias": get("attention_bias"),
        "mlp_bias": false,
        "hidden_act": "silu",
        "torch_dtype": "bfloat16",
    })
}
