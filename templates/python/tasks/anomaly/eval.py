def auroc(scores: torch.Tensor, labels: torch.Tensor) -> float:
    """Area under the ROC curve: the chance that an anomalous window scores above a normal one."""
    positive, negative = scores[labels == 1], scores[labels == 0]
    if positive.numel() == 0 or negative.numel() == 0:
        return float("nan")
    above = (positive.unsqueeze(1) > negative.unsqueeze(0)).float()
    ties = (positive.unsqueeze(1) == negative.unsqueeze(0)).float()
    return float((above + 0.5 * ties).mean())


def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Reconstruction MSE on normal windows, and detection quality on windows with injected
    anomalies at a threshold set from the normal calibration batches."""
    calibration_count = max(1, len(batches) // 2)
    with torch.no_grad():
        scores = [window_scores(model, batch["window"]) for batch in batches]
    labels = [batch["label"] for batch in batches]
    normal = torch.cat(scores[:calibration_count])
    threshold = score_threshold(normal)
    test_scores = torch.cat(scores[calibration_count:] or scores)
    test_labels = torch.cat(labels[calibration_count:] or labels)
    flagged = (test_scores > threshold).long()
    true_positive = int(((flagged == 1) & (test_labels == 1)).sum())
    precision = true_positive / max(1, int(flagged.sum()))
    recall = true_positive / max(1, int(test_labels.sum()))
    return {
        "loss": float(normal.mean()),
        "mse": float(normal.mean()),
        "threshold": threshold,
        "accuracy": float((flagged == test_labels).float().mean()),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / max(1e-12, precision + recall),
        "auroc": auroc(test_scores, test_labels),
    }
