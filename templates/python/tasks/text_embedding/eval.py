def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Retrieval over all held-out pairs: each sentence queries the pool of every paraphrase;
    recall@k is the share whose own paraphrase ranks in the top k, nDCG@10 scores its rank
    (one relevant item per query); loss is the mean in-batch InfoNCE."""
    queries, documents, losses = [], [], []
    with torch.no_grad():
        for batch in batches:
            losses.append(float(compute_loss(model, batch)))
            queries.append(model(batch["input_ids"], attention_mask=batch["attention_mask"]).float())
            documents.append(model(batch["positive_ids"], attention_mask=batch["positive_mask"]).float())
    queries, documents = torch.cat(queries), torch.cat(documents)
    scores = queries @ documents.T
    # Rank of each query's own paraphrase, 1 = best.
    ranks = (scores > scores.diagonal().unsqueeze(1)).sum(1) + 1
    ndcg = torch.where(ranks <= 10, 1.0 / torch.log2(ranks.float() + 1), 0.0)
    return {
        "loss": sum(losses) / len(losses),
        "recall@1": float((ranks <= 1).float().mean()),
        "recall@5": float((ranks <= 5).float().mean()),
        "recall@10": float((ranks <= 10).float().mean()),
        "ndcg@10": float(ndcg.mean()),
    }
