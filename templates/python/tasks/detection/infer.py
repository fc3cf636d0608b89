def add_arguments(parser) -> None:
    parser.add_argument("--image", type=str, default=None, help="a PPM or PGM image (default: a synthetic scene)")
    parser.add_argument("--top-k", type=int, default=5, help="how many boxes to report")
    parser.add_argument("--score-threshold", type=float, default=0.05)


def box_record(box, label, score=None) -> dict:
    record = {"class_id": int(label), "box": [round(float(v), 4) for v in box]}
    if score is not None:
        record["score"] = round(float(score), 4)
    return record


def infer(model: nn.Module, config, args) -> dict:
    """Detect objects in one image; boxes are (x0, y0, x1, y1) normalised to [0, 1]."""
    result = {"image_size": list(config.image_size)}
    if args.image:
        image = load_image(args.image, config)
        result["image"] = args.image
    else:
        images, boxes, labels = synthetic_scenes(config, 1, torch.Generator().manual_seed(args.seed))
        image = images[0]
        result["image"] = "synthetic"
        result["ground_truth"] = [
            box_record(box, label) for box, label in zip(boxes[0], labels[0]) if label >= 0
        ]
    device = next(model.parameters()).device
    with torch.no_grad():
        outputs = model(image[None].to(device))
    found = detect(outputs, args.top_k, args.score_threshold)[0]
    result["detections"] = [
        box_record(box, label, score) for box, label, score in zip(found["boxes"], found["labels"], found["scores"])
    ]
    return result
