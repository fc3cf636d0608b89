def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Perplexity and next-code accuracy over all codebooks, plus accuracy per codebook."""
    total_loss, total, correct = 0.0, 0, 0
    book_correct = [0] * config.num_codebooks
    book_total = [0] * config.num_codebooks
    with torch.no_grad():
        for batch in batches:
            inputs = {key: value for key, value in batch.items() if key != "targets"}
            logits = model(**inputs).float()
            targets = batch["targets"]
            mask = targets != -100
            total_loss += float(F.cross_entropy(logits[mask], targets[mask], reduction="sum"))
            hits = (logits.argmax(-1) == targets) & mask
            total += int(mask.sum())
            correct += int(hits.sum())
            for k in range(config.num_codebooks):
                book_correct[k] += int(hits[:, k].sum())
                book_total[k] += int(mask[:, k].sum())
    mean_loss = total_loss / max(1, total)
    result = {
        "loss": mean_loss,
        "perplexity": math.exp(min(mean_loss, 50.0)),
        "accuracy": correct / max(1, total),
    }
    for k in range(config.num_codebooks):
        result[f"accuracy_codebook_{k}"] = book_correct[k] / max(1, book_total[k])
    return result
