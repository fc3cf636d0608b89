def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """Teacher forcing: the cross-entropy of every target token given the source and the
    target tokens before it."""
    logits = model(batch["input_ids"], batch["decoder_input_ids"])
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]).float(), batch["labels"].reshape(-1))


def greedy_decode(model: nn.Module, input_ids: torch.Tensor, start: int, end: int, max_tokens: int) -> torch.Tensor:
    """Encode the source once, then append the most likely next token until every row has
    produced the end id or max_tokens tokens. Returns the generated ids, without the start id."""
    encoded = model.encode(input_ids)
    ids = torch.full((input_ids.shape[0], 1), start, dtype=torch.long, device=input_ids.device)
    for _ in range(max_tokens):
        next_ids = model.decode(ids, encoded)[:, -1].argmax(-1, keepdim=True)
        ids = torch.cat([ids, next_ids], dim=1)
        if bool((ids[:, 1:] == end).any(dim=1).all()):
            break
    return ids[:, 1:]
