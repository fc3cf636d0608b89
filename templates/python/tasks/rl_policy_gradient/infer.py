def add_arguments(parser) -> None:
    parser.add_argument(
        "--obs",
        type=str,
        default=None,
        help="comma-separated observation vector (default: a fresh environment's first observation)",
    )
    parser.add_argument("--sample", action="store_true", help="sample the action instead of taking the mode")


def infer(model: nn.Module, config, args) -> dict:
    """One action for one observation, with the policy's parameters and the value estimate."""
    generator = torch.Generator().manual_seed(args.seed)
    if args.obs is not None and hasattr(config, "obs_dim"):
        values = [float(v) for v in args.obs.split(",")]
        obs = torch.zeros(1, config.obs_dim)
        obs[0, : min(len(values), config.obs_dim)] = torch.tensor(values[: config.obs_dim])
    else:
        obs = make_environments(config, 1, args.seed, None, False, False).reset()
    device = next(model.parameters()).device
    with torch.no_grad():
        outputs = model(obs.to(device))
    actions = sample_actions(outputs, generator)[0] if args.sample else greedy_actions(outputs)
    result = {
        "observation_shape": list(obs.shape[1:]),
        "action": actions[0].tolist(),
        "value": float(outputs["value"][0]),
    }
    if "mean" in outputs:
        result["mean"] = outputs["mean"][0].float().cpu().tolist()
        result["std"] = outputs["log_std"][0].float().exp().cpu().tolist()
    else:
        result["probabilities"] = torch.softmax(outputs["logits"][0].float(), dim=-1).cpu().tolist()
    return result
