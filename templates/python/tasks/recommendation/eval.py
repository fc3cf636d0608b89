def evaluate(model: nn.Module, config, batches: list) -> dict:
    """recall@10 and ndcg@10 of full-catalogue retrieval: every user's top 10 of all items
    against their relevant items (binary relevance)."""
    all_items = torch.arange(config.num_items, device=batches[0]["user_ids"].device)
    discounts = 1.0 / torch.log2(torch.arange(2, 12, dtype=torch.float32))
    recalls, ndcgs = [], []
    with torch.no_grad():
        for batch in batches:
            scores = model(batch["user_ids"], all_items, all_pairs=True).float().cpu()
            relevant = batch["relevant"].cpu()
            k = min(10, config.num_items)
            hits = relevant.gather(1, scores.topk(k, dim=1).indices).float()
            counts = relevant.sum(dim=1).clamp(min=1)
            recalls.append(hits.sum(dim=1) / counts.clamp(max=k))
            ideal = torch.stack([discounts[: int(c)].sum() for c in counts.clamp(max=k)])
            ndcgs.append((hits * discounts[:k]).sum(dim=1) / ideal)
    return {"recall@10": float(torch.cat(recalls).mean()), "ndcg@10": float(torch.cat(ndcgs).mean())}
