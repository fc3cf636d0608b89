def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """Next-step cross-entropy over all K codebooks; delay-pattern gaps (-100) are skipped."""
    inputs = {key: value for key, value in batch.items() if key != "targets"}
    logits = model(**inputs)
    return F.cross_entropy(
        logits.reshape(-1, logits.shape[-1]).float(), batch["targets"].reshape(-1), ignore_index=-100
    )
