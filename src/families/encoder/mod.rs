//! The BERT-style text encoder with a classification, regression, embedding or
//! cross-encoder head: selected for text classification, regression, embedding and ranking
//! with the transformer family; synthesis in [`synth`].

mod prose;
pub mod synth;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::arch::request::ArchKind;
use crate::families::select::Context;
use crate::families::{
    Architecture, Rule, Situation, Variant, equations as eq, recipes, wrong_kind,
};
use crate::spec::{Family, Modality, TaskType};
use crate::tasks::{self, Task};

/// A BERT-style encoder request: the head on top.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncoderBert {
    pub head: EncoderHead,
}

/// Head on top of a BERT-style encoder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EncoderHead {
    /// Sequence classification: pooler + `Linear(d, num_classes)`.
    Classifier { num_classes: u64 },
    /// Sentence embeddings: mean pooling + `Linear(d, dim)` projection (no pooler).
    Embedding { dim: u64 },
    /// Pair scoring: pooler + `Linear(d, 1)`.
    CrossEncoder,
    /// Regression: pooler + `Linear(d, outputs)`.
    Regressor { outputs: u64 },
}

/// BERT encoder with its task head.
pub const ENCODER_BERT_VARIANT: Variant = Variant {
    name: "encoder_bert",
    model: include_str!("encoder_bert.py"),
};

/// The BERT-style encoder.
pub static ENCODER_BERT: Architecture = Architecture {
    name: "encoder_bert",
    rules: &[
        Rule {
            situation: Situation::TextEncoder,
            matches: |ctx: &Context| ctx.family == Family::Transformer,
            build: |ctx: &Context, _| {
                let task = ctx.task;
                let head = match task.task_type {
                    TaskType::Classification => EncoderHead::Classifier {
                        num_classes: task.num_classes.unwrap_or(2),
                    },
                    TaskType::Regression => EncoderHead::Regressor {
                        outputs: task.num_outputs.unwrap_or(1),
                    },
                    TaskType::Embedding => EncoderHead::Embedding {
                        dim: task.embedding_dim.unwrap_or(768),
                    },
                    _ => EncoderHead::CrossEncoder,
                };
                Some(ArchKind::EncoderBert(EncoderBert { head }))
            },
        },
        Rule {
            situation: Situation::Retrieval,
            matches: |ctx: &Context| {
                ctx.family == Family::Transformer && ctx.inputs == [Modality::Text]
            },
            build: |ctx: &Context, notes| {
                notes.push(
                    "text retrieval: a BERT-style bi-encoder that embeds queries and documents \
                 alike, compared by cosine similarity"
                        .to_string(),
                );
                Some(ArchKind::EncoderBert(EncoderBert {
                    head: EncoderHead::Embedding {
                        dim: ctx.task.embedding_dim.unwrap_or(768),
                    },
                }))
            },
        },
    ],
    build: |req, budget| match &req.kind {
        ArchKind::EncoderBert(EncoderBert { head }) => synth::synthesize(req, head, budget),
        other => Err(wrong_kind("encoder_bert", other)),
    },
    variants: &[ENCODER_BERT_VARIANT],
    task,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::ATTENTION, eq::LAYERNORM_MLP],
    references: |kind| {
        let mut refs = vec![(
            "Bidirectional encoders pre-trained with masked language modelling",
            vec!["devlin2019bert"],
        )];
        match kind {
            ArchKind::EncoderBert(EncoderBert {
                head: EncoderHead::Embedding { .. },
            }) => refs.push((
                "Sentence embeddings from siamese encoders",
                vec!["reimers2019sbert"],
            )),
            ArchKind::EncoderBert(EncoderBert {
                head: EncoderHead::CrossEncoder,
            }) => refs.push((
                "Cross-encoder re-ranking of passages",
                vec!["nogueira2019passage"],
            )),
            _ => {}
        }
        refs
    },
    recipe: recipes::bert,
    hf_config: Some(hf_config),
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};

/// The task follows the head: scores, embeddings or ranking.
fn task(kind: &ArchKind) -> &'static Task {
    match kind {
        ArchKind::EncoderBert(EncoderBert {
            head: EncoderHead::Embedding { .. },
        }) => &tasks::TEXT_EMBEDDING,
        ArchKind::EncoderBert(EncoderBert {
            head: EncoderHead::CrossEncoder,
        }) => &tasks::TEXT_RANKING,
        _ => &tasks::TEXT_CLASSIFICATION,
    }
}

/// The Hugging Face config. Parameter counts line up as follows
/// (`tests/python/check_hf_config.py` checks them): a classifier, regressor or
/// cross-encoder is `BertForSequenceClassification` (pooler plus a
/// `Linear(hidden, num_labels)` head); an embedding model is `BertModel` without
/// its pooler, plus our `Linear(hidden, dim)` projection, which transformers has
/// no class for.
fn hf_config(h: &BTreeMap<String, Value>) -> Value {
    bert(&|key: &str| h.get(key).cloned().unwrap_or(Value::Null))
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
}
