def average(values: list) -> float:
    return sum(values) / len(values) if values else 0.0


def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Each batch holds one query's candidates. nDCG@10 and MRR@10 of the ranking by score
    (labels are the gains), recall@10 of the relevant passages, and pointwise accuracy and
    BCE of the scores (score > 0 means relevant)."""
    ndcg, mrr, recall, correct, total, loss = [], [], [], 0, 0, 0.0
    with torch.no_grad():
        for batch in batches:
            scores = model(
                batch["input_ids"], token_type_ids=batch["token_type_ids"], attention_mask=batch["attention_mask"]
            ).float()
            labels = batch["labels"].float()
            loss += float(F.binary_cross_entropy_with_logits(scores, labels, reduction="sum"))
            correct += int(((scores > 0) == (labels > 0.5)).sum())
            total += labels.numel()
            ranked = labels[scores.argsort(descending=True)][:10]
            discounts = 1.0 / torch.log2(torch.arange(2, ranked.numel() + 2, device=labels.device).float())
            ideal = float((labels.sort(descending=True).values[:10] * discounts).sum())
            if ideal > 0:
                ndcg.append(float((ranked * discounts).sum()) / ideal)
                hits = (ranked > 0.5).nonzero()
                mrr.append(1.0 / (int(hits[0]) + 1) if len(hits) else 0.0)
                recall.append(float((ranked > 0.5).sum()) / float((labels > 0.5).sum().clamp(min=1)))
    return {
        "loss": loss / max(1, total),
        "accuracy": correct / max(1, total),
        "ndcg@10": average(ndcg),
        "mrr@10": average(mrr),
        "recall@10": average(recall),
    }
