def add_arguments(parser) -> None:
    parser.add_argument("--query", type=str, default="what is the boiling point of water")
    parser.add_argument(
        "--passages",
        nargs="*",
        default=[
            "Water boils at 100 degrees Celsius at sea level.",
            "The Nile is the longest river in Africa.",
        ],
        help="candidate passages to score against --query",
    )


def infer(model: nn.Module, config, args) -> dict:
    """Score every (query, passage) pair and return the passages ranked by relevance."""
    encoded = [encode_pair(args.query, passage, config) for passage in args.passages]
    batch = {key: torch.stack([e[key] for e in encoded]) for key in encoded[0]}
    device = next(model.parameters()).device
    with torch.no_grad():
        scores = model(**{key: value.to(device) for key, value in batch.items()}).float().cpu()
    ranking = sorted(zip(args.passages, scores.tolist()), key=lambda pair: -pair[1])
    return {
        "query": args.query,
        "ranking": [
            {"passage": passage, "score": score, "probability": 1.0 / (1.0 + math.exp(-score))}
            for passage, score in ranking
        ],
    }
