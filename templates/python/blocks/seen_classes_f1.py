def seen_classes_f1(predicted: torch.Tensor, labels: torch.Tensor) -> float:
    """Macro F1 over the classes that occur as a label or a prediction (absent classes would
    score an undefined 0/0)."""
    f1_scores = []
    for label in torch.unique(torch.cat([labels, predicted])).tolist():
        true_positive = int(((predicted == label) & (labels == label)).sum())
        claimed, actual = int((predicted == label).sum()), int((labels == label).sum())
        f1_scores.append(2 * true_positive / (claimed + actual))
    return sum(f1_scores) / len(f1_scores)
