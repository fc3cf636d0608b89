PPO_CLIP = 0.2
VALUE_COEF = 0.5
ENTROPY_COEF = 0.01


def log_prob_and_entropy(outputs: dict, actions: torch.Tensor):
    """Log-probability of the taken actions and the policy entropy, per sample."""
    if "mean" in outputs:
        policy = torch.distributions.Normal(outputs["mean"].float(), outputs["log_std"].float().exp())
        return policy.log_prob(actions).sum(-1), policy.entropy().sum(-1)
    policy = torch.distributions.Categorical(logits=outputs["logits"].float())
    return policy.log_prob(actions), policy.entropy()


def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """PPO (Schulman et al., 2017): clipped surrogate + VALUE_COEF * value MSE
    - ENTROPY_COEF * entropy, with advantages normalised per minibatch."""
    outputs = model(batch["obs"])
    log_prob, entropy = log_prob_and_entropy(outputs, batch["actions"])
    advantages = batch["advantages"]
    advantages = (advantages - advantages.mean()) / (advantages.std() + 1e-8)
    ratio = (log_prob - batch["log_probs"]).exp()
    clipped = ratio.clamp(1.0 - PPO_CLIP, 1.0 + PPO_CLIP)
    policy_loss = -torch.min(ratio * advantages, clipped * advantages).mean()
    value_loss = 0.5 * (outputs["value"].float() - batch["returns"]).pow(2).mean()
    return policy_loss + VALUE_COEF * value_loss - ENTROPY_COEF * entropy.mean()
