def add_arguments(parser) -> None:
    parser.add_argument(
        "--data",
        type=str,
        default=None,
        help="CSV series (one row per step); forecast what follows its last lookback rows (default: a synthetic window)",
    )


def infer(model: nn.Module, config, args) -> dict:
    """Forecast the next horizon steps after a lookback window."""
    if args.data:
        history = load_series(args.data, config)[-config.lookback :]
    else:
        generator = torch.Generator().manual_seed(args.seed)
        history = synthetic_windows(config, 1, generator)[0, : config.lookback]
    with torch.no_grad():
        forecast = model(history.unsqueeze(0).to(next(model.parameters()).device)).float()[0].cpu()
    return {
        "lookback": config.lookback,
        "horizon": config.horizon,
        "channels": config.channels,
        "last_observed": [round(v, 4) for v in history[-1].tolist()],
        "forecast": [[round(v, 4) for v in step] for step in forecast.tolist()],
    }
