def add_arguments(parser) -> None:
    parser.add_argument("--image", type=str, default=None, help="a binary PPM/PGM image (default: a synthetic one)")
    parser.add_argument(
        "--captions", nargs="*", default=None, help="candidate captions (default: one per synthetic concept)"
    )
    parser.add_argument("--synthetic-shape", type=int, default=0, help="shape of the synthetic image")
    parser.add_argument("--synthetic-colour", type=int, default=0, help="colour of the synthetic image")


def infer(model: nn.Module, config, args) -> dict:
    """Zero-shot matching: the probability of each candidate caption for one image."""
    generator = torch.Generator().manual_seed(args.seed)
    shape, colour = args.synthetic_shape % SHAPES, args.synthetic_colour % COLOURS
    if args.image:
        image = load_image(args.image, config).unsqueeze(0)
    else:
        image = synthetic_pairs(config, torch.tensor([shape]), torch.tensor([colour]), generator)["images"]
    if args.captions:
        names = args.captions
        captions = torch.stack([encode_caption(text, config) for text in names])
    else:
        shapes = torch.arange(SHAPES).repeat_interleave(COLOURS)
        colours = torch.arange(COLOURS).repeat(SHAPES)
        names = [f"shape {s}, colour {c}" for s, c in zip(shapes.tolist(), colours.tolist())]
        captions = synthetic_pairs(config, shapes, colours, generator)["input_ids"]
    device = next(model.parameters()).device
    with torch.no_grad():
        probabilities = torch.softmax(model(image.to(device), captions.to(device))["logits_per_image"].float()[0].cpu(), dim=-1)
    ranked = probabilities.argsort(descending=True).tolist()
    return {
        "image": args.image or f"synthetic image: shape {shape}, colour {colour}",
        "best_caption": names[ranked[0]],
        "captions": [{"caption": names[i], "probability": float(probabilities[i])} for i in ranked],
    }
