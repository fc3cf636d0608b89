def add_arguments(parser) -> None:
    parser.add_argument(
        "--features",
        type=str,
        default=None,
        help="comma-separated feature values, standardised like training data (default: a synthetic row)",
    )


def infer(model: nn.Module, config, args) -> dict:
    """Predict for one row: the value(s) for regression, class and probabilities for classification."""
    if args.features:
        values = [float(v) for v in args.features.split(",")]
        if len(values) != config.features:
            raise SystemExit(f"--features needs {config.features} values, got {len(values)}")
        features = torch.tensor([values])
    else:
        generator = torch.Generator().manual_seed(args.seed)
        features, _ = synthetic_rows(config, 1, generator)
    with torch.no_grad():
        output = model(features.to(next(model.parameters()).device)).float()[0].cpu()
    result = {"features": [round(v, 4) for v in features[0].tolist()]}
    if is_classification(config):
        probabilities = torch.softmax(output, dim=-1)
        result["predicted_class"] = int(probabilities.argmax())
        result["probabilities"] = [round(p, 4) for p in probabilities.tolist()]
    else:
        result["prediction"] = [round(v, 4) for v in output.tolist()]
    return result
