def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """Binary cross-entropy of the relevance score against the judged label (monoBERT)."""
    scores = model(batch["input_ids"], token_type_ids=batch["token_type_ids"], attention_mask=batch["attention_mask"])
    return F.binary_cross_entropy_with_logits(scores.float(), batch["labels"].float())
