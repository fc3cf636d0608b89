def add_arguments(parser) -> None:
    parser.add_argument(
        "--cloud", type=str, default=None, help="an XYZ text or .npy point cloud (default: a synthetic one)"
    )
    parser.add_argument("--synthetic-class", type=int, default=0, help="class of the synthetic cloud")
    parser.add_argument("--top-k", type=int, default=5)


def infer(model: nn.Module, config, args) -> dict:
    """Classify one point cloud: the predicted class and the top-k class probabilities."""
    generator = torch.Generator().manual_seed(args.seed)
    if args.cloud:
        points = normalise(resample(read_cloud(pathlib.Path(args.cloud)), config.points, generator))
    else:
        label = torch.tensor([args.synthetic_class % config.num_classes])
        points = synthetic_clouds(config, label, generator)[0]
    with torch.no_grad():
        logits = model(points.unsqueeze(0).to(next(model.parameters()).device)).float()
        probabilities = torch.softmax(logits, dim=-1)[0].cpu()
    top = probabilities.topk(min(args.top_k, probabilities.numel()))
    return {
        "input": args.cloud or f"synthetic cloud of class {args.synthetic_class % config.num_classes}",
        "points": config.points,
        "predicted_class": int(top.indices[0]),
        "probability": float(top.values[0]),
        "top_k": [{"class": int(i), "probability": float(p)} for i, p in zip(top.indices, top.values)],
    }
