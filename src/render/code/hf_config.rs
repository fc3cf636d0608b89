//! `code/config.json` in Hugging Face format, for the variants that map onto
//! a transformers class, so transformers can build the same model.

use serde_json::{Value, json};

use crate::release::Release;

/// A Hugging Face `config.json` for the variants that map onto a
/// transformers class.
pub fn hf_config(release: &Release) -> Option<Value> {
    let h = &release.blueprint.hyperparameters;
    let get = |key: &str| h.get(key).cloned().unwrap_or(Value::Null);
    match release.blueprint.variant.as_str() {
        "decoder_llama" => Some(json!({
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
        })),
        _ => None,
    }
}
