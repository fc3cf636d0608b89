def rank_auroc(scores: torch.Tensor, labels: torch.Tensor) -> float:
    """Area under the ROC curve from the rank-sum (Mann-Whitney U) statistic."""
    ranks = torch.empty(scores.shape[0])
    ranks[scores.argsort()] = torch.arange(1, scores.shape[0] + 1, dtype=torch.float32)
    positives = labels.bool()
    count_pos, count_neg = int(positives.sum()), int((~positives).sum())
    if count_pos == 0 or count_neg == 0:
        return float("nan")
    return (float(ranks[positives].sum()) - count_pos * (count_pos + 1) / 2) / (count_pos * count_neg)


def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Link-prediction metrics on held-out edges: ROC-AUC and loss over positive and negative
    pairs; hits@50 as in OGB (positives scored above the 50th best negative); and mrr and
    recall@10 from ranking each positive (u, v) against the batch's candidate targets for u."""
    scores, labels, ranks = [], [], []
    with torch.no_grad():
        for batch in batches:
            logits = model(batch["x"], batch["edge_index"], batch["pairs"]).float()
            scores.append(logits.cpu())
            labels.append(batch["labels"].cpu())
            candidates = batch["candidates"]
            count = candidates.shape[0]
            sources = batch["pairs"][:count, 0].repeat_interleave(candidates.shape[1])
            alternative = model(batch["x"], batch["edge_index"], torch.stack([sources, candidates.flatten()], dim=1))
            alternative = alternative.float().view(count, -1)
            ranks.append(1 + (alternative > logits[:count, None]).sum(dim=1).cpu())
    scores, labels, ranks = torch.cat(scores), torch.cat(labels), torch.cat(ranks).float()
    negatives = scores[labels == 0]
    threshold = negatives.topk(min(50, negatives.shape[0])).values[-1]
    return {
        "auroc": rank_auroc(scores, labels),
        "hits@50": float((scores[labels == 1] > threshold).float().mean()),
        "mrr": float((1.0 / ranks).mean()),
        "recall@10": float((ranks <= 10).float().mean()),
        "loss": float(F.binary_cross_entropy_with_logits(scores, labels)),
    }
