def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Perplexity and token accuracy of the teacher-forced targets on held-out windows."""
    total_loss, total_tokens, correct = 0.0, 0, 0
    with torch.no_grad():
        for batch in batches:
            logits = model(batch["input_ids"], batch["decoder_input_ids"]).float()
            labels = batch["labels"]
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1), reduction="sum")
            total_loss += float(loss)
            total_tokens += labels.numel()
            correct += int((logits.argmax(-1) == labels).sum())
    mean_loss = total_loss / max(1, total_tokens)
    return {
        "loss": mean_loss,
        "perplexity": math.exp(min(mean_loss, 50.0)),
        "accuracy": correct / max(1, total_tokens),
    }
