//! Reference model constructors built from our block builders with published hyperparameters;
//! the oracle tests compare their counts with exact PyTorch counts.

use super::blocks::{AttnNames, BlockCfg, Pos, block_list, embedding, layer_norm, tied_projection};
use super::blocks_conv::Hw;
use super::ir::{Module, ModuleKind};
use super::request::ObsKind;
use crate::families::dit::synth::{DitCond, DitDims, build_dit};
use crate::families::encoder::synth::{BertDims, build_bert};
use crate::families::graph::synth::{GatDims, build_gat};
use crate::families::llm::synth::{LlmDims, build_llm};
use crate::families::resnet::synth::{ResNetDims, build_resnet};
use crate::families::rl::synth::build_actor_critic;
use crate::families::unet::synth::{build_unet, sd_dims};
use crate::families::vit::synth::{VitDims, build_vit};

/// GPT-2 small: learned positions, fused qkv (`c_attn`), pre-LN GELU blocks, tied head.
pub fn reference_gpt2_small() -> Module {
    let (v, ctx, d, l) = (50_257, 1024, 768, 12);
    let pos = Pos::seq("T", ctx);
    let cfg = BlockCfg::pre_ln(d, 12, 4 * d, AttnNames::Gpt2);
    Module::node(
        "gpt2",
        ModuleKind::Model,
        vec![
            embedding("wte", v, d, &pos),
            embedding("wpe", ctx, d, &pos),
            block_list("h", &cfg, l, &pos),
            layer_norm("ln_f", d, true, &pos),
            tied_projection("lm_head", d, v, "wte.weight", &pos),
        ],
    )
}

fn llama_like(hidden: u64, layers: u64, heads: u64, kv: u64, hd: u64, ffn: u64) -> LlmDims {
    LlmDims {
        hidden,
        layers,
        heads,
        kv_heads: kv,
        head_dim: hd,
        ffn,
        vocab: 128_256,
        tie: false,
        qkv_bias: false,
        context: 8192,
    }
}

pub fn reference_llama3_8b() -> Module {
    build_llm(&llama_like(4096, 32, 32, 8, 128, 14_336))
}

pub fn reference_llama32_1b() -> Module {
    build_llm(&LlmDims {
        tie: true,
        ..llama_like(2048, 16, 32, 8, 64, 8192)
    })
}

pub fn reference_mistral_7b() -> Module {
    build_llm(&LlmDims {
        vocab: 32_000,
        ..llama_like(4096, 32, 32, 8, 128, 14_336)
    })
}

pub fn reference_qwen25_05b() -> Module {
    build_llm(&LlmDims {
        vocab: 151_936,
        tie: true,
        qkv_bias: true,
        ..llama_like(896, 24, 14, 2, 64, 4864)
    })
}

/// bert-base-uncased `BertModel`, with or without the pooler.
pub fn reference_bert_base(pooler: bool) -> Module {
    let d = BertDims {
        hidden: 768,
        layers: 12,
        heads: 12,
        ffn: 3072,
        vocab: 30_522,
        max_pos: 512,
        type_vocab: 2,
    };
    build_bert(&d, pooler, None)
}

/// torchvision `vit_b_16`.
pub fn reference_vit_b16() -> Module {
    build_vit(&VitDims {
        image: Hw::new(224, 224),
        patch: 16,
        channels: 3,
        hidden: 768,
        layers: 12,
        heads: 12,
        mlp: 3072,
        num_classes: 1000,
    })
}

/// torchvision `resnet50`.
pub fn reference_resnet50() -> Module {
    build_resnet(&ResNetDims {
        base: 64,
        stages: vec![3, 4, 6, 3],
        bottleneck: true,
        num_classes: 1000,
        image: Hw::new(224, 224),
        in_channels: 3,
    })
}

/// DiT-XL/2 (256px, class-conditional, learn_sigma).
pub fn reference_dit_xl2() -> Option<Module> {
    build_dit(&DitDims {
        input: 32,
        in_channels: 4,
        patch: 2,
        hidden: 1152,
        depth: 28,
        heads: 16,
        mlp: 4608,
        learn_sigma: true,
        cond: DitCond::Class(1000),
        video: None,
        with_text_encoder: false,
    })
    .ok()
}

/// Stable Diffusion 1.5 `UNet2DConditionModel` (cross-attention dim 768).
pub fn reference_sd15_unet() -> Option<Module> {
    let mut d = sd_dims(320, 2, &[1, 2, 4, 4], 64);
    d.context = Some((768, 77));
    build_unet(&d).ok()
}

/// PyG 2-layer GAT: GATConv(64, per_head, heads=8) -> GATConv(8*per_head, 2, heads=1).
pub fn reference_gat(per_head: u64) -> Module {
    build_gat(&GatDims {
        in_features: 64,
        heads: 8,
        per_head,
        layers: 2,
        num_classes: 2,
        graph_level: false,
    })
}

/// CleanRL PPO continuous agent: obs 17, act 6, 64-64 tanh, separate nets, log_std.
pub fn reference_ppo() -> Module {
    build_actor_critic(ObsKind::Vector(17), 6, true, &[64, 64])
}
