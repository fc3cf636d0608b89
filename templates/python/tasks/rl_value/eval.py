def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Mean undiscounted return of the greedy policy over whole episodes of Catch."""
    device = next(model.parameters()).device
    returns = []
    for batch in batches:
        generator = torch.Generator().manual_seed(batch["seed"])
        env = CatchEnv(batch["episodes"], history_length(config), generator)
        total = torch.zeros(batch["episodes"])
        for _ in range(GRID - 1):
            reward, _, _ = env.step(act(model, config, env.states, 0.0, generator, device))
            total += reward
        returns.append(total)
    return {"episode_return": float(torch.cat(returns).mean())}
