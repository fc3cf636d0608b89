# uses: seen_classes_f1
def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Classifier: accuracy, top-5, macro F1 and cross-entropy. Regressor: MSE, RMSE, MAE and
    R^2 over all outputs."""
    outputs, labels = [], []
    with torch.no_grad():
        for batch in batches:
            outputs.append(model(batch["input_ids"], attention_mask=batch["attention_mask"]).float())
            labels.append(batch["labels"])
    outputs, labels = torch.cat(outputs), torch.cat(labels)
    if labels.is_floating_point():
        mse = float(F.mse_loss(outputs, labels))
        variance = float(((labels - labels.mean(0)) ** 2).mean())
        return {
            "loss": mse,
            "mse": mse,
            "rmse": math.sqrt(mse),
            "mae": float((outputs - labels).abs().mean()),
            "r2": 1.0 - mse / variance if variance > 0 else 0.0,
        }
    predicted = outputs.argmax(-1)
    top5 = outputs.topk(min(5, outputs.shape[-1]), dim=-1).indices
    return {
        "loss": float(F.cross_entropy(outputs, labels)),
        "accuracy": float((predicted == labels).float().mean()),
        "top5": float((top5 == labels.unsqueeze(-1)).any(-1).float().mean()),
        "f1": seen_classes_f1(predicted, labels),
    }
