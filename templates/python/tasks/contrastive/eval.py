def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Retrieval over all held-out pairs in both directions: recall@k is the share of images
    whose own caption ranks in the top k among all captions (image_to_text) and of captions
    whose own image does (text_to_image); the plain recall@k keys average the two. Accuracy
    and loss are the in-batch top-1 match rate and InfoNCE."""
    images, texts, losses, correct, total = [], [], [], 0, 0
    with torch.no_grad():
        for batch in batches:
            outputs = model(batch["images"], batch["input_ids"])
            logits = outputs["logits_per_image"].float()
            targets = torch.arange(logits.shape[0], device=logits.device)
            losses.append(float(F.cross_entropy(logits, targets) + F.cross_entropy(logits.T, targets)) / 2)
            correct += int((logits.argmax(1) == targets).sum() + (logits.argmax(0) == targets).sum())
            total += 2 * logits.shape[0]
            images.append(outputs["image_embeds"].float())
            texts.append(outputs["text_embeds"].float())
    similarity = torch.cat(images) @ torch.cat(texts).T
    own = similarity.diagonal()
    # Rank of the matching item, 1 = best, per image (over captions) and per caption (over images).
    image_ranks = (similarity > own.unsqueeze(1)).sum(1) + 1
    text_ranks = (similarity > own.unsqueeze(0)).sum(0) + 1
    metrics = {"loss": sum(losses) / len(losses), "accuracy": correct / total}
    for k in (1, 5, 10):
        image_to_text = float((image_ranks <= k).float().mean())
        text_to_image = float((text_ranks <= k).float().mean())
        metrics[f"image_to_text_recall@{k}"] = image_to_text
        metrics[f"text_to_image_recall@{k}"] = text_to_image
        metrics[f"recall@{k}"] = (image_to_text + text_to_image) / 2
    return metrics
