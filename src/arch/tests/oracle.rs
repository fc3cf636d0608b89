//! Oracle exactness: our IR reproduces the exact PyTorch counts of reference models.

use crate::arch::reference::*;

#[test]
fn gpt2_small_exact() {
    let m = reference_gpt2_small();
    assert_eq!(m.count(), 124_439_808);
    assert_eq!(m.count_with_tied_copies(), 163_037_184);
    assert_eq!(m.count() - m.embedding_count(), 85_056_000);
}

#[test]
fn llama3_8b_exact() {
    let m = reference_llama3_8b();
    assert_eq!(m.count(), 8_030_261_248);
    assert_eq!(m.count() - m.embedding_count(), 6_979_588_096);
}

#[test]
fn llama32_1b_exact() {
    let m = reference_llama32_1b();
    assert_eq!(m.count(), 1_235_814_400);
    assert_eq!(m.count_with_tied_copies(), 1_498_482_688);
    assert_eq!(m.count() - m.embedding_count(), 973_146_112);
}

#[test]
fn mistral_7b_exact() {
    assert_eq!(reference_mistral_7b().count(), 7_241_732_096);
}

#[test]
fn qwen25_05b_exact() {
    let m = reference_qwen25_05b();
    assert_eq!(m.count(), 494_032_768);
    assert_eq!(m.count() - m.embedding_count(), 357_898_112);
}

#[test]
fn bert_base_exact() {
    assert_eq!(reference_bert_base(true).count(), 109_482_240);
    assert_eq!(reference_bert_base(false).count(), 108_891_648);
}

#[test]
fn vit_b16_exact() {
    assert_eq!(reference_vit_b16().count(), 86_567_656);
}

#[test]
fn resnet50_exact() {
    assert_eq!(reference_resnet50().count(), 25_557_032);
}

#[test]
fn dit_xl2_exact() {
    let m = reference_dit_xl2().expect("builds");
    assert_eq!(m.count(), 675_129_632);
    assert_eq!(m.trainable_count(), 674_834_720);
}

#[test]
fn sd15_unet_exact() {
    assert_eq!(reference_sd15_unet().expect("builds").count(), 859_520_964);
}

#[test]
fn gat_exact() {
    assert_eq!(reference_gat(64).count(), 35_334);
    assert_eq!(reference_gat(8).count(), 4_422);
}

#[test]
fn ppo_exact() {
    let m = reference_ppo();
    assert_eq!(m.count(), 11_085);
    assert_eq!(m.child("actor").map(|a| a.count()), Some(5_702));
    assert_eq!(m.child("critic").map(|c| c.count()), Some(5_377));
}

#[test]
fn references_validate() {
    for m in [
        reference_gpt2_small(),
        reference_llama32_1b(),
        reference_resnet50(),
        reference_vit_b16(),
    ] {
        assert_eq!(m.validate(), Ok(()));
    }
}

/// whisper-base from its published hyperparameters: d_model 512, 6 encoder + 6 decoder layers,
/// 8 heads, FFN 2048, 80 mel bins, vocab 51865, 1500 audio positions (sinusoidal, frozen),
/// 448 learned text positions, output projection tied to the token embedding.
///
/// Hand count (HF `WhisperForConditionalGeneration` layout, PyTorch's deduplicated count):
/// - attention: q_proj, v_proj, out_proj are d x d + bias; k_proj is d x d without bias
///   → 4·d² + 3·d = 1_050_112
/// - LayerNorm: 2·d = 1_024; MLP: d·ffn + ffn + ffn·d + d = 2_099_712
/// - encoder layer: 2 norms + self-attn + MLP = 3_151_872
/// - decoder layer: 3 norms + self-attn + cross-attn + MLP = 4_203_008
/// - encoder: conv1 (80·d·3 + d = 123_392) + conv2 (d·d·3 + d = 786_944) + positions
///   (1500·d = 768_000) + 6 layers (18_911_232) + final norm (1_024) = 20_590_592
/// - decoder: tokens (51865·d = 26_554_880) + positions (448·d = 229_376) + 6 layers
///   (25_218_048) + final norm (1_024) = 52_003_328
/// - total = 72_593_920 (the "74M" usually quoted for whisper-base is a rounded figure).
///   HF keeps the sinusoidal encoder table as a frozen `nn.Embedding`, so it is a parameter
///   (counted) but not trainable: trainable = 72_593_920 - 768_000 = 71_825_920, which is
///   also the count of OpenAI's original code, where that table is a buffer.
#[test]
fn whisper_base_exact() {
    use crate::arch::{ArchKind, ArchRequest, synthesize};
    use crate::families::audio::synth::{build_whisper, whisper_params};
    let (d, layers, heads, ffn) = (512u64, 6u64, 8u64, 2048u64);
    let (mels, vocab, audio_pos, text_pos) = (80u64, 51_865u64, 1500u64, 448u64);
    let attn = 4 * d * d + 3 * d;
    let ln = 2 * d;
    let mlp = d * ffn + ffn + ffn * d + d;
    let enc_layer = ln + attn + ln + mlp;
    let dec_layer = ln + attn + ln + attn + ln + mlp;
    let encoder = (mels * d * 3 + d) + (d * d * 3 + d) + audio_pos * d + layers * enc_layer + ln;
    let decoder = vocab * d + text_pos * d + layers * dec_layer + ln;
    let total = encoder + decoder;
    assert_eq!(
        (attn, mlp, enc_layer, dec_layer),
        (1_050_112, 2_099_712, 3_151_872, 4_203_008)
    );
    assert_eq!((encoder, decoder), (20_590_592, 52_003_328));
    assert_eq!(total, 72_593_920);

    let m = build_whisper(d, heads, ffn, layers, vocab, 2 * audio_pos);
    assert_eq!(m.validate(), Ok(()));
    assert_eq!(m.count(), total);
    assert_eq!(m.trainable_count(), total - audio_pos * d);
    assert_eq!(m.trainable_count(), 71_825_920);
    // The tied output projection would add the vocab table again if it were a copy.
    assert_eq!(m.count_with_tied_copies(), total + vocab * d);
    assert_eq!(
        whisper_params(d, heads, ffn, layers, vocab, audio_pos),
        total
    );
    // k_proj carries no bias anywhere (encoder self-attn, decoder self- and cross-attn).
    let k_bias = m
        .named_parameters()
        .into_iter()
        .filter(|p| p.path.contains("k_proj"))
        .map(|p| p.path)
        .collect::<Vec<_>>();
    assert_eq!(k_bias.len(), 3 * layers as usize);
    assert!(
        k_bias.iter().all(|p| p.ends_with("k_proj.weight")),
        "{k_bias:?}"
    );

    // The synthesizer reproduces it when the published shape is pinned.
    let mut req = ArchRequest::new(ArchKind::WhisperAsr, 100_000_000);
    req.overrides.hidden_size = Some(d);
    req.overrides.num_layers = Some(layers);
    req.overrides.num_heads = Some(heads);
    req.overrides.intermediate_size = Some(ffn);
    let bp = synthesize(&req).expect("whisper-base fits 100M");
    assert_eq!(bp.total_params, total);
    assert_eq!(bp.trainable_params, 71_825_920);
}
