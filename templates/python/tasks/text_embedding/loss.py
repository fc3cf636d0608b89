EMBEDDING_TEMPERATURE = 0.05


def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """Symmetric in-batch InfoNCE (van den Oord et al., 2018): each sentence must pick its own
    paraphrase among all paraphrases in the batch, and the reverse. Both sides go through one
    forward call, so DDP sees a single pass."""
    ids = torch.cat([batch["input_ids"], batch["positive_ids"]])
    mask = torch.cat([batch["attention_mask"], batch["positive_mask"]])
    anchors, positives = model(ids, attention_mask=mask).chunk(2)
    logits = anchors @ positives.T / EMBEDDING_TEMPERATURE
    targets = torch.arange(logits.shape[0], device=logits.device)
    return (F.cross_entropy(logits, targets) + F.cross_entropy(logits.T, targets)) / 2
