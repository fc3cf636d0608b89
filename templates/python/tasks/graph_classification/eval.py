def macro_f1(predictions: torch.Tensor, labels: torch.Tensor, classes: int) -> float:
    """F1 averaged over the classes that occur in the labels or the predictions."""
    scores = []
    for c in range(classes):
        true_pos = int(((predictions == c) & (labels == c)).sum())
        predicted, actual = int((predictions == c).sum()), int((labels == c).sum())
        if predicted + actual > 0:
            scores.append(2 * true_pos / (predicted + actual))
    return sum(scores) / max(1, len(scores))


def binary_auroc(scores: torch.Tensor, labels: torch.Tensor) -> float:
    """Area under the ROC curve from the rank-sum (Mann-Whitney U) statistic."""
    ranks = torch.empty(scores.shape[0])
    ranks[scores.argsort()] = torch.arange(1, scores.shape[0] + 1, dtype=torch.float32)
    positives = labels.bool()
    count_pos, count_neg = int(positives.sum()), int((~positives).sum())
    if count_pos == 0 or count_neg == 0:
        return float("nan")
    return (float(ranks[positives].sum()) - count_pos * (count_pos + 1) / 2) / (count_pos * count_neg)


def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Accuracy, macro-F1 and cross-entropy over held-out nodes or graphs (ROC-AUC too for
    two classes)."""
    logits, labels = [], []
    with torch.no_grad():
        for batch in batches:
            output = model(**model_inputs(batch)).float()
            target = batch["labels"]
            if "mask" in batch:
                output, target = output[batch["mask"]], target[batch["mask"]]
            logits.append(output.cpu())
            labels.append(target.cpu())
    logits, labels = torch.cat(logits), torch.cat(labels)
    predictions = logits.argmax(dim=-1)
    metrics = {
        "accuracy": float((predictions == labels).float().mean()),
        "f1": macro_f1(predictions, labels, config.num_classes),
        "loss": float(F.cross_entropy(logits, labels)),
    }
    if config.num_classes == 2:
        metrics["auroc"] = binary_auroc(logits[:, 1] - logits[:, 0], labels)
    return metrics
