//! The audio models: the MusicGen-style decoder over codec tokens (generation of audio) and
//! the Whisper-style speech recognizer (audio to text), both transformer family; synthesis
//! in [`synth`].

mod prose;
pub mod synth;

use serde::{Deserialize, Serialize};

use crate::arch::request::ArchKind;
use crate::families::select::Context;
use crate::families::{
    Architecture, Rule, Situation, Variant, equations as eq, recipes, wrong_kind,
};
use crate::spec::{Family, Modality};
use crate::tasks;

/// An audio-codec decoder request: its conditioning inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AudioCodecDecoder {
    pub text_conditioned: bool,
    pub audio_conditioned: bool,
}

/// MusicGen-style decoder over audio-codec tokens.
pub const MUSICGEN_DECODER: Variant = Variant {
    name: "musicgen_decoder",
    model: include_str!("musicgen_decoder.py"),
};

/// Whisper-style encoder-decoder.
pub const WHISPER: Variant = Variant {
    name: "whisper",
    model: include_str!("whisper.py"),
};

/// The audio-codec language model.
pub static AUDIO_CODEC_DECODER: Architecture = Architecture {
    name: "audio_codec_decoder",
    rules: &[Rule {
        situation: Situation::Generation,
        matches: |ctx: &Context| ctx.single_output(Modality::Audio),
        build: |ctx: &Context, _| {
            (ctx.family == Family::Transformer).then_some(ArchKind::AudioCodecDecoder(
                AudioCodecDecoder {
                    text_conditioned: ctx.has_input(Modality::Text),
                    audio_conditioned: ctx.has_input(Modality::Audio),
                },
            ))
        },
    }],
    build: |req, budget| match &req.kind {
        ArchKind::AudioCodecDecoder(AudioCodecDecoder {
            text_conditioned,
            audio_conditioned,
        }) => synth::synthesize_musicgen(req, *text_conditioned, *audio_conditioned, budget),
        other => Err(wrong_kind("audio_codec_decoder", other)),
    },
    variants: &[MUSICGEN_DECODER],
    task: |_| &tasks::AUDIO_LM,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::ATTENTION, eq::LAYERNORM_MLP],
    references: |_| {
        vec![(
            "Music generation over audio-codec tokens",
            vec!["copet2023musicgen"],
        )]
    },
    recipe: recipes::gpt3,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};

/// The speech recognizer.
pub static WHISPER_ASR: Architecture = Architecture {
    name: "whisper_asr",
    rules: &[Rule {
        situation: Situation::SpeechRecognition,
        matches: |ctx: &Context| ctx.family == Family::Transformer,
        build: |_, _| Some(ArchKind::WhisperAsr),
    }],
    build: |req, budget| synth::synthesize_whisper(req, budget),
    variants: &[WHISPER],
    task: |_| &tasks::SPEECH_RECOGNITION,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::ATTENTION, eq::LAYERNORM_MLP],
    references: |_| {
        vec![(
            "Encoder-decoder speech recognition trained on weak supervision",
            vec!["radford2023whisper"],
        )]
    },
    recipe: recipes::bert,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};
