def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """Cross-entropy for class indices, mean squared error for float regression targets."""
    outputs = model(batch["input_ids"], attention_mask=batch["attention_mask"]).float()
    labels = batch["labels"]
    if labels.is_floating_point():
        return F.mse_loss(outputs, labels)
    return F.cross_entropy(outputs, labels)
