def edit_distance(reference: list, hypothesis: list) -> int:
    """Levenshtein distance: substitutions, insertions and deletions."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref_item in enumerate(reference, start=1):
        current = [i]
        for j, hyp_item in enumerate(hypothesis, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref_item != hyp_item)))
        previous = current
    return previous[-1]


def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Teacher-forced loss, perplexity and token accuracy; word and character error rates of
    greedy transcripts against the references."""
    start, end = special_tokens(config)
    total_loss, tokens, correct = 0.0, 0, 0
    word_errors, words, char_errors, chars = 0, 0, 0, 0
    with torch.no_grad():
        for batch in batches:
            logits = model(batch["input_features"], batch["decoder_input_ids"]).float()
            labels = batch["labels"]
            mask = labels != -100
            total_loss += float(F.cross_entropy(logits[mask], labels[mask], reduction="sum"))
            tokens += int(mask.sum())
            correct += int((logits.argmax(-1) == labels)[mask].sum())
            alphabet = batch.get("alphabet")
            hypotheses = greedy_decode(model, batch["input_features"], start, end, labels.shape[1])
            for label_row, hypothesis in zip(labels.tolist(), hypotheses):
                reference = [t for t in label_row if t not in (-100, end)]
                ref_text, hyp_text = transcript_text(reference, alphabet), transcript_text(hypothesis, alphabet)
                word_errors += edit_distance(ref_text.split(), hyp_text.split())
                words += len(ref_text.split())
                char_errors += edit_distance(list(ref_text), list(hyp_text))
                chars += len(ref_text)
    mean_loss = total_loss / max(1, tokens)
    return {
        "loss": mean_loss,
        "perplexity": math.exp(min(mean_loss, 50.0)),
        "accuracy": correct / max(1, tokens),
        "wer": word_errors / max(1, words),
        "cer": char_errors / max(1, chars),
    }
