IGNORE_INDEX = 255


def split_output(output) -> tuple[torch.Tensor, torch.Tensor | None]:
    """(class logits, instance embedding or None) from the model's output."""
    if isinstance(output, dict):
        return output["logits"], output["embedding"]
    return output, None


def dice_loss(logits: torch.Tensor, masks: torch.Tensor) -> torch.Tensor:
    """1 - soft Dice between softmax probabilities and one-hot masks, averaged over the classes
    present in the batch; pixels labelled IGNORE_INDEX do not count."""
    valid = (masks != IGNORE_INDEX).unsqueeze(1)
    probabilities = logits.softmax(1) * valid
    targets = F.one_hot(masks.masked_fill(~valid.squeeze(1), 0), logits.shape[1]).permute(0, 3, 1, 2) * valid
    dims = (0, 2, 3)
    overlap = (probabilities * targets).sum(dims)
    totals = probabilities.sum(dims) + targets.sum(dims)
    dice = (2 * overlap + 1.0) / (totals + 1.0)
    present = targets.sum(dims) > 0
    return 1 - dice[present].mean() if present.any() else logits.sum() * 0


def discriminative_loss(
    embedding: torch.Tensor, instances: torch.Tensor, pull_margin: float = 0.5, push_margin: float = 1.5
) -> torch.Tensor:
    """De Brabandere et al. (2017): pull each pixel's embedding to within pull_margin of its
    instance's mean, push the means of an image's instances 2 * push_margin apart, and keep the
    means small. instances (batch, height, width) holds ids 1, 2, ...; 0 is no instance."""
    dim = embedding.shape[1]
    ids = instances.flatten(1)
    count = int(ids.max()) + 1
    members = F.one_hot(ids, count).float()
    sizes = members.sum(1)
    flat = embedding.flatten(2)
    means = flat @ members / sizes.clamp(min=1)[:, None, :]
    own_mean = means.gather(2, ids[:, None, :].expand(-1, dim, -1))
    pull = F.relu((flat - own_mean).norm(dim=1) - pull_margin) ** 2
    per_instance = (pull[:, :, None] * members).sum(1) / sizes.clamp(min=1)
    present = sizes > 0
    present[:, 0] = False
    pull_loss = per_instance[present].mean() if present.any() else embedding.sum() * 0

    gaps = torch.cdist(means.transpose(1, 2), means.transpose(1, 2))
    pairs = present[:, :, None] & present[:, None, :] & ~torch.eye(count, dtype=torch.bool, device=ids.device)
    push = F.relu(2 * push_margin - gaps) ** 2
    push_loss = push[pairs].mean() if pairs.any() else embedding.sum() * 0
    regulariser = means.transpose(1, 2)[present].norm(dim=-1).mean() if present.any() else embedding.sum() * 0
    return pull_loss + push_loss + 0.001 * regulariser


def segmentation_loss(output, batch: dict) -> torch.Tensor:
    """Pixel cross-entropy + Dice, plus the discriminative instance loss when the model embeds.
    The instance term is weighted 0.1: its early push term is several times the class loss and,
    under gradient clipping, would otherwise starve the shared decoder of class gradient."""
    logits, embedding = split_output(output)
    logits, masks = logits.float(), batch["masks"]
    loss = F.cross_entropy(logits, masks, ignore_index=IGNORE_INDEX) + dice_loss(logits, masks)
    if embedding is not None:
        loss = loss + 0.1 * discriminative_loss(embedding.float(), batch["instances"])
    return loss


def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """Segmentation loss on a batch of images with per-pixel class masks (and instance ids)."""
    return segmentation_loss(model(batch["images"]), batch)
