def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """Next-token cross-entropy: position t predicts token t + 1."""
    input_ids = batch["input_ids"]
    logits = model(input_ids[:, :-1])
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]).float(), input_ids[:, 1:].reshape(-1))
