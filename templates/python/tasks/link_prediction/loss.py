def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """Binary cross-entropy of the link logits: observed (held-out) edges against sampled
    negative pairs."""
    logits = model(batch["x"], batch["edge_index"], batch["pairs"])
    return F.binary_cross_entropy_with_logits(logits.float(), batch["labels"])
