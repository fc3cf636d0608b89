# uses: seen_classes_f1
def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Top-1 and top-5 accuracy, macro F1 over the classes seen, and mean cross-entropy."""
    logits, labels = [], []
    with torch.no_grad():
        for batch in batches:
            logits.append(model(batch["images"]).float())
            labels.append(batch["labels"])
    logits, labels = torch.cat(logits), torch.cat(labels)
    predicted = logits.argmax(-1)
    top5 = logits.topk(min(5, logits.shape[-1]), dim=-1).indices
    return {
        "loss": float(F.cross_entropy(logits, labels)),
        "accuracy": float((predicted == labels).float().mean()),
        "top5": float((top5 == labels.unsqueeze(-1)).any(-1).float().mean()),
        "f1": seen_classes_f1(predicted, labels),
    }
