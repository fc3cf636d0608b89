//! Closed-form counts (the `*_params` twins the fitter scores candidates with) against the
//! module trees the builders emit: over the whole snapshot sweep for the chosen candidates,
//! and block by block / family by family over grids that also reach shapes the sweep never
//! chooses (odd overrides, every conditioning mode, every norm/FFN/attention flavour).

use super::snapshot::sweep;
use crate::arch::blocks::*;
use crate::arch::blocks_conv::*;
use crate::arch::fit::Budget;
use crate::arch::request::{ModalityTag, ObsKind};
use crate::families::{self, audio::synth as audio, detect::synth as detect, dit::synth as dit};
use crate::families::{encoder::EncoderHead, graph::LinkDecoder};
use crate::families::{encoder::synth as encoder, graph::synth as graph, llm::synth as llm};
use crate::families::{multimodal::synth as multimodal, resnet::synth as resnet, rl::synth as rl};
use crate::families::{tabular::synth as tabular, unet::synth as unet, vit::synth as vit};

const GRAPH: Graph = Graph {
    nodes: 10,
    edges: 30,
};

#[test]
fn closed_form_equals_tree_count_over_the_sweep() {
    let mut checked = 0;
    for req in sweep() {
        let Ok(budget) = Budget::from_request(&req) else {
            continue;
        };
        if let Ok((arch, built, closed)) = families::build_counted(&req, &budget) {
            assert_eq!(
                closed,
                built.root.count(),
                "{}: closed form vs tree for {req:?}",
                arch.name
            );
            checked += 1;
        }
    }
    assert!(checked > 2000, "only {checked} requests synthesized");
}

fn attn_cfgs() -> Vec<AttnCfg> {
    let mut out = Vec::new();
    for names in [
        AttnNames::Split,
        AttnNames::Gpt2,
        AttnNames::Timm,
        AttnNames::Diffusers,
    ] {
        for (qkv_bias, out_bias, no_k_bias) in [
            (true, true, false),
            (false, true, false),
            (true, false, true),
            (false, false, true),
        ] {
            for kv_dim in [None, Some(96)] {
                for (heads, kv_heads, head_dim) in [(4, 4, 16), (8, 2, 32), (6, 3, 24)] {
                    out.push(AttnCfg {
                        d_model: 192,
                        heads,
                        kv_heads,
                        head_dim,
                        qkv_bias,
                        no_k_bias,
                        out_bias,
                        names,
                        kv_dim,
                    });
                }
            }
        }
    }
    out
}

#[test]
fn attention_and_block_twins() {
    let pos = Pos::tokens(7);
    for a in attn_cfgs() {
        let tree = attention("a", &a, &pos, 5).count();
        assert_eq!(attention_params(&a), tree, "{a:?}");
        for ffn in [
            Ffn::Gelu { bias: true },
            Ffn::Gelu { bias: false },
            Ffn::SwiGlu,
            Ffn::GeGlu,
        ] {
            for norm in [Norm::LayerNorm, Norm::LayerNormNoAffine, Norm::RmsNorm] {
                for post_ln in [false, true] {
                    for adaln in [None, Some(6)] {
                        let base = BlockCfg {
                            attn: a.clone(),
                            ffn,
                            ffn_dim: 320,
                            norm,
                            post_ln,
                            adaln_chunks: adaln,
                            cross: None,
                        };
                        for cfg in [base.clone(), base.with_cross(80, 11)] {
                            assert_eq!(
                                transformer_block_params(&cfg),
                                transformer_block("b", &cfg, &pos).count(),
                                "{cfg:?}"
                            );
                            assert_eq!(
                                block_list_params(&cfg, 3),
                                block_list("l", &cfg, 3, &pos).count()
                            );
                        }
                    }
                }
            }
        }
    }
    for (d, layers) in [(64, 1), (256, 4), (768, 12)] {
        assert_eq!(
            text_encoder_params(1000, 77, d, layers),
            text_encoder("t", 1000, 77, d, layers).count()
        );
    }
    assert_eq!(
        mlp_stack_params(&[7, 64, 64, 3], true),
        mlp_stack("m", &[7, 64, 64, 3], true, "relu", &pos).count()
    );
    assert_eq!(
        mlp_stack_params(&[7, 64, 3], false),
        mlp_stack("m", &[7, 64, 3], false, "relu", &pos).count()
    );
}

#[test]
fn conv_block_twins() {
    let hw = Hw::new(40, 36);
    for cin in [8, 64, 256] {
        for cout in [8, 64, 128] {
            for stride in [1, 2] {
                assert_eq!(
                    basic_block_params(cin, cout, stride),
                    basic_block("b", cin, cout, stride, hw).0.count()
                );
                assert_eq!(
                    bottleneck_params(cin, cout, stride),
                    bottleneck("b", cin, cout, stride, hw).0.count()
                );
            }
            for temb in [None, Some(128)] {
                assert_eq!(
                    resnet_block2d_params(cin, cout, temb),
                    resnet_block2d("r", cin, cout, temb, hw).count()
                );
            }
            assert_eq!(
                conv_transpose2d_params(cin, cout, 2),
                conv_transpose2d("u", cin, cout, 2, hw).0.count()
            );
            let c = Conv::new(cin, cout, 3).stride(2).bias(cin > 8).groups(8);
            assert_eq!(conv2d_params(&c), conv2d("c", &c, hw).0.count());
            assert_eq!(conv1d_params(&c), conv1d("c", &c, 50).0.count());
            assert_eq!(
                conv3d_patch_params(cin, cout, 2, 4),
                conv3d_patch("p", cin, cout, 2, 4, (8, hw)).count()
            );
            assert_eq!(
                gcn_conv_params(cin, cout),
                gcn_conv("g", cin, cout, GRAPH).count()
            );
            for concat in [false, true] {
                assert_eq!(
                    gat_conv_params(cin, 4, cout, concat),
                    gat_conv("g", cin, 4, cout, concat, GRAPH).count()
                );
            }
        }
        for heads in [1, 8] {
            for ctx in [None, Some((768, 77))] {
                assert_eq!(
                    spatial_transformer_params(cin, heads, ctx),
                    spatial_transformer("s", cin, heads, ctx, hw).count()
                );
            }
            assert_eq!(
                temporal_transformer_params(cin, heads),
                temporal_transformer("t", cin, heads, 16, hw).count()
            );
        }
        assert_eq!(resample2d_params(cin), downsample2d("d", cin, hw).0.count());
        assert_eq!(resample2d_params(cin), upsample2d("u", cin, hw).0.count());
        assert_eq!(
            timestep_mlp_params(cin, 4 * cin),
            timestep_mlp("t", cin, 4 * cin).count()
        );
    }
}

#[test]
fn cnn_family_twins() {
    let image = Hw::new(224, 192);
    for (stages, bottleneck) in [
        (vec![1u64, 1, 1, 1], false),
        (vec![2, 0, 3], false),
        (vec![3, 4, 6, 3], true),
        (vec![1, 2, 1, 1, 1, 2], true),
    ] {
        for base in [8u64, 64, 96] {
            let rd = resnet::ResNetDims {
                base,
                stages: stages.clone(),
                bottleneck,
                num_classes: 10,
                image,
                in_channels: 3,
            };
            assert_eq!(
                resnet::resnet_params(&rd),
                resnet::build_resnet(&rd).count()
            );
            if stages.len() == 4 {
                assert_eq!(
                    detect::fcos_params(&rd, 80),
                    detect::build_fcos(&rd, 80).count()
                );
                for layers in [1, 6] {
                    assert_eq!(
                        detect::detr_params(&rd, 91, 100, layers),
                        detect::build_detr(&rd, 91, 100, layers).count()
                    );
                }
            }
        }
    }
    for levels in 1..=6 {
        for instance in [false, true] {
            assert_eq!(
                unet::seg_unet_params(16, levels, 21, instance),
                unet::build_seg_unet(16, levels, 21, instance, Hw::new(256, 256)).count()
            );
        }
    }
    for mults in [
        vec![1u64],
        vec![1, 2, 4],
        vec![1, 2, 4, 4],
        vec![1, 1, 2, 3, 4, 4],
    ] {
        for lpb in [1, 2, 3] {
            for (context, frames, text) in [
                (None, None, None),
                (Some((768, 77)), None, Some(768)),
                (Some((256, 77)), Some(16), Some(256)),
                (None, Some(8), None),
            ] {
                let mut d = unet::sd_dims(64, lpb, &mults, 64);
                d.context = context;
                d.frames = frames;
                d.text_encoder = text;
                if mults.len() > 2 {
                    d.attn[1] = false;
                }
                let tree = unet::build_unet(&d).map(|m| m.count());
                assert_eq!(unet::unet_params(&d).ok(), tree.ok(), "{d:?}");
            }
        }
    }
}

#[test]
fn transformer_family_twins() {
    for (hidden, heads, kv, hd, tie, bias) in [
        (512u64, 8u64, 2u64, 64u64, true, false),
        (896, 14, 2, 64, true, true),
        (1024, 8, 8, 128, false, false),
    ] {
        for layers in [0, 1, 5] {
            let d = llm::LlmDims {
                hidden,
                layers,
                heads,
                kv_heads: kv,
                head_dim: hd,
                ffn: 3 * hidden,
                vocab: 1000,
                tie,
                qkv_bias: bias,
                context: 128,
            };
            assert_eq!(llm::llm_params(&d), llm::build_llm(&d).count());
        }
    }
    let heads = [
        None,
        Some(EncoderHead::Classifier { num_classes: 3 }),
        Some(EncoderHead::Embedding { dim: 384 }),
        Some(EncoderHead::CrossEncoder),
        Some(EncoderHead::Regressor { outputs: 2 }),
    ];
    for head in &heads {
        for pooler in [false, true] {
            let d = encoder::BertDims {
                hidden: 256,
                layers: 3,
                heads: 4,
                ffn: 1024,
                vocab: 5000,
                max_pos: 512,
                type_vocab: 2,
            };
            assert_eq!(
                encoder::bert_params(&d, pooler, head.as_ref()),
                encoder::build_bert(&d, pooler, head.as_ref()).count()
            );
        }
    }
    let v = vit::VitDims {
        image: Hw::new(224, 160),
        patch: 16,
        channels: 3,
        hidden: 384,
        layers: 4,
        heads: 6,
        mlp: 1536,
        num_classes: 10,
    };
    assert_eq!(vit::vit_params(&v), vit::build_vit(&v).count());
    for cond in [
        dit::DitCond::None,
        dit::DitCond::Class(1000),
        dit::DitCond::Text(384),
    ] {
        for video in [None, Some((16, 2))] {
            for (learn_sigma, with_text_encoder) in [(true, true), (false, false)] {
                let d = dit::DitDims {
                    input: 32,
                    in_channels: 4,
                    patch: 4,
                    hidden: 384,
                    depth: 3,
                    heads: 6,
                    mlp: 1536,
                    learn_sigma,
                    cond,
                    video,
                    with_text_encoder,
                };
                let tree = dit::build_dit(&d).map(|m| m.count());
                assert_eq!(dit::dit_params(&d).ok(), tree.ok(), "{d:?}");
            }
        }
    }
    for with_text in [false, true] {
        assert_eq!(
            dit::point_denoiser_params(256, 4, 1024, 3, 512, with_text).ok(),
            dit::build_point_denoiser(256, 4, 1024, 3, 512, with_text)
                .map(|m| m.count())
                .ok()
        );
    }
    for layers in [0, 1, 4] {
        // Whisper's 3000 frames, 10 s at 16 kHz (1000) and an odd frame count.
        for frames in [3000u64, 1000, 7] {
            assert_eq!(
                audio::whisper_params(384, 6, 1536, layers, 51_865, frames.div_ceil(2)),
                audio::build_whisper(384, 6, 1536, layers, 51_865, frames).count()
            );
        }
    }
    for text in [None, Some(256)] {
        for audio_cond in [false, true] {
            for with_text_encoder in [false, true] {
                let m = audio::MusicGenDims {
                    d: 256,
                    heads: 4,
                    ffn: 1024,
                    layers: 2,
                    seq: 100,
                    text,
                    audio: audio_cond,
                    with_text_encoder,
                };
                assert_eq!(
                    audio::musicgen_params(&m).ok(),
                    audio::build_musicgen(&m).map(|x| x.count()).ok()
                );
            }
        }
    }
    for (layers_t, e) in [(6, 512), (12, 768)] {
        let image = Hw::new(224, 224);
        assert_eq!(
            multimodal::clip_params(768, 3, 512, layers_t, e, image, 16),
            multimodal::build_clip(768, 3, 512, layers_t, e, image, 16).count()
        );
    }
    let all = [
        ModalityTag::Text,
        ModalityTag::Image,
        ModalityTag::Audio,
        ModalityTag::Video,
        ModalityTag::Tabular,
        ModalityTag::TimeSeries,
        ModalityTag::PointCloud,
    ];
    for i in 0..all.len() {
        let ins = &all[i..];
        let outs = &all[..=i];
        assert_eq!(
            multimodal::hybrid_params(ins, outs, 256, 4, 1024, 2, 300),
            multimodal::build_hybrid(ins, outs, 256, 4, 1024, 2, 300).count()
        );
    }
    assert_eq!(
        tabular::patchtst_params(336, 96, 7, 128, 4, 256, 3),
        tabular::build_patchtst(336, 96, 7, 128, 4, 256, 3).count()
    );
}

#[test]
fn small_family_twins() {
    for hidden in [vec![64u64, 64], vec![256, 128, 32]] {
        assert_eq!(
            tabular::tabular_params(54, 7, &hidden),
            tabular::build_tabular(54, 7, &hidden).count()
        );
        assert_eq!(
            tabular::forecaster_params(336, 96, 7, &hidden),
            tabular::build_forecaster(336, 96, 7, &hidden).count()
        );
        assert_eq!(
            tabular::autoencoder_params(128, 8, &hidden),
            tabular::build_autoencoder(128, 8, &hidden).count()
        );
        for obs in [ObsKind::Vector(17), ObsKind::Image(4, 84, 84)] {
            for continuous in [false, true] {
                assert_eq!(
                    rl::actor_critic_params(obs, 6, continuous, &hidden),
                    rl::build_actor_critic(obs, 6, continuous, &hidden).count()
                );
            }
            assert_eq!(
                rl::dqn_params(obs, 6, &hidden),
                rl::build_dqn(obs, 6, &hidden).count()
            );
            assert_eq!(
                rl::model_based_params(obs, 6, &hidden),
                rl::build_model_based(obs, 6, &hidden).count()
            );
        }
    }
    for layers in 0..=5 {
        for graph_level in [false, true] {
            assert_eq!(
                graph::gcn_params(1433, 64, layers, 7, graph_level),
                graph::build_gcn(1433, 64, layers, 7, graph_level).count()
            );
            let d = graph::GatDims {
                in_features: 1433,
                heads: 4,
                per_head: 16,
                layers,
                num_classes: 7,
                graph_level,
            };
            assert_eq!(graph::gat_params(&d), graph::build_gat(&d).count());
        }
    }
    for decoder in [LinkDecoder::Dot, LinkDecoder::Mlp] {
        assert_eq!(
            graph::link_params(128, 256, 64, decoder),
            graph::build_link(128, 256, 64, decoder).count()
        );
    }
    assert_eq!(
        graph::two_tower_params(1000, 500, 64, 256),
        graph::build_two_tower(1000, 500, 64, 256).count()
    );
}

/// The allocation-free tied-target check in `Module::validate` agrees with the definition
/// (every tied target is a row of `named_parameters()`), including bare `nn.Parameter`
/// modules, nested paths and near-miss prefixes.
#[test]
fn validate_resolves_tied_targets_like_named_parameters() {
    use crate::arch::ir::{Module, ModuleKind, Tied};
    let pos = Pos::tokens(4);
    let tree = |target: &str| {
        let mut head = linear("head", 8, 10, false, &pos);
        head.params.clear();
        head.tied.push(Tied {
            name: "weight".to_string(),
            target_path: target.to_string(),
        });
        let inner = Module::node(
            "enc",
            ModuleKind::Container,
            vec![
                embedding("tok", 10, 8, &pos),
                Module::parameter("scale", &[8], true),
                Module::node(
                    "layers",
                    ModuleKind::ModuleList,
                    vec![
                        linear("0", 8, 8, true, &pos),
                        linear("10", 8, 8, true, &pos),
                    ],
                ),
            ],
        );
        let mut root = Module::node("m", ModuleKind::Model, vec![inner, head]);
        root.params.push(crate::arch::ir::Tensor::new("bias", &[3]));
        root
    };
    for target in [
        "enc.tok.weight",
        "enc.scale",
        "enc.layers.0.weight",
        "enc.layers.10.bias",
        "bias",
        "enc.scale.scale",
        "enc.tok",
        "enc.layers.1.weight",
        "enc.layers.0",
        "m.bias",
        "enc..tok.weight",
        "",
    ] {
        let m = tree(target);
        let defined = m.named_parameters().iter().any(|p| p.path == target);
        let expected = if defined {
            Ok(())
        } else {
            Err(format!(
                "tied parameter head.weight points at missing {target}"
            ))
        };
        assert_eq!(m.validate(), expected, "{target}");
    }
    let mut dup = tree("bias");
    let extra = dup.children[0].clone();
    dup.children.push(extra);
    assert_eq!(dup.validate(), Err("duplicate child enc in m".to_string()));
}
