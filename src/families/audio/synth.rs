//! Audio families: Whisper-style ASR encoder-decoder and the MusicGen-style codec-token
//! decoder.
//!
//! Whisper: two Conv1d over 80 log-mel bins (the second strides by 2: 3000 frames → 1500),
//! sinusoidal encoder positions stored as a *frozen* `Embedding(1500, d)` (a non-trainable
//! parameter, counted like HF's `WhisperEncoder.embed_positions`, whose `requires_grad` is
//! off; OpenAI's original code keeps it as a buffer instead), learned decoder positions (448),
//! pre-LN blocks with biases except on `k_proj` (as in Whisper: q/v/out projections have
//! biases, the key projection has none, in self- and cross-attention alike), decoder
//! cross-attention, output projection tied to the token embedding. Vocab 51865
//! (multilingual); heads = d / 64; depth from the tiny..large table.
//! MusicGen: K = 4 EnCodec codebooks of 2048 entries (+1 special row), summed embeddings,
//! sinusoidal positions (no parameters), pre-LN blocks without linear biases, K output heads;
//! text conditioning = CLIP-text encoder + `enc_to_dec_proj` + cross-attention in every block;
//! audio (melody) conditioning = 12-bin chroma projected and prepended to the sequence.

use crate::arch::blocks::{
    AttnCfg, AttnNames, BlockCfg, Ffn, Pos, block_list, block_list_params, embedding,
    embedding_params, layer_norm, layer_norm_params, linear, linear_params, next_token_loss_saved,
    tied_projection, total,
};
use crate::arch::blocks_conv::{Conv, conv1d, conv1d_params};
use crate::arch::blueprint::{Built, TransformerShape};
use crate::arch::common::{
    TEXT_CTX, TEXT_LADDER, TEXT_VOCAB, ffn_for, heads_for, text_encoder_for,
    text_encoder_params_for, text_width, widths,
};
use crate::arch::error::ArchError;
use crate::arch::fit::{self, Budget};
use crate::arch::ir::{Module, ModuleKind};
use crate::arch::request::{ArchRequest, Overrides};

pub const WHISPER_VOCAB: u64 = 51_865;
const WHISPER_DEPTHS: [(u64, u64); 5] = [(384, 4), (512, 6), (768, 12), (1024, 24), (1280, 32)];
const MUSICGEN_DEPTHS: [(u64, u64); 5] = [(256, 4), (512, 12), (1024, 24), (1536, 48), (2048, 48)];

const WHISPER_MELS: u64 = 80;
const WHISPER_DEC_LEN: u64 = 448;
/// Whisper's front end: 16 kHz audio in 30 s windows, one mel frame every 160 samples.
pub const WHISPER_SAMPLE_RATE: u64 = 16_000;
pub const WHISPER_SECONDS: u64 = 30;
pub const WHISPER_HOP: u64 = 160;
/// Encoder positions of Whisper's own 30 s window: 3000 frames halved by the stride-2 conv.
pub const WHISPER_ENC_LEN: u64 = 1500;

/// The log-mel frames and encoder positions of a clip: `length_ms` of audio at `rate` Hz is
/// `length_ms * rate / 1000` samples, a frame every [`WHISPER_HOP`] samples, and the second
/// conv (kernel 3, stride 2, padding 1) leaves ceil(frames / 2) positions. Whisper's 30 s at
/// 16 kHz: 480,000 samples, 3000 frames, 1500 positions.
pub fn whisper_frames(rate: u64, length_ms: u64) -> (u64, u64) {
    let samples = u128::from(length_ms) * u128::from(rate) / 1000;
    let frames = u64::try_from(samples / u128::from(WHISPER_HOP)).unwrap_or(u64::MAX);
    (frames, frames.div_ceil(2))
}

/// Whisper's encoder and decoder block configurations (no bias on any `k_proj`; the decoder's
/// cross-attention inherits that from the self-attention config) over `positions` encoder
/// positions.
fn whisper_cfgs(d: u64, heads: u64, ffn: u64, positions: u64) -> (BlockCfg, BlockCfg) {
    let mut enc_cfg = BlockCfg::pre_ln(d, heads, ffn, AttnNames::Split);
    enc_cfg.attn.no_k_bias = true;
    let dec_cfg = enc_cfg.clone().with_cross(d, positions);
    (enc_cfg, dec_cfg)
}

/// Closed-form count of [`build_whisper`]: the frozen encoder position table has one row per
/// encoder position, so the clip length and sample rate change the count.
pub fn whisper_params(
    d: u64,
    heads: u64,
    ffn: u64,
    layers: u64,
    vocab: u64,
    positions: u64,
) -> u64 {
    let (enc_cfg, dec_cfg) = whisper_cfgs(d, heads, ffn, positions);
    total(&[
        conv1d_params(&Conv::new(WHISPER_MELS, d, 3)),
        conv1d_params(&Conv::new(d, d, 3).stride(2)),
        embedding_params(positions, d),
        block_list_params(&enc_cfg, layers),
        layer_norm_params(d, true),
        embedding_params(vocab, d),
        embedding_params(WHISPER_DEC_LEN, d),
        block_list_params(&dec_cfg, layers),
        layer_norm_params(d, true),
    ])
}

pub fn build_whisper(d: u64, heads: u64, ffn: u64, layers: u64, vocab: u64, frames: u64) -> Module {
    let (enc_len, dec_len) = (frames.div_ceil(2), WHISPER_DEC_LEN);
    let enc_pos = Pos::tokens(enc_len);
    let dec_pos = Pos::tokens(dec_len);
    let (c1, l1) = conv1d("conv1", &Conv::new(WHISPER_MELS, d, 3), frames);
    let (c2, _) = conv1d("conv2", &Conv::new(d, d, 3).stride(2), l1);
    let mut sinus = embedding("embed_positions", enc_len, d, &enc_pos);
    for t in &mut sinus.params {
        t.trainable = false;
    }
    let (enc_cfg, dec_cfg) = whisper_cfgs(d, heads, ffn, enc_len);
    let encoder = Module::node(
        "encoder",
        ModuleKind::TransformerStack,
        vec![
            c1,
            c2,
            sinus,
            block_list("layers", &enc_cfg, layers, &enc_pos),
            layer_norm("layer_norm", d, true, &enc_pos),
        ],
    );
    let decoder = Module::node(
        "decoder",
        ModuleKind::TransformerStack,
        vec![
            embedding("embed_tokens", vocab, d, &dec_pos),
            embedding("embed_positions", dec_len, d, &dec_pos),
            block_list("layers", &dec_cfg, layers, &dec_pos),
            layer_norm("layer_norm", d, true, &dec_pos),
        ],
    );
    Module::node(
        "whisper",
        ModuleKind::Model,
        vec![
            encoder,
            decoder,
            tied_projection(
                "proj_out",
                d,
                vocab,
                "decoder.embed_tokens.weight",
                &dec_pos,
            )
            .add_saved(next_token_loss_saved(dec_pos.n, vocab)),
        ],
    )
}

pub fn synthesize_whisper(req: &ArchRequest, budget: &Budget) -> Result<(Built, u64), ArchError> {
    let o = &req.overrides;
    let vocab = o.vocab_size.unwrap_or(WHISPER_VOCAB);
    if vocab == 0 {
        return Err(ArchError::invalid_override(
            "vocab_size",
            "vocab_size must be positive",
        ));
    }
    let rate = req.sample_rate.unwrap_or(WHISPER_SAMPLE_RATE);
    let length_ms = req.audio_length_ms.unwrap_or(WHISPER_SECONDS * 1000);
    let (frames, positions) = whisper_frames(rate, length_ms);
    if positions == 0 {
        return Err(ArchError::invalid_request(
            "audio_length",
            format!(
                "{length_ms} ms of audio at {rate} Hz is shorter than one {WHISPER_HOP}-sample \
                 mel hop; write a longer audio_length"
            ),
        ));
    }
    let (grid, strict) = widths(o, 128, 8192);
    let make = |w: u64| -> Result<(u64, u64, u64), ArchError> {
        Ok((w, heads_for(w, o)?, ffn_for(w, 4, o)?))
    };
    let count = |x: &(u64, u64, u64), l: u64| whisper_params(x.0, x.1, x.2, l, vocab, positions);
    let ch = fit::stack_search(
        "whisper_asr",
        budget,
        &grid,
        strict,
        o.num_layers,
        fit::compact(req),
        make,
        count,
        |w| fit::interp_band(&WHISPER_DEPTHS, w),
    )?;
    let (d, heads, ffn) = ch.dims;
    let resolved = Overrides {
        hidden_size: Some(d),
        num_layers: Some(ch.depth),
        num_heads: Some(heads),
        intermediate_size: Some(ffn),
        vocab_size: Some(vocab),
        tie_word_embeddings: Some(true),
        ..Overrides::default()
    };
    let mut b = Built::new(
        super::WHISPER,
        build_whisper(d, heads, ffn, ch.depth, vocab, frames),
        resolved,
    )
    .hp("d_model", d)
    .hp("encoder_layers", ch.depth)
    .hp("decoder_layers", ch.depth)
    .hp("num_heads", heads)
    .hp("ffn_dim", ffn)
    .hp("vocab_size", vocab)
    .hp("num_mel_bins", 80)
    .hp("sample_rate", rate)
    .hp("max_source_positions", positions)
    .hp("max_target_positions", 448)
    .hp(
        "encoder_positions",
        "sinusoidal, frozen embedding (non-trainable parameter)",
    )
    .hp("tie_word_embeddings", true)
    .path(&["input", "encoder", "decoder", "proj_out", "output"])
    .edge("input", "decoder");
    if let Some(ms) = req.audio_length_ms {
        b = b.hp("audio_length_ms", ms);
    }
    b.transformer = Some(TransformerShape {
        layers: ch.depth,
        d_model: d,
        heads,
        kv_heads: heads,
        head_dim: d / heads.max(1),
        decoder: true,
        seq_len: 448,
    });
    b.notes.push(fit::note(
        &format!(
            "d_model {d} x {} encoder + {} decoder layers",
            ch.depth, ch.depth
        ),
        ch.total,
        budget,
        ch.candidates,
    ));
    Ok((b, ch.total))
}

pub const CODEBOOKS: u64 = 4;
pub const CARDINALITY: u64 = 2048;
/// The codec MusicGen models: EnCodec at 32 kHz with a 640-sample hop, so 50 token frames a
/// second (Copet et al., 2023, section 2.1). A clip of `audio_length` seconds is
/// `ceil(50 x seconds)` frames.
pub const CODEC_SAMPLE_RATE: u64 = 32_000;
pub const CODEC_FRAME_RATE: u64 = 50;

/// Codec frames of `length_ms` of audio at [`CODEC_FRAME_RATE`].
pub fn codec_frames(length_ms: u64) -> u64 {
    length_ms.saturating_mul(CODEC_FRAME_RATE).div_ceil(1000)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MusicGenDims {
    pub d: u64,
    pub heads: u64,
    pub ffn: u64,
    pub layers: u64,
    pub seq: u64,
    pub text: Option<u64>,
    pub audio: bool,
    pub with_text_encoder: bool,
}

impl MusicGenDims {
    fn block_cfg(&self) -> BlockCfg {
        let cfg = BlockCfg {
            attn: AttnCfg::mha(self.d, self.heads, false, AttnNames::Split),
            ffn: Ffn::Gelu { bias: false },
            ..BlockCfg::pre_ln(self.d, self.heads, self.ffn, AttnNames::Split)
        };
        if self.text.is_some() {
            cfg.with_cross(self.d, TEXT_CTX)
        } else {
            cfg
        }
    }
}

/// Closed-form count of [`build_musicgen`].
pub fn musicgen_params(m: &MusicGenDims) -> Result<u64, ArchError> {
    let d = m.d;
    let text = match m.text {
        Some(w) => total(&[
            linear_params(w, d, true),
            if m.with_text_encoder {
                text_encoder_params_for(w)?
            } else {
                0
            },
        ]),
        None => 0,
    };
    Ok(total(&[
        CODEBOOKS.saturating_mul(embedding_params(CARDINALITY + 1, d)),
        block_list_params(&m.block_cfg(), m.layers),
        layer_norm_params(d, true),
        CODEBOOKS.saturating_mul(linear_params(d, CARDINALITY, false)),
        text,
        if m.audio {
            linear_params(12, d, true)
        } else {
            0
        },
    ]))
}

pub fn build_musicgen(m: &MusicGenDims) -> Result<Module, ArchError> {
    let d = m.d;
    let prefix = if m.audio { 235 } else { 0 };
    let pos = Pos::tokens(m.seq + prefix);
    let cfg = m.block_cfg();
    let embeds = (0..CODEBOOKS)
        .map(|k| embedding(&k.to_string(), CARDINALITY + 1, d, &pos))
        .collect();
    let heads = (0..CODEBOOKS)
        .map(|k| linear(&k.to_string(), d, CARDINALITY, false, &pos))
        .collect();
    let mut children = vec![
        Module::node("embed_tokens", ModuleKind::ModuleList, embeds),
        block_list("layers", &cfg, m.layers, &pos),
        layer_norm("layer_norm", d, true, &pos),
        Module::node("lm_heads", ModuleKind::ModuleList, heads),
    ];
    if let Some(w) = m.text {
        children.push(linear(
            "enc_to_dec_proj",
            w,
            d,
            true,
            &Pos::tokens(TEXT_CTX),
        ));
        if m.with_text_encoder {
            children.push(text_encoder_for(w)?);
        }
    }
    if m.audio {
        children.push(linear(
            "audio_enc_to_dec_proj",
            12,
            d,
            true,
            &Pos::tokens(prefix),
        ));
    }
    Ok(Module::node("musicgen", ModuleKind::Model, children))
}

pub fn synthesize_musicgen(
    req: &ArchRequest,
    text: bool,
    audio: bool,
    budget: &Budget,
) -> Result<(Built, u64), ArchError> {
    let o = &req.overrides;
    let tw = if text {
        Some(text_width(o, budget.max)?)
    } else {
        None
    };
    let text_params = match tw {
        Some(w) => text_encoder_params_for(w)?,
        None => 0,
    };
    // The clip length, when the spec gives one, is the sequence; else the context window.
    let seq = req.audio_length_ms.map_or(req.context_window, codec_frames);
    if seq == 0 {
        return Err(ArchError::invalid_request(
            "audio_length",
            "the audio clip is shorter than one 20 ms codec frame; write a longer audio_length",
        ));
    }
    let (grid, strict) = widths(o, 128, 16384);
    let make = |w: u64| -> Result<MusicGenDims, ArchError> {
        Ok(MusicGenDims {
            d: w,
            heads: heads_for(w, o)?,
            ffn: ffn_for(w, 4, o)?,
            layers: 0,
            seq,
            text: tw,
            audio,
            with_text_encoder: false,
        })
    };
    let count = |m: &MusicGenDims, l: u64| {
        musicgen_params(&MusicGenDims { layers: l, ..*m })
            .map(|x| x.saturating_add(text_params))
            .unwrap_or(u64::MAX)
    };
    let ch = fit::stack_search(
        "audio_codec_decoder",
        budget,
        &grid,
        strict,
        o.num_layers,
        fit::compact(req),
        make,
        count,
        |w| fit::interp_band(&MUSICGEN_DEPTHS, w),
    )?;
    let m = MusicGenDims {
        layers: ch.depth,
        with_text_encoder: true,
        ..ch.dims
    };
    let root = build_musicgen(&m)?;
    let resolved = Overrides {
        hidden_size: Some(m.d),
        num_layers: Some(m.layers),
        num_heads: Some(m.heads),
        intermediate_size: Some(m.ffn),
        context_dim: tw,
        ..Overrides::default()
    };
    let mut b = Built::new(super::MUSICGEN_DECODER, root, resolved)
        .hp("hidden_size", m.d)
        .hp("num_layers", m.layers)
        .hp("num_heads", m.heads)
        .hp("ffn_dim", m.ffn)
        .hp("num_codebooks", CODEBOOKS)
        .hp("codebook_size", CARDINALITY)
        .hp("codec", "EnCodec 32 kHz, 50 Hz frames")
        .hp("sample_rate", CODEC_SAMPLE_RATE)
        .hp("max_frames", seq)
        .hp("positional", "sinusoidal")
        .hp("text_conditioned", text)
        .hp("audio_conditioned", audio)
        .path(&[
            "input",
            "embed_tokens",
            "layers",
            "layer_norm",
            "lm_heads",
            "output",
        ]);
    if let Some(ms) = req.audio_length_ms {
        b = b.hp("audio_length_ms", ms);
    }
    if let Some(w) = tw {
        // From the ladder (what `text_encoder_for` builds), without building the tree.
        let text_layers = TEXT_LADDER.iter().find(|r| r.0 == w).map_or(0, |r| r.1);
        b = b
            .hp("text_encoder_width", w)
            .hp("text_encoder_layers", text_layers)
            .hp("text_vocab_size", TEXT_VOCAB)
            .hp("text_context_length", TEXT_CTX)
            .path(&["input", "text_encoder", "enc_to_dec_proj", "layers"]);
    }
    if audio {
        b = b.hp("chroma_bins", 12).hp("chroma_frames", 235).path(&[
            "input",
            "audio_enc_to_dec_proj",
            "layers",
        ]);
    }
    b.transformer = Some(TransformerShape {
        layers: m.layers,
        d_model: m.d,
        heads: m.heads,
        kv_heads: m.heads,
        head_dim: m.d / m.heads.max(1),
        decoder: true,
        seq_len: seq,
    });
    b.notes.push(fit::note(
        &format!("hidden {} x {} layers", m.d, m.layers),
        ch.total,
        budget,
        ch.candidates,
    ));
    Ok((b, ch.total))
}
