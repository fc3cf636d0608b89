def add_arguments(parser) -> None:
    parser.add_argument("--text", type=str, default="How do I reset my password?", help="sentence to embed")
    parser.add_argument(
        "--candidates",
        nargs="*",
        default=["Steps to change a forgotten password", "Opening hours of the city library"],
        help="sentences to rank by cosine similarity to --text",
    )


def infer(model: nn.Module, config, args) -> dict:
    """Embed one sentence and rank the candidates by cosine similarity to it."""
    encoded = [encode_text(text, config) for text in [args.text, *args.candidates]]
    ids = torch.stack([e[0] for e in encoded])
    mask = torch.stack([e[1] for e in encoded])
    device = next(model.parameters()).device
    with torch.no_grad():
        embeddings = model(ids.to(device), attention_mask=mask.to(device)).float().cpu()
    similarities = (embeddings[1:] @ embeddings[0]).tolist()
    ranking = sorted(zip(args.candidates, similarities), key=lambda pair: -pair[1])
    return {
        "text": args.text,
        "dim": embeddings.shape[-1],
        "embedding": [round(v, 6) for v in embeddings[0].tolist()],
        "ranking": [{"text": text, "cosine": cosine} for text, cosine in ranking],
    }
