def average_precision(detections: list, targets: list, num_classes: int, iou_threshold: float = 0.5) -> float:
    """Mean over classes with ground truth of the area under the precision-recall curve (all-point
    interpolation, as PASCAL VOC since 2010). Detections are matched to unmatched ground truth of
    their class by descending score; IoU >= iou_threshold is a true positive."""
    per_class = []
    for label in range(num_classes):
        truths = [boxes[labels == label] for boxes, labels in targets]
        total = sum(len(t) for t in truths)
        if total == 0:
            continue
        found = [
            (float(score), image, box)
            for image, result in enumerate(detections)
            for box, score, predicted in zip(result["boxes"], result["scores"], result["labels"])
            if int(predicted) == label
        ]
        found.sort(key=lambda item: -item[0])
        used = [torch.zeros(len(t), dtype=torch.bool) for t in truths]
        hits = []
        for _, image, box in found:
            hit = False
            if len(truths[image]):
                overlaps = box_iou(box[None], truths[image])[0].masked_fill(used[image], -1.0)
                best = int(overlaps.argmax())
                if overlaps[best] >= iou_threshold:
                    used[image][best] = True
                    hit = True
            hits.append(hit)
        true_positives = torch.tensor(hits, dtype=torch.float64).cumsum(0)
        recall = torch.cat([torch.zeros(1, dtype=torch.float64), true_positives / total])
        precision = true_positives / torch.arange(1, len(hits) + 1, dtype=torch.float64)
        # The precision envelope: the best precision at this recall or any higher one.
        envelope = precision.flip(0).cummax(0).values.flip(0)
        per_class.append(float(((recall[1:] - recall[:-1]) * envelope).sum()))
    return sum(per_class) / max(1, len(per_class))


def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Loss and mAP@0.5 on held-out batches."""
    detections, targets, total_loss = [], [], 0.0
    with torch.no_grad():
        for batch in batches:
            outputs = model(batch["images"])
            total_loss += float(detection_loss(outputs, batch))
            detections += [{k: v.cpu() for k, v in result.items()} for result in detect(outputs)]
            targets += list(zip(batch["boxes"].float().cpu(), batch["labels"].cpu()))
    return {
        "loss": total_loss / max(1, len(batches)),
        "map50": average_precision(detections, targets, config.num_classes),
    }
