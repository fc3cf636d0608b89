# uses: seen_classes_f1
def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Overall accuracy, mean per-class accuracy over the classes present, macro F1 over the
    classes seen, and mean cross-entropy."""
    logits, labels = [], []
    with torch.no_grad():
        for batch in batches:
            logits.append(model(batch["points"]).float())
            labels.append(batch["labels"])
    logits, labels = torch.cat(logits), torch.cat(labels)
    predicted = logits.argmax(-1)
    class_accuracy = [
        float((predicted[labels == label] == label).float().mean()) for label in torch.unique(labels).tolist()
    ]
    return {
        "loss": float(F.cross_entropy(logits, labels)),
        "accuracy": float((predicted == labels).float().mean()),
        "class_accuracy": sum(class_accuracy) / len(class_accuracy),
        "f1": seen_classes_f1(predicted, labels),
    }
