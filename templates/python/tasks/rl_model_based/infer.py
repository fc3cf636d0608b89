def add_arguments(parser) -> None:
    parser.add_argument(
        "--obs",
        type=str,
        default=None,
        help="comma-separated observation vector (default: a fresh environment's first observation)",
    )


def infer(model: nn.Module, config, args) -> dict:
    """The planner's action for one observation, with the reward the model predicts for it."""
    generator = torch.Generator().manual_seed(args.seed)
    if args.obs is not None and hasattr(config, "obs_dim"):
        values = [float(v) for v in args.obs.split(",")][: config.obs_dim]
        obs = torch.zeros(1, config.obs_dim)
        obs[0, : len(values)] = torch.tensor(values)
    else:
        obs = ReachEnv(config, 1, generator).reset()
    action = plan_actions(model, config, obs, generator)
    device = next(model.parameters()).device
    with torch.no_grad():
        predicted = model(obs.to(device), action.to(device))["reward"]
    return {
        "observation_shape": list(obs.shape[1:]),
        "action": action[0].tolist(),
        "predicted_reward": float(predicted[0]),
        "planner": {"horizon": PLAN_HORIZON, "candidates": PLAN_CANDIDATES},
    }
