def box_area(boxes: torch.Tensor) -> torch.Tensor:
    return (boxes[..., 2] - boxes[..., 0]).clamp(min=0) * (boxes[..., 3] - boxes[..., 1]).clamp(min=0)


def box_iou(boxes1: torch.Tensor, boxes2: torch.Tensor) -> torch.Tensor:
    """IoU of (x0, y0, x1, y1) boxes, pairwise over the second-to-last dims: (..., N, 4) and
    (..., M, 4) give (..., N, M)."""
    a, b = boxes1.unsqueeze(-2), boxes2.unsqueeze(-3)
    top_left = torch.maximum(a[..., :2], b[..., :2])
    bottom_right = torch.minimum(a[..., 2:], b[..., 2:])
    overlap = (bottom_right - top_left).clamp(min=0).prod(-1)
    union = box_area(a) + box_area(b) - overlap
    return overlap / union.clamp(min=1e-7)


def generalized_iou(boxes1: torch.Tensor, boxes2: torch.Tensor) -> torch.Tensor:
    """Generalised IoU (Rezatofighi et al., 2019) of boxes paired element by element: (..., 4) -> (...)."""
    top_left = torch.maximum(boxes1[..., :2], boxes2[..., :2])
    bottom_right = torch.minimum(boxes1[..., 2:], boxes2[..., 2:])
    overlap = (bottom_right - top_left).clamp(min=0).prod(-1)
    union = box_area(boxes1) + box_area(boxes2) - overlap
    hull = (torch.maximum(boxes1[..., 2:], boxes2[..., 2:]) - torch.minimum(boxes1[..., :2], boxes2[..., :2])).prod(-1)
    iou = overlap / union.clamp(min=1e-7)
    return iou - (hull - union) / hull.clamp(min=1e-7)


def dense_detection_loss(outputs: dict, boxes: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """FCOS loss. A location is positive for the smallest target box that contains it; positives
    learn their box (L1 + GIoU weighted by the centerness target) and centerness (BCE); every
    location learns its classes with sigmoid focal loss (alpha 0.25, gamma 2)."""
    logits, predicted = outputs["logits"].float(), outputs["boxes"].float()
    points = outputs["points"][:, :, None, :]
    targets = boxes[:, None, :, :]
    distances = torch.cat([points - targets[..., :2], targets[..., 2:] - points], dim=-1)
    inside = (distances.min(-1).values > 0) & (labels[:, None, :] >= 0)
    areas = box_area(boxes)[:, None, :].expand_as(inside).masked_fill(~inside, float("inf"))
    matched = areas.argmin(-1)
    positive = inside.any(-1)
    num_positive = positive.sum().clamp(min=1)

    matched_labels = labels.gather(1, matched).clamp(min=0)
    class_targets = F.one_hot(matched_labels, logits.shape[-1]).float() * positive[..., None]
    probabilities = logits.sigmoid()
    ce = F.binary_cross_entropy_with_logits(logits, class_targets, reduction="none")
    p_t = probabilities * class_targets + (1 - probabilities) * (1 - class_targets)
    alpha_t = 0.25 * class_targets + 0.75 * (1 - class_targets)
    class_loss = (alpha_t * (1 - p_t) ** 2 * ce).sum() / num_positive

    matched_distances = distances.gather(2, matched[..., None, None].expand(-1, -1, 1, 4)).squeeze(2)
    matched_boxes = boxes.gather(1, matched[..., None].expand(-1, -1, 4))
    left_right, top_bottom = matched_distances[..., 0::2], matched_distances[..., 1::2]
    centerness_target = (
        (left_right.min(-1).values / left_right.max(-1).values.clamp(min=1e-7))
        * (top_bottom.min(-1).values / top_bottom.max(-1).values.clamp(min=1e-7))
    ).clamp(min=0).sqrt()
    weights = centerness_target[positive]
    giou = generalized_iou(predicted[positive], matched_boxes[positive])
    giou_loss = ((1 - giou) * weights).sum() / weights.sum().clamp(min=1e-7)
    l1_loss = (predicted[positive] - matched_boxes[positive]).abs().sum() / num_positive
    centerness_loss = F.binary_cross_entropy_with_logits(
        outputs["centerness"].float()[positive], centerness_target[positive], reduction="sum"
    ) / num_positive
    return class_loss + 2.0 * giou_loss + 5.0 * l1_loss + centerness_loss


def greedy_matching(cost: torch.Tensor, valid: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Match each valid target to a distinct query, cheapest pair first: cost (batch, queries,
    targets) -> the matched query per target and whether the target was matched, (batch, targets)."""
    cost = cost.masked_fill(~valid[:, None, :], float("inf"))
    batch, queries, targets = cost.shape
    rows = torch.arange(batch, device=cost.device)
    query_for = torch.zeros(batch, targets, dtype=torch.long, device=cost.device)
    matched = torch.zeros(batch, targets, dtype=torch.bool, device=cost.device)
    for _ in range(min(queries, targets)):
        best, flat = cost.flatten(1).min(-1)
        query, target = flat // targets, flat % targets
        found = torch.isfinite(best)
        query_for[rows[found], target[found]] = query[found]
        matched[rows[found], target[found]] = True
        cost[rows, query, :] = float("inf")
        cost[rows, :, target] = float("inf")
    return query_for, matched


def set_detection_loss(outputs: dict, boxes: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """DETR loss: a greedy minimum-cost one-to-one matching of queries to targets (class
    probability + 5 L1 + 2 GIoU, as DETR's Hungarian cost), then cross-entropy with the unmatched
    queries labelled "no object" (weight 0.1) and L1 + GIoU on the matched boxes."""
    logits, predicted = outputs["logits"].float(), outputs["boxes"].float()
    no_object = logits.shape[-1] - 1
    valid = labels >= 0
    with torch.no_grad():
        probabilities = logits.softmax(-1)
        class_cost = -probabilities.gather(2, labels.clamp(min=0)[:, None, :].expand(-1, logits.shape[1], -1))
        l1_cost = torch.cdist(predicted, boxes, p=1)
        giou_cost = -generalized_iou(predicted[:, :, None, :], boxes[:, None, :, :])
        query_for, matched = greedy_matching(class_cost + 5.0 * l1_cost + 2.0 * giou_cost, valid)

    rows = torch.arange(labels.shape[0], device=labels.device)[:, None].expand_as(labels)
    class_targets = torch.full(logits.shape[:2], no_object, dtype=torch.long, device=logits.device)
    class_targets[rows[matched], query_for[matched]] = labels[matched]
    class_weights = torch.ones(logits.shape[-1], device=logits.device)
    class_weights[no_object] = 0.1
    class_loss = F.cross_entropy(logits.transpose(1, 2), class_targets, weight=class_weights)

    num_targets = matched.sum().clamp(min=1)
    pairs_predicted = predicted[rows[matched], query_for[matched]]
    pairs_target = boxes[matched]
    l1_loss = (pairs_predicted - pairs_target).abs().sum() / num_targets
    giou_loss = (1 - generalized_iou(pairs_predicted, pairs_target)).sum() / num_targets
    return class_loss + 5.0 * l1_loss + 2.0 * giou_loss


def detection_loss(outputs: dict, batch: dict) -> torch.Tensor:
    """The loss for this detector's outputs: dense (FCOS, with centerness) or set prediction (DETR)."""
    boxes, labels = batch["boxes"].float(), batch["labels"]
    if "centerness" in outputs:
        return dense_detection_loss(outputs, boxes, labels)
    return set_detection_loss(outputs, boxes, labels)


def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """Classification (focal or cross-entropy) + L1 + GIoU box loss on a batch of images with
    normalised (x0, y0, x1, y1) target boxes and labels (-1 pads)."""
    return detection_loss(model(batch["images"]), batch)


def non_maximum_suppression(boxes: torch.Tensor, scores: torch.Tensor, iou_threshold: float) -> torch.Tensor:
    """Indices of the boxes kept by greedy NMS, highest score first."""
    order = scores.argsort(descending=True)
    overlaps = box_iou(boxes[order], boxes[order])
    keep = torch.ones(len(order), dtype=torch.bool, device=boxes.device)
    for i in range(len(order)):
        if keep[i]:
            keep[i + 1 :] &= overlaps[i, i + 1 :] <= iou_threshold
    return order[keep]


def detect(outputs: dict, max_detections: int = 100, score_threshold: float = 0.05) -> list:
    """Per image, {"boxes" (K, 4) normalised, "scores" (K,), "labels" (K,)} sorted by score.
    Dense outputs score each location and class by sqrt(class probability x centerness), keep the
    top candidates and apply class-wise NMS; set outputs take each query's best real class."""
    results = []
    dense = "centerness" in outputs
    for index in range(outputs["logits"].shape[0]):
        logits = outputs["logits"][index].float()
        boxes = outputs["boxes"][index].float().clamp(0, 1)
        if dense:
            num_classes = logits.shape[-1]
            scores = (logits.sigmoid() * outputs["centerness"][index].float().sigmoid()[:, None]).sqrt().flatten()
            candidates = scores.topk(min(1000, scores.numel())).indices
            candidates = candidates[scores[candidates] >= score_threshold]
            labels, scores = candidates % num_classes, scores[candidates]
            boxes = boxes[candidates // num_classes]
            # Offsetting each class's boxes apart makes one NMS pass class-wise.
            keep = non_maximum_suppression(boxes + 2.0 * labels[:, None], scores, 0.6)
        else:
            scores, labels = logits.softmax(-1)[:, :-1].max(-1)
            keep = scores.argsort(descending=True)
            keep = keep[scores[keep] >= score_threshold]
        keep = keep[:max_detections]
        results.append({"boxes": boxes[keep], "scores": scores[keep], "labels": labels[keep]})
    return results
