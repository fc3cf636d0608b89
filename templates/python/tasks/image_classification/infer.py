def add_arguments(parser) -> None:
    parser.add_argument("--image", type=str, default=None, help="a binary PPM/PGM image (default: a synthetic one)")
    parser.add_argument("--synthetic-class", type=int, default=0, help="class of the synthetic image")
    parser.add_argument("--top-k", type=int, default=5)


def infer(model: nn.Module, config, args) -> dict:
    """Classify one image: the predicted class and the top-k class probabilities."""
    if args.image:
        image = load_image(args.image, config)
    else:
        generator = torch.Generator().manual_seed(args.seed)
        label = torch.tensor([args.synthetic_class % config.num_classes])
        image = synthetic_images(config, label, generator)[0]
    device = next(model.parameters()).device
    with torch.no_grad():
        probabilities = torch.softmax(model(image.unsqueeze(0).to(device)).float(), dim=-1)[0].cpu()
    top = probabilities.topk(min(args.top_k, probabilities.numel()))
    return {
        "input": args.image or f"synthetic image of class {args.synthetic_class % config.num_classes}",
        "predicted_class": int(top.indices[0]),
        "probability": float(top.values[0]),
        "top_k": [{"class": int(i), "probability": float(p)} for i, p in zip(top.indices, top.values)],
    }
