def add_arguments(parser) -> None:
    parser.add_argument(
        "--windows", type=int, default=6, help="synthetic windows to score (every other one anomalous)"
    )


def infer(model: nn.Module, config, args) -> dict:
    """Score synthetic windows, half with injected anomalies, and flag those above a threshold
    set from 64 normal windows."""
    generator = torch.Generator().manual_seed(args.seed)
    device = next(model.parameters()).device
    normal = normal_windows(config, 64, generator)
    windows, labels = inject_anomalies(normal_windows(config, args.windows, generator), generator)
    with torch.no_grad():
        threshold = score_threshold(window_scores(model, normal.to(device)))
        scores = window_scores(model, windows.to(device)).cpu()
    return {
        "threshold": round(threshold, 6),
        "anomaly_scores": [round(s, 6) for s in scores.tolist()],
        "flagged": [bool(s > threshold) for s in scores.tolist()],
        "injected": [bool(label) for label in labels.tolist()],
    }
