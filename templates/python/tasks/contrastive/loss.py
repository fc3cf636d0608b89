def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """Symmetric InfoNCE over the batch (CLIP): each image must pick its own caption among all
    captions and each caption its own image, at the learned temperature."""
    logits = model(batch["images"], batch["input_ids"])["logits_per_image"].float()
    targets = torch.arange(logits.shape[0], device=logits.device)
    return (F.cross_entropy(logits, targets) + F.cross_entropy(logits.T, targets)) / 2
