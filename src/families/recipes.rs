//! Optimizer defaults from published practice, shared by the architectures trained the same
//! way; each [`super::Architecture`] names its own in its `recipe` field.

/// Optimizer defaults for an architecture, with the rule they follow.
#[derive(Debug, Clone, PartialEq)]
pub struct RecipeDefaults {
    /// Peak learning rate.
    pub learning_rate: f64,
    /// AdamW betas.
    pub betas: [f64; 2],
    /// Decoupled weight decay.
    pub weight_decay: f64,
    /// Linear warm-up steps.
    pub warmup_steps: u64,
    /// Global batch size.
    pub batch_size: u64,
    /// The practice followed, quoted as the source of each default.
    pub rule: &'static str,
    /// Diffusion training: EMA of the weights, a noise schedule and timesteps.
    pub diffusion: bool,
}

/// GPT-3 (Brown et al., 2020, table 2.1): smaller models take larger peak rates; betas
/// (0.9, 0.95) and weight decay 0.1 as in Llama.
pub fn gpt3(params: u64) -> RecipeDefaults {
    RecipeDefaults {
        learning_rate: if params >= 1_000_000_000 {
            3e-4
        } else if params >= 100_000_000 {
            6e-4
        } else {
            1e-3
        },
        betas: [0.9, 0.95],
        weight_decay: 0.1,
        warmup_steps: 2000,
        batch_size: 256,
        rule: "GPT-3/Llama practice: peak rate by model size, betas (0.9, 0.95), weight decay 0.1",
        diffusion: false,
    }
}

/// BERT (Devlin et al., 2019), also used for speech and multimodal encoders.
pub fn bert(_params: u64) -> RecipeDefaults {
    RecipeDefaults {
        learning_rate: 1e-4,
        betas: [0.9, 0.999],
        weight_decay: 0.01,
        warmup_steps: 10_000,
        batch_size: 256,
        rule: "BERT practice (Devlin et al., 2019): 1e-4 peak, weight decay 0.01, 10k warm-up",
        diffusion: false,
    }
}

/// DeiT-style vision recipe (Touvron et al., 2021).
pub fn vision(_params: u64) -> RecipeDefaults {
    RecipeDefaults {
        learning_rate: 1e-3,
        betas: [0.9, 0.999],
        weight_decay: 0.05,
        warmup_steps: 5_000,
        batch_size: 256,
        rule: "DeiT-style vision recipe (Touvron et al., 2021): AdamW 1e-3, weight decay 0.05",
        diffusion: false,
    }
}

/// DiT and latent-diffusion practice (Peebles and Xie, 2023).
pub fn diffusion(_params: u64) -> RecipeDefaults {
    RecipeDefaults {
        learning_rate: 1e-4,
        betas: [0.9, 0.999],
        weight_decay: 0.0,
        warmup_steps: 1_000,
        batch_size: 256,
        rule: "DiT/latent-diffusion practice (Peebles and Xie, 2023): AdamW 1e-4, no weight decay, EMA",
        diffusion: true,
    }
}

/// PPO and DQN practice (Schulman et al., 2017).
pub fn reinforcement(_params: u64) -> RecipeDefaults {
    RecipeDefaults {
        learning_rate: 3e-4,
        betas: [0.9, 0.999],
        weight_decay: 0.0,
        warmup_steps: 0,
        batch_size: 64,
        rule: "PPO/DQN practice (Schulman et al., 2017): 3e-4, no weight decay",
        diffusion: false,
    }
}

/// GAT practice (Velickovic et al., 2018), also used for recommenders.
pub fn graph(_params: u64) -> RecipeDefaults {
    RecipeDefaults {
        learning_rate: 5e-3,
        betas: [0.9, 0.999],
        weight_decay: 5e-4,
        warmup_steps: 0,
        batch_size: 32,
        rule: "GAT practice (Velickovic et al., 2018): 5e-3, weight decay 5e-4",
        diffusion: false,
    }
}

/// Small models (tabular, forecasting, anomaly detection): AdamW 1e-3.
pub fn small_model(_params: u64) -> RecipeDefaults {
    RecipeDefaults {
        learning_rate: 1e-3,
        betas: [0.9, 0.999],
        weight_decay: 1e-4,
        warmup_steps: 500,
        batch_size: 256,
        rule: "small-model practice: AdamW 1e-3, weight decay 1e-4",
        diffusion: false,
    }
}
