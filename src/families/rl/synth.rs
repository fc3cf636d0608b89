//! Reinforcement-learning families: PPO-style actor-critic (separate actor/critic MLPs for
//! vector observations as in CleanRL/SB3, shared Nature-CNN torso for images, state-independent
//! `log_std` for continuous actions), DQN (Q-network only: the target network is a copy made by
//! the training loop, not a model parameter), and a model-based agent (encoder, latent
//! dynamics, reward head).
//!
//! Task-bound: hidden widths stop at 2048 and depth at 3 (CNN width x4), so very large budgets
//! are intentionally not filled; the preference is the published 2-layer shape.

use crate::arch::blocks::{Pos, linear, linear_params, mlp_stack, mlp_stack_params, total};
use crate::arch::blocks_conv::{Conv, Hw, conv2d, conv2d_params};
use crate::arch::blueprint::Built;
use crate::arch::error::ArchError;
use crate::arch::fit::Budget;
use crate::arch::ir::{Module, ModuleKind};
use crate::arch::request::{ArchRequest, ObsKind, Overrides};
use crate::arch::small::{check_hidden, pick, steps};

/// Nature-DQN CNN (`features`): conv 8x8/4, 4x4/2, 3x3/1 (widths 32/64/64 x `mult`), flatten,
/// linear to `fc`. Returns the module and `fc`.
fn nature_convs(c: u64, mult: u64) -> [Conv; 3] {
    [
        Conv::new(c, 32 * mult, 8).stride(4).pad(0),
        Conv::new(32 * mult, 64 * mult, 4).stride(2).pad(0),
        Conv::new(64 * mult, 64 * mult, 3).pad(0),
    ]
}

/// Closed-form count of [`nature_cnn`] (the flatten width follows the conv output size).
pub fn nature_cnn_params(c: u64, h: u64, w: u64, mult: u64, fc: u64) -> u64 {
    let convs = nature_convs(c, mult);
    let s3 = convs.iter().fold(Hw::new(h, w), |hw, cv| {
        Hw::new(cv.out_len(hw.h), cv.out_len(hw.w))
    });
    let flat = 64 * mult * s3.area();
    total(&[
        conv2d_params(&convs[0]),
        conv2d_params(&convs[1]),
        conv2d_params(&convs[2]),
        linear_params(flat, fc, true),
    ])
}

pub fn nature_cnn(name: &str, c: u64, h: u64, w: u64, mult: u64, fc: u64) -> Module {
    let [c1, c2, c3] = nature_convs(c, mult);
    let (a, s1) = conv2d("0", &c1, Hw::new(h, w));
    let a = a.reading_data();
    let (b, s2) = conv2d("2", &c2, s1);
    let (cc, s3) = conv2d("4", &c3, s2);
    let flat = 64 * mult * s3.area();
    Module::node(
        name,
        ModuleKind::Sequential,
        vec![a, b, cc, linear("7", flat, fc, true, &Pos::none())],
    )
    .with_attr("activation", "relu")
}

fn check_obs(obs: ObsKind, actions: u64) -> Result<(), ArchError> {
    match obs {
        ObsKind::Vector(0) => Err(ArchError::invalid_request(
            "obs",
            "observation size must be at least 1",
        )),
        ObsKind::Image(c, h, w) if c == 0 || h < 36 || w < 36 => Err(ArchError::invalid_request(
            "obs",
            "image observations need at least 1 channel and 36x36 pixels for the Nature CNN",
        )),
        _ if actions == 0 => Err(ArchError::invalid_request(
            "actions",
            "actions must be at least 1",
        )),
        _ => Ok(()),
    }
}

/// Hidden-width grid: the override, or widths 64..2048 at depth 2 or 3.
fn mlp_grid(o: &Overrides) -> Result<Vec<(Vec<u64>, u64)>, ArchError> {
    if let Some(v) = &o.mlp_hidden {
        check_hidden(v)?;
        return Ok(vec![(v.clone(), 0)]);
    }
    let mut g = Vec::new();
    for depth in [2usize, 3] {
        for w in steps(64, 2048, 64) {
            g.push((vec![w; depth], (depth as u64 - 2) * 100));
        }
    }
    Ok(g)
}

/// CNN grid: (width multiplier, fc) pairs encoded as `[mult, fc]`.
fn cnn_grid(o: &Overrides) -> Result<Vec<(Vec<u64>, u64)>, ArchError> {
    if let Some(v) = &o.mlp_hidden {
        check_hidden(v)?;
        if v.len() != 2 {
            return Err(ArchError::invalid_override(
                "mlp_hidden",
                "image agents take [cnn_width_multiplier, fc_width]",
            ));
        }
        return Ok(vec![(v.clone(), 0)]);
    }
    let mut g = Vec::new();
    for mult in [1u64, 2, 4] {
        for fc in steps(256, 4096, 64) {
            g.push((vec![mult, fc], (mult - 1) * 100));
        }
    }
    Ok(g)
}

fn dims(input: u64, hidden: &[u64], out: u64) -> Vec<u64> {
    let mut d = vec![input];
    d.extend_from_slice(hidden);
    d.push(out);
    d
}

/// (CNN width multiplier, fc width) of an image agent.
fn cnn_dims(hidden: &[u64]) -> (u64, u64) {
    (
        hidden.first().copied().unwrap_or(1),
        hidden.get(1).copied().unwrap_or(512),
    )
}

/// Closed-form count of [`build_actor_critic`].
pub fn actor_critic_params(obs: ObsKind, actions: u64, continuous: bool, hidden: &[u64]) -> u64 {
    let body = match obs {
        ObsKind::Vector(o) => total(&[
            mlp_stack_params(&dims(o, hidden, actions), true),
            mlp_stack_params(&dims(o, hidden, 1), true),
        ]),
        ObsKind::Image(c, h, w) => {
            let (mult, fc) = cnn_dims(hidden);
            total(&[
                nature_cnn_params(c, h, w, mult, fc),
                linear_params(fc, actions, true),
                linear_params(fc, 1, true),
            ])
        }
    };
    body.saturating_add(if continuous { actions } else { 0 })
}

/// Closed-form count of [`build_dqn`].
pub fn dqn_params(obs: ObsKind, actions: u64, hidden: &[u64]) -> u64 {
    match obs {
        ObsKind::Vector(o) => mlp_stack_params(&dims(o, hidden, actions), true),
        ObsKind::Image(c, h, w) => {
            let (mult, fc) = cnn_dims(hidden);
            total(&[
                nature_cnn_params(c, h, w, mult, fc),
                linear_params(fc, actions, true),
            ])
        }
    }
}

/// Closed-form count of [`build_model_based`].
pub fn model_based_params(obs: ObsKind, actions: u64, hidden: &[u64]) -> u64 {
    let (encoder, h) = match obs {
        ObsKind::Vector(o) => (
            mlp_stack_params(&dims(o, hidden, latent(hidden)), true),
            hidden.to_vec(),
        ),
        ObsKind::Image(c, hh, w) => {
            let (mult, fc) = cnn_dims(hidden);
            (nature_cnn_params(c, hh, w, mult, fc), vec![fc, fc])
        }
    };
    let z = match obs {
        ObsKind::Vector(_) => latent(hidden),
        ObsKind::Image(..) => h.first().copied().unwrap_or(0),
    };
    total(&[
        encoder,
        mlp_stack_params(&dims(z + actions, &h, z), true),
        mlp_stack_params(&dims(z, h.get(..1).unwrap_or(&[]), 1), true),
    ])
}

pub fn build_actor_critic(obs: ObsKind, actions: u64, continuous: bool, hidden: &[u64]) -> Module {
    let one = Pos::none();
    let mut children = match obs {
        ObsKind::Vector(o) => vec![
            mlp_stack("actor", &dims(o, hidden, actions), true, "tanh", &one)
                .first_layer_reading_data(),
            mlp_stack("critic", &dims(o, hidden, 1), true, "tanh", &one).first_layer_reading_data(),
        ],
        ObsKind::Image(c, h, w) => {
            let (mult, fc) = cnn_dims(hidden);
            vec![
                nature_cnn("features", c, h, w, mult, fc),
                linear("actor", fc, actions, true, &one),
                linear("critic", fc, 1, true, &one),
            ]
        }
    };
    if continuous {
        children.push(Module::parameter("log_std", &[actions], true));
    }
    Module::node("agent", ModuleKind::Model, children)
}

pub fn build_dqn(obs: ObsKind, actions: u64, hidden: &[u64]) -> Module {
    let one = Pos::none();
    let children = match obs {
        ObsKind::Vector(o) => vec![
            mlp_stack("q_net", &dims(o, hidden, actions), true, "relu", &one)
                .first_layer_reading_data(),
        ],
        ObsKind::Image(c, h, w) => {
            let (mult, fc) = cnn_dims(hidden);
            vec![
                nature_cnn("features", c, h, w, mult, fc),
                linear("q_head", fc, actions, true, &one),
            ]
        }
    };
    Module::node("dqn", ModuleKind::Model, children)
}

/// Latent size of the model-based agent: a quarter of the widest hidden layer, at least 32.
fn latent(hidden: &[u64]) -> u64 {
    (hidden.iter().copied().max().unwrap_or(128) / 4).max(32)
}

pub fn build_model_based(obs: ObsKind, actions: u64, hidden: &[u64]) -> Module {
    let one = Pos::none();
    let (encoder, h) = match obs {
        ObsKind::Vector(o) => {
            let z = latent(hidden);
            (
                mlp_stack("encoder", &dims(o, hidden, z), true, "elu", &one)
                    .first_layer_reading_data(),
                hidden.to_vec(),
            )
        }
        ObsKind::Image(c, hh, w) => {
            let (mult, fc) = cnn_dims(hidden);
            (nature_cnn("encoder", c, hh, w, mult, fc), vec![fc, fc])
        }
    };
    let z = match obs {
        ObsKind::Vector(_) => latent(hidden),
        ObsKind::Image(..) => h.first().copied().unwrap_or(0),
    };
    Module::node(
        "world_model",
        ModuleKind::Model,
        vec![
            encoder,
            mlp_stack("dynamics", &dims(z + actions, &h, z), true, "elu", &one),
            mlp_stack(
                "reward",
                &dims(z, h.get(..1).unwrap_or(&[]), 1),
                true,
                "elu",
                &one,
            ),
        ],
    )
}

pub fn synthesize(
    req: &ArchRequest,
    kind: &str,
    obs: ObsKind,
    actions: u64,
    continuous: bool,
    budget: &Budget,
) -> Result<(Built, u64), ArchError> {
    check_obs(obs, actions)?;
    let o = &req.overrides;
    let grid = match obs {
        ObsKind::Vector(_) => mlp_grid(o)?,
        ObsKind::Image(..) => cnn_grid(o)?,
    };
    let build = |h: &Vec<u64>| match kind {
        "dqn" => build_dqn(obs, actions, h),
        "rl_model_based" => build_model_based(obs, actions, h),
        _ => build_actor_critic(obs, actions, continuous, h),
    };
    let count = |h: &Vec<u64>| match kind {
        "dqn" => dqn_params(obs, actions, h),
        "rl_model_based" => model_based_params(obs, actions, h),
        _ => actor_critic_params(obs, actions, continuous, h),
    };
    let (hidden, root, total, notes) =
        pick(kind, budget, grid, o.mlp_hidden.is_some(), count, build)?;
    let resolved = Overrides {
        mlp_hidden: Some(hidden.clone()),
        ..Overrides::default()
    };
    let variant = match (kind, obs) {
        ("dqn", ObsKind::Vector(_)) => super::DQN_MLP,
        ("dqn", _) => super::DQN_NATURE_CNN,
        ("rl_model_based", _) => super::WORLD_MODEL,
        (_, ObsKind::Vector(_)) => super::PPO_MLP_SEPARATE,
        _ => super::PPO_NATURE_CNN_SHARED,
    };
    let mut b = Built::new(variant, root, resolved)
        .hp("actions", actions)
        .hp("continuous", continuous)
        .hp("hidden", hidden.clone());
    b = match obs {
        ObsKind::Vector(n) => b.hp("obs_dim", n),
        ObsKind::Image(c, h, w) => b.hp("obs_shape", vec![c, h, w]),
    };
    b = match (kind, obs) {
        ("dqn", ObsKind::Vector(_)) => b,
        ("dqn", _) => b.path(&["input", "features", "q_head", "output"]),
        ("rl_model_based", _) => b
            .path(&["input", "encoder", "dynamics", "reward", "output"])
            .path(&["input", "dynamics", "output"])
            .edge("encoder", "output"),
        (_, ObsKind::Vector(_)) => b
            .path(&["input", "actor", "output"])
            .path(&["input", "critic", "output"]),
        _ => b
            .path(&["input", "features", "actor", "output"])
            .path(&["features", "critic", "output"]),
    };
    if continuous && kind == "rl_actor_critic" {
        b = b
            .edge("log_std", "output")
            .hp("log_std", "state-independent parameter");
    }
    b.notes = notes;
    Ok((b, total))
}
