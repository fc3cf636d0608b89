def add_arguments(parser) -> None:
    parser.add_argument("--text", type=str, default=None, help="text to label (default: a synthetic sentence)")


def infer(model: nn.Module, config, args) -> dict:
    """Class probabilities (Classifier) or predicted values (Regressor) for one text."""
    if args.text is not None:
        ids, mask = encode_text(args.text, config)
    else:
        ids = synthetic_examples(config, 1, torch.Generator().manual_seed(args.seed))[0][0]
        mask = torch.ones_like(ids)
    device = next(model.parameters()).device
    with torch.no_grad():
        outputs = model(ids.unsqueeze(0).to(device), attention_mask=mask.unsqueeze(0).to(device)).float()[0].cpu()
    kind, _ = label_space(config)
    result = {"input": args.text if args.text is not None else "synthetic sentence"}
    if kind == "Regressor":
        return {**result, "predictions": outputs.tolist()}
    probabilities = torch.softmax(outputs, dim=-1)
    return {
        **result,
        "predicted_class": int(probabilities.argmax()),
        "probability": float(probabilities.max()),
        "probabilities": probabilities.tolist(),
    }
