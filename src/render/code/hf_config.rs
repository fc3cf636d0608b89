//! `code/config.json` in Hugging Face format, for the variants that map onto
//! a transformers class, so transformers can build the same model.
//!
//! Parameter counts line up as follows (tests/python/check_hf_config.py checks
//! them): Llama and ViT match their `*For*` class exactly; a BERT classifier,
//! regressor or cross-encoder is `BertForSequenceClassification` (pooler plus
//! a `Linear(hidden, num_labels)` head); a BERT embedding model is `BertModel`
//! without its pooler, plus our `Linear(hidden, dim)` projection, which
//! transformers has no class for.

use serde_json::{Map, Value, json};

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
        "encoder_bert" => Some(bert(&get)),
        "vit" => Some(json!({
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
        })),
        _ => None,
    }
}

/// BERT: `BertForSequenceClassification` for the score heads (classifier,
/// regressor, cross-encoder with one label), `BertModel` for the embedding
/// head. The blueprint's `head` is `"CrossEncoder"` or `{kind: {size_key: n}}`.
fn bert(get: &dyn Fn(&str) -> Value) -> Value {
    let head = get("head");
    let (kind, sizes) = match &head {
        Value::String(kind) => (kind.as_str(), None),
        Value::Object(map) => match map.iter().next() {
            Some((kind, sizes)) => (kind.as_str(), Some(sizes)),
            None => ("", None),
        },
        _ => ("", None),
    };
    let size = |key: &str| sizes.and_then(|s| s.get(key)).cloned();
    let mut config = Map::new();
    let (architecture, labels, problem) = match kind {
        "Classifier" => (
            "BertForSequenceClassification",
            size("num_classes"),
            Some("single_label_classification"),
        ),
        "Regressor" => (
            "BertForSequenceClassification",
            size("outputs"),
            Some("regression"),
        ),
        "CrossEncoder" => ("BertForSequenceClassification", Some(json!(1)), None),
        _ => ("BertModel", None, None),
    };
    config.insert("architectures".into(), json!([architecture]));
    config.insert("model_type".into(), json!("bert"));
    for (ours, theirs) in [
        ("vocab_size", "vocab_size"),
        ("hidden_size", "hidden_size"),
        ("num_layers", "num_hidden_layers"),
        ("num_heads", "num_attention_heads"),
        ("intermediate_size", "intermediate_size"),
        ("max_position_embeddings", "max_position_embeddings"),
        ("type_vocab_size", "type_vocab_size"),
        ("layer_norm_eps", "layer_norm_eps"),
    ] {
        config.insert(theirs.into(), get(ours));
    }
    config.insert("hidden_act".into(), json!("gelu"));
    config.insert("position_embedding_type".into(), json!("absolute"));
    if let Some(labels) = labels {
        config.insert("num_labels".into(), labels);
    }
    if let Some(problem) = problem {
        config.insert("problem_type".into(), json!(problem));
    }
    Value::Object(config)
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
    fn bert_heads_pick_the_matching_transformers_class() {
        let with_head = |head: Value| {
            move |key: &str| match key {
                "head" => head.clone(),
                "hidden_size" => json!(64),
                _ => Value::Null,
            }
        };
        let classifier = bert(&with_head(json!({"Classifier": {"num_classes": 3}})));
        assert_eq!(
            classifier["architectures"][0],
            "BertForSequenceClassification"
        );
        assert_eq!(classifier["num_labels"], 3);
        assert_eq!(classifier["problem_type"], "single_label_classification");
        let regressor = bert(&with_head(json!({"Regressor": {"outputs": 2}})));
        assert_eq!(regressor["num_labels"], 2);
        assert_eq!(regressor["problem_type"], "regression");
        let ranker = bert(&with_head(json!("CrossEncoder")));
        assert_eq!(ranker["num_labels"], 1);
        assert!(ranker.get("problem_type").is_none());
        let embedder = bert(&with_head(json!({"Embedding": {"dim": 32}})));
        assert_eq!(embedder["architectures"][0], "BertModel");
        assert!(embedder.get("num_labels").is_none());
        assert_eq!(embedder["hidden_size"], 64);
    }

    #[test]
    fn square_images_become_one_number() {
        assert_eq!(square_or_pair(&json!([224, 224])), json!(224));
        assert_eq!(square_or_pair(&json!([224, 320])), json!([224, 320]));
    }
}
