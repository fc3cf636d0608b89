def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """Next-token cross-entropy on the transcript, ignoring padding after the end token."""
    logits = model(batch["input_features"], batch["decoder_input_ids"])
    return F.cross_entropy(
        logits.reshape(-1, logits.shape[-1]).float(), batch["labels"].reshape(-1), ignore_index=-100
    )


def greedy_decode(
    model: nn.Module, input_features: torch.Tensor, start: int, end: int, max_tokens: int
) -> list:
    """Greedy transcription: feed the start token, append the most likely next token until
    every row has produced the end token or max_tokens tokens. Returns one id list per row,
    without the start and end tokens."""
    batch = input_features.shape[0]
    ids = torch.full((batch, 1), start, dtype=torch.long, device=input_features.device)
    for _ in range(max_tokens):
        next_ids = model(input_features, ids)[:, -1].argmax(-1, keepdim=True)
        ids = torch.cat([ids, next_ids], dim=1)
        if bool((ids == end).any(dim=1).all()):
            break
    transcripts = []
    for row in ids[:, 1:].tolist():
        transcripts.append(row[: row.index(end)] if end in row else row)
    return transcripts
