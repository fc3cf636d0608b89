//! The paper prose of this family, in LaTeX (citing only this family's references): the
//! abstract's claim, the introduction's opening, the related-work paragraph, the conclusion's closing, and the
//! discussion's limitations and broader impact.

use crate::families::Prose;

/// This family's paper prose.
pub static PROSE: Prose = Prose {
    abstract_claim: "Its small policy and value networks are cheap to run; environment steps, not parameters, are what its training spends.",
    introduction: "Reinforcement-learning agents learn from the consequences of their own actions, which makes them cheap to store and expensive to train: the network is small, but every gradient step waits on an environment. Policy-gradient methods such as PPO \\citep{schulman2017ppo} update a policy and a value estimate from freshly collected rollouts; value-based methods such as DQN \\citep{mnih2015dqn} learn action values from a replay buffer. In both, the number of environment steps, not the parameter count, is the budget that matters.",
    related_work: "Clipped surrogate objectives made policy gradients stable enough to be a default; replay buffers and target networks did the same for value learning; and learned world models let an agent plan inside its own simulator instead of the real one. Published returns are notoriously sensitive to seeds, environment versions and evaluation protocol, so comparisons across papers deserve suspicion.",
    conclusion: "An agent this small fits on any device; its training does not fit in any fixed number of steps. The return it reaches will depend on seeds and environment versions, which is why the released code records both.",
    limitations: "An agent's network is the cheap part; the expensive part is the environment interaction that trains it, and that cost is set by the number of environment steps, the simulator speed and the rollout length, not by the parameters. Returns vary widely across seeds, and a policy tuned on one environment version can fail on the next, so every reported return needs its seed count and environment version next to it.",
    broader_impact: "Agents optimise the reward they are given, not the intent behind it, and find loopholes a designer did not foresee. Any deployment beyond a simulator needs constraints and monitoring that the reward alone does not provide.",
};
