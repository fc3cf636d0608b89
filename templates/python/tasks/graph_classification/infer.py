def add_arguments(parser) -> None:
    parser.add_argument("--data", type=str, default=None, help="local graph files (default: a synthetic graph)")
    parser.add_argument("--graphs", type=int, default=2, help="synthetic graphs to classify")
    parser.add_argument("--show", type=int, default=10, help="how many predictions to list")


def infer(model: nn.Module, config, args) -> dict:
    """Class predictions with probabilities for the nodes or graphs of one input batch."""
    if args.data:
        stream = file_batches(config, args.data, args.graphs, True, torch.Generator().manual_seed(args.seed))
        batch = next(stream)
    else:
        batch = synthetic_batch(config, args.graphs, torch.Generator().manual_seed(args.seed))
    device = next(model.parameters()).device
    with torch.no_grad():
        probabilities = torch.softmax(model(**model_inputs(to_device(batch, device))).float(), dim=-1).cpu()
    predictions = probabilities.argmax(dim=-1)
    level = "graph" if config.graph_level else "node"
    shown = [
        {level: i, "class": int(predictions[i]), "probabilities": [round(p, 4) for p in probabilities[i].tolist()]}
        for i in range(min(args.show, predictions.shape[0]))
    ]
    return {
        "level": level,
        "count": int(predictions.shape[0]),
        "class_counts": torch.bincount(predictions, minlength=config.num_classes).tolist(),
        "predictions": shown,
    }
