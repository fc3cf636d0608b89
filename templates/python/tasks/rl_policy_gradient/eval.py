def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Mean undiscounted return of the deterministic policy over full episodes: one episode
    per environment copy (Gymnasium episodes run until they terminate or are truncated)."""
    device = next(model.parameters()).device
    returns = []
    with torch.no_grad():
        for number, batch in enumerate(batches):
            env = make_environments(config, batch["episodes"], batch["seed"], batch.get("env"), False, number == 0)
            obs = env.reset()
            if isinstance(env, ReachEnv):
                total = torch.zeros(batch["episodes"])
                for _ in range(EPISODE_LENGTH):
                    obs, reward, _ = env.step(greedy_actions(model(obs.to(device))))
                    total += reward
                returns.append(total)
                continue
            ended = torch.zeros(batch["episodes"], dtype=torch.bool)
            total = torch.zeros(batch["episodes"])
            while not bool(ended.all()):
                obs, reward, done = env.step(greedy_actions(model(obs.to(device))))
                total += reward * (~ended).float()
                ended |= done
            env.close()
            returns.append(total)
    return {"episode_return": float(torch.cat(returns).mean())}
