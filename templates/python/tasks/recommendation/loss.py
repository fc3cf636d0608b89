# Softmax temperature for cosine scores (Yi et al., 2019, use 0.05 to 0.1).
TEMPERATURE = 0.1


def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """In-batch sampled softmax (InfoNCE): each user's interacted item must outscore the items
    of the other interactions in the batch."""
    scores = model(batch["user_ids"], batch["item_ids"], all_pairs=True).float() / TEMPERATURE
    targets = torch.arange(scores.shape[0], device=scores.device)
    return F.cross_entropy(scores, targets)
