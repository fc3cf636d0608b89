//! The T5-style encoder-decoder (T5 v1.1): selected for text-to-text generation with the
//! transformer family when the spec asks for `architecture.variant: encoder-decoder`;
//! synthesis in [`synth`].

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

/// T5 v1.1: RMS norms, relative position bias, gated-GELU, untied head.
pub const T5_V1_1: Variant = Variant {
    name: "t5_v1_1",
    model: include_str!("t5_v1_1.py"),
};

/// The method section's equations for T5's own blocks (attention itself is [`eq::ATTENTION`]).
const T5_BLOCKS: &str = "\\paragraph{RMS normalisation.} Every sublayer reads $x \\odot g / \\sqrt{\\tfrac{1}{d}\\sum_i x_i^2 + \\epsilon}$: T5's layer norm rescales without subtracting the mean and has no bias \\citep{raffel2020t5,zhang2019rmsnorm}.\n\n\
\\paragraph{Relative position bias.} Attention logits get a learned scalar per head and bucket of the offset $j - i$, $\\mathrm{softmax}_j\\left(q_i^\\top k_j + b_h(\\mathrm{bucket}(j - i))\\right)$, without scaling by $\\sqrt{d_h}$; the buckets are exact for small offsets and logarithmic up to a maximum distance, signed in the encoder and causal in the decoder \\citep{raffel2020t5}.\n\n\
\\paragraph{Gated GELU.} $\\mathrm{FFN}(x) = W_o\\left(\\mathrm{GELU}(W_0 x) \\odot W_1 x\\right)$ \\citep{shazeer2020glu}.\n\n";

/// The encoder-decoder for text to text.
pub static T5_ENCODER_DECODER: Architecture = Architecture {
    name: "t5_encoder_decoder",
    rules: &[Rule {
        situation: Situation::Generation,
        matches: |ctx: &Context| {
            ctx.single_output(Modality::Text) && ctx.variant == Some(ArchVariant::EncoderDecoder)
        },
        build: |ctx: &Context, notes| {
            (ctx.family == Family::Transformer && ctx.inputs == [Modality::Text]).then(|| {
                notes.push(
                    "`architecture.variant: encoder-decoder` for text->text: the T5 v1.1 \
                     encoder-decoder"
                        .to_string(),
                );
                ArchKind::T5
            })
        },
    }],
    build: synth::synthesize,
    variants: &[T5_V1_1],
    task: |_| &tasks::SEQ2SEQ_LM,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::ATTENTION, T5_BLOCKS],
    references: |_| {
        vec![
            (
                "Text-to-text encoder-decoders in the T5 family",
                vec!["raffel2020t5"],
            ),
            (
                "Its blocks use root-mean-square normalisation and a gated GELU feed-forward",
                vec!["zhang2019rmsnorm", "shazeer2020glu"],
            ),
        ]
    },
    recipe: recipes::bert,
    hf_config: Some(hf_config),
    oracle: crate::families::OracleAgreement::NOT_MEASURED,
};

/// `T5ForConditionalGeneration` (T5 v1.1 settings), whose parameter count matches the
/// blueprint exactly (`tests/python/check_t5_hf.py` checks it).
fn hf_config(h: &BTreeMap<String, Value>) -> Value {
    let get = |key: &str| h.get(key).cloned().unwrap_or(Value::Null);
    json!({
        "architectures": ["T5ForConditionalGeneration"],
        "model_type": "t5",
        "d_model": get("d_model"),
        "d_kv": get("d_kv"),
        "d_ff": get("d_ff"),
        "num_heads": get("num_heads"),
        "num_layers": get("num_layers"),
        "num_decoder_layers": get("num_decoder_layers"),
        "vocab_size": get("vocab_size"),
        "relative_attention_num_buckets": get("relative_attention_num_buckets"),
        "relative_attention_max_distance": get("relative_attention_max_distance"),
        "layer_norm_epsilon": get("layer_norm_epsilon"),
        "feed_forward_proj": "gated-gelu",
        "tie_word_embeddings": false,
        "is_encoder_decoder": true,
        "pad_token_id": get("pad_token_id"),
        "eos_token_id": get("eos_token_id"),
        "decoder_start_token_id": get("decoder_start_token_id"),
        "dropout_rate": 0.0,
        "torch_dtype": "float32",
    })
}
