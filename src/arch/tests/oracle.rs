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
