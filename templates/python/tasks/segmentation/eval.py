def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Loss, mean IoU over the classes that occur (in the masks or the predictions) and pixel
    accuracy, from a confusion matrix over all held-out pixels; void pixels do not count."""
    classes = config.num_classes
    confusion = torch.zeros(classes, classes, dtype=torch.long)
    total_loss = 0.0
    with torch.no_grad():
        for batch in batches:
            output = model(batch["images"])
            total_loss += float(segmentation_loss(output, batch))
            predicted = split_output(output)[0].argmax(1)
            masks = batch["masks"]
            # Void pixels carry an id past the last class.
            valid = masks < classes
            pairs = masks[valid] * classes + predicted[valid]
            confusion += torch.bincount(pairs.cpu(), minlength=classes * classes).view(classes, classes)
    hits = confusion.diag().double()
    union = confusion.sum(0).double() + confusion.sum(1).double() - hits
    occurring = union > 0
    return {
        "loss": total_loss / max(1, len(batches)),
        "miou": float((hits[occurring] / union[occurring]).mean()) if occurring.any() else 0.0,
        "accuracy": float(hits.sum() / confusion.sum().clamp(min=1)),
    }
