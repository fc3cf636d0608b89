def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Prediction quality on held-out random-policy transitions ("mse": reward prediction,
    "loss": the training loss) and the mean return of the random-shooting planner over
    EPISODE_LENGTH-step episodes."""
    reward_error, loss = 0.0, 0.0
    with torch.no_grad():
        for batch in batches:
            outputs = model(batch["obs"], batch["actions"])
            reward_error += float(F.mse_loss(outputs["reward"].float(), batch["rewards"]))
            loss += float(compute_loss(model, batch))
    generator = torch.Generator().manual_seed(batches[0]["seed"])
    episodes = batches[0]["obs"].shape[0]
    env = ReachEnv(config, episodes, generator)
    obs, total = env.reset(), torch.zeros(episodes)
    for _ in range(EPISODE_LENGTH):
        obs, reward, _ = env.step(plan_actions(model, config, obs, generator))
        total += reward
    return {
        "mse": reward_error / len(batches),
        "loss": loss / len(batches),
        "episode_return": float(total.mean()),
    }
