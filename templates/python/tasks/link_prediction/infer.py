def add_arguments(parser) -> None:
    parser.add_argument("--data", type=str, default=None, help="local edge list (default: a synthetic graph)")
    parser.add_argument(
        "--pairs",
        type=str,
        default=None,
        help="node pairs to score, e.g. 0-5,3-9 (default: three held-out edges and three negatives)",
    )


def infer(model: nn.Module, config, args) -> dict:
    """Link probabilities for a few node pairs of one graph."""
    generator = torch.Generator().manual_seed(args.seed)
    batch = next(batch_stream(config, 4, args.data, generator, True, False))
    if args.pairs:
        pairs = torch.tensor([[int(node) for node in pair.split("-")] for pair in args.pairs.split(",")])
        if int(pairs.min()) < 0 or int(pairs.max()) >= batch["x"].shape[0]:
            raise ValueError(f"node ids must lie in [0, {batch['x'].shape[0]})")
        known = None
    else:
        positive = batch["labels"] == 1
        pairs = torch.cat([batch["pairs"][positive][:3], batch["pairs"][~positive][:3]])
        known = torch.cat([batch["labels"][positive][:3], batch["labels"][~positive][:3]])
    device = next(model.parameters()).device
    with torch.no_grad():
        logits = model(batch["x"].to(device), batch["edge_index"].to(device), pairs.to(device))
    probabilities = torch.sigmoid(logits.float()).cpu()
    results = []
    for i, (u, v) in enumerate(pairs.tolist()):
        entry = {"pair": [u, v], "probability": round(float(probabilities[i]), 4)}
        if known is not None:
            entry["held_out_edge"] = bool(known[i])
        results.append(entry)
    return {"nodes": int(batch["x"].shape[0]), "scores": results}
