def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """Cross-entropy of the class logits."""
    return F.cross_entropy(model(batch["points"]).float(), batch["labels"])
