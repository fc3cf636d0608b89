def add_arguments(parser) -> None:
    parser.add_argument("--image", type=str, default=None, help="a PPM or PGM image (default: a synthetic scene)")


def class_histogram(mask: torch.Tensor) -> dict:
    """{class id: pixel count} for the classes that occur in a mask."""
    counts = torch.bincount(mask.flatten())
    return {str(label): int(count) for label, count in enumerate(counts.tolist()) if count}


def infer(model: nn.Module, config, args) -> dict:
    """Segment one image and summarise the predicted mask: its shape and class histogram."""
    result = {}
    if args.image:
        image = load_image(args.image, config)
        result["image"] = args.image
    else:
        images, masks, _ = synthetic_scenes(config, 1, torch.Generator().manual_seed(args.seed))
        image, truth = images[0], masks[0]
        result["image"] = "synthetic"
    device = next(model.parameters()).device
    with torch.no_grad():
        logits, embedding = split_output(model(image[None].to(device)))
    predicted = logits[0].argmax(0).cpu()
    result["mask_shape"] = list(predicted.shape)
    result["class_histogram"] = class_histogram(predicted)
    if not args.image:
        result["true_class_histogram"] = class_histogram(truth)
        result["pixel_accuracy"] = float((predicted == truth).float().mean())
    if embedding is not None:
        result["embedding_shape"] = list(embedding.shape[1:])
    return result
