def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Perplexity and next-token accuracy on held-out batches."""
    total_loss, total_tokens, correct = 0.0, 0, 0
    with torch.no_grad():
        for batch in batches:
            ids = batch["input_ids"]
            logits = model(ids[:, :-1]).float()
            targets = ids[:, 1:]
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction="sum")
            total_loss += float(loss)
            total_tokens += targets.numel()
            correct += int((logits.argmax(-1) == targets).sum())
    mean_loss = total_loss / max(1, total_tokens)
    return {
        "loss": mean_loss,
        "perplexity": math.exp(min(mean_loss, 50.0)),
        "accuracy": correct / max(1, total_tokens),
    }
