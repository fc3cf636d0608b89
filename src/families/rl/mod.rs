//! The reinforcement-learning agents: PPO-style actor-critic, DQN and a model-based agent
//! with a learned world model, each over a vector (MLP) or stacked-frame (Nature CNN)
//! observation; selected by the task with the mlp, cnn or transformer family keyword;
//! synthesis in [`synth`].

mod prose;
pub mod synth;

use serde::{Deserialize, Serialize};

use crate::arch::request::{ArchKind, ObsKind};
use crate::families::select::{Context, defaults};
use crate::families::{
    Architecture, References, Rule, Situation, Variant, equations as eq, recipes, wrong_kind,
};
use crate::spec::{ActionSpace, Family, Modality, TaskType};
use crate::tasks;

/// An actor-critic (PPO) agent request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RlActorCritic {
    pub obs: ObsKind,
    pub actions: u64,
    pub continuous: bool,
}

/// A DQN agent request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dqn {
    pub obs: ObsKind,
    pub actions: u64,
}

/// A model-based agent request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RlModelBased {
    pub obs: ObsKind,
    pub actions: u64,
}

/// PPO with separate actor and critic MLPs.
pub const PPO_MLP_SEPARATE: Variant = Variant {
    name: "ppo_mlp_separate",
    model: include_str!("ppo_mlp_separate.py"),
};

/// PPO with a shared Nature-CNN torso.
pub const PPO_NATURE_CNN_SHARED: Variant = Variant {
    name: "ppo_nature_cnn_shared",
    model: include_str!("ppo_nature_cnn_shared.py"),
};

/// DQN over a vector observation.
pub const DQN_MLP: Variant = Variant {
    name: "dqn_mlp",
    model: include_str!("dqn_mlp.py"),
};

/// DQN over stacked frames.
pub const DQN_NATURE_CNN: Variant = Variant {
    name: "dqn_nature_cnn",
    model: include_str!("dqn_nature_cnn.py"),
};

/// Encoder, latent dynamics, reward head and policy.
pub const WORLD_MODEL: Variant = Variant {
    name: "world_model",
    model: include_str!("world_model.py"),
};

/// Whether the family keyword names an agent network.
fn agent_family(ctx: &Context) -> bool {
    ctx.family_in(&[Family::Mlp, Family::Cnn, Family::Transformer])
}

/// The observation space, noting the assumed default.
fn observation(ctx: &Context, notes: &mut Vec<String>) -> ObsKind {
    if ctx.has_input(Modality::Image) || ctx.has_input(Modality::Video) {
        let side = ctx.image_side.unwrap_or(defaults::RL_FRAME_SIDE);
        if ctx.image_side.is_none() {
            notes.push(format!(
                "observations assumed to be {} stacked {side}x{side} frames",
                defaults::RL_FRAME_STACK
            ));
        }
        ObsKind::Image(defaults::RL_FRAME_STACK, side, side)
    } else {
        notes.push(format!(
            "observation vector assumed to have {} features",
            defaults::RL_VECTOR_OBS
        ));
        ObsKind::Vector(defaults::RL_VECTOR_OBS)
    }
}

/// Whether the action space is continuous, and the number of actions or action dimensions.
fn actions(ctx: &Context) -> (bool, u64) {
    let task = ctx.task;
    let continuous = task.action_dim.is_some() && task.action_space != Some(ActionSpace::Discrete);
    let n = if continuous {
        task.action_dim
    } else {
        task.num_actions
    };
    (continuous, n.unwrap_or(1))
}

fn references(opener: &'static str, keys: Vec<&'static str>) -> References {
    vec![(opener, keys)]
}

/// The PPO-style actor-critic.
pub static RL_ACTOR_CRITIC: Architecture = Architecture {
    name: "rl_actor_critic",
    rules: &[Rule {
        situation: Situation::ReinforcementLearning,
        matches: |ctx: &Context| {
            matches!(
                ctx.task.task_type,
                TaskType::PolicyGradient | TaskType::ActorCritic
            ) && agent_family(ctx)
        },
        build: |ctx: &Context, notes| {
            let obs = observation(ctx, notes);
            let (continuous, actions) = actions(ctx);
            Some(ArchKind::RlActorCritic(RlActorCritic {
                obs,
                actions,
                continuous,
            }))
        },
    }],
    build: |req, budget| match &req.kind {
        ArchKind::RlActorCritic(RlActorCritic {
            obs,
            actions,
            continuous,
        }) => synth::synthesize(req, "rl_actor_critic", *obs, *actions, *continuous, budget),
        other => Err(wrong_kind("rl_actor_critic", other)),
    },
    variants: &[PPO_MLP_SEPARATE, PPO_NATURE_CNN_SHARED],
    task: |_| &tasks::RL_POLICY_GRADIENT,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::PPO],
    references: |_| {
        references(
            "Policy-gradient reinforcement learning",
            vec!["schulman2017ppo", "mnih2015dqn"],
        )
    },
    recipe: recipes::reinforcement,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};

/// The deep Q-network.
pub static DQN: Architecture = Architecture {
    name: "dqn",
    rules: &[Rule {
        situation: Situation::ReinforcementLearning,
        matches: |ctx: &Context| ctx.task.task_type == TaskType::ValueBased && agent_family(ctx),
        build: |ctx: &Context, notes| {
            let obs = observation(ctx, notes);
            let (_, actions) = actions(ctx);
            Some(ArchKind::Dqn(Dqn { obs, actions }))
        },
    }],
    build: |req, budget| match &req.kind {
        ArchKind::Dqn(Dqn { obs, actions }) => {
            synth::synthesize(req, "dqn", *obs, *actions, false, budget)
        }
        other => Err(wrong_kind("dqn", other)),
    },
    variants: &[DQN_MLP, DQN_NATURE_CNN],
    task: |_| &tasks::RL_VALUE,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::DQN],
    references: |_| {
        references(
            "Value-based deep reinforcement learning",
            vec!["mnih2015dqn", "schulman2017ppo"],
        )
    },
    recipe: recipes::reinforcement,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};

/// The model-based agent.
pub static RL_MODEL_BASED: Architecture = Architecture {
    name: "rl_model_based",
    rules: &[Rule {
        situation: Situation::ReinforcementLearning,
        matches: |ctx: &Context| ctx.task.task_type == TaskType::ModelBased && agent_family(ctx),
        build: |ctx: &Context, notes| {
            let obs = observation(ctx, notes);
            let (_, actions) = actions(ctx);
            Some(ArchKind::RlModelBased(RlModelBased { obs, actions }))
        },
    }],
    build: |req, budget| match &req.kind {
        ArchKind::RlModelBased(RlModelBased { obs, actions }) => {
            synth::synthesize(req, "rl_model_based", *obs, *actions, false, budget)
        }
        other => Err(wrong_kind("rl_model_based", other)),
    },
    variants: &[WORLD_MODEL],
    task: |_| &tasks::RL_MODEL_BASED,
    pipeline_tag: None,
    prose: &prose::PROSE,
    equations: &[eq::PPO],
    references: |_| {
        references(
            "Learned world models for planning",
            vec!["hafner2019planet", "schulman2017ppo"],
        )
    },
    recipe: recipes::reinforcement,
    hf_config: None,
    oracle: crate::families::OracleAgreement::ALL_AGREE,
};
