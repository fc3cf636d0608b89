def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """Cross-entropy for classification (integer targets), mean squared error for regression."""
    predictions = model(batch["features"]).float()
    targets = batch["targets"]
    if targets.dtype == torch.long:
        return F.cross_entropy(predictions, targets)
    return F.mse_loss(predictions, targets.float())
