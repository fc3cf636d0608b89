def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """Cross-entropy over graphs (graph level) or over the scored nodes (node level)."""
    if "batch" in batch:
        logits = model(batch["x"], batch["edge_index"], batch["batch"], batch["num_graphs"])
        return F.cross_entropy(logits.float(), batch["labels"])
    logits = model(batch["x"], batch["edge_index"])
    if "mask" in batch:
        return F.cross_entropy(logits[batch["mask"]].float(), batch["labels"][batch["mask"]])
    return F.cross_entropy(logits.float(), batch["labels"])
