def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Mean undiscounted return of the deterministic policy over full episodes."""
    device = next(model.parameters()).device
    returns = []
    with torch.no_grad():
        for batch in batches:
            env = ReachEnv(config, batch["episodes"], torch.Generator().manual_seed(batch["seed"]))
            obs = env.reset()
            total = torch.zeros(batch["episodes"])
            for _ in range(EPISODE_LENGTH):
                obs, reward, _ = env.step(greedy_actions(model(obs.to(device))))
                total += reward
            returns.append(total)
    return {"episode_return": float(torch.cat(returns).mean())}
