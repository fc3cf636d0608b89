//! The paper prose of this family: the introduction's opening, the related-work
//! paragraph and the conclusion's closing, in LaTeX (citing only this family's references).

use crate::families::Prose;

/// This family's paper prose.
pub static PROSE: Prose = Prose {
    introduction: "Reinforcement-learning agents learn from the consequences of their own actions, which makes them cheap to store and expensive to train: the network is small, but every gradient step waits on an environment. Policy-gradient methods such as PPO \\citep{schulman2017ppo} update a policy and a value estimate from freshly collected rollouts; value-based methods such as DQN \\citep{mnih2015dqn} learn action values from a replay buffer. In both, the number of environment steps, not the parameter count, is the budget that matters.",
    related_work: "Clipped surrogate objectives made policy gradients stable enough to be a default; replay buffers and target networks did the same for value learning; and learned world models let an agent plan inside its own simulator instead of the real one. Published returns are notoriously sensitive to seeds, environment versions and evaluation protocol, so comparisons across papers deserve suspicion.",
    conclusion: "An agent this small fits on any device; its training does not fit in any fixed number of steps. The return it reaches will depend on seeds and environment versions, which is why the released code records both.",
};
