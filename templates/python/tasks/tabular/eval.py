def macro_f1(predicted: torch.Tensor, targets: torch.Tensor, classes: int) -> float:
    """F1 averaged over the classes that occur in the targets or the predictions."""
    scores = []
    for label in range(classes):
        true_positive = int(((predicted == label) & (targets == label)).sum())
        predicted_count = int((predicted == label).sum())
        actual_count = int((targets == label).sum())
        if predicted_count + actual_count == 0:
            continue
        scores.append(2 * true_positive / (predicted_count + actual_count))
    return sum(scores) / max(1, len(scores))


def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Accuracy and macro F1 for classification; MSE, RMSE, MAE and R^2 for regression."""
    outputs, targets = [], []
    with torch.no_grad():
        for batch in batches:
            outputs.append(model(batch["features"]).float())
            targets.append(batch["targets"])
    outputs, targets = torch.cat(outputs), torch.cat(targets)
    if is_classification(config):
        predicted = outputs.argmax(-1)
        return {
            "loss": float(F.cross_entropy(outputs, targets)),
            "accuracy": float((predicted == targets).float().mean()),
            "f1": macro_f1(predicted, targets, config.outputs),
        }
    targets = targets.float()
    mse = float(F.mse_loss(outputs, targets))
    variance = float(((targets - targets.mean(0)) ** 2).mean())
    return {
        "loss": mse,
        "mse": mse,
        "rmse": math.sqrt(mse),
        "mae": float((outputs - targets).abs().mean()),
        "r2": 1.0 - mse / max(variance, 1e-12),
    }
