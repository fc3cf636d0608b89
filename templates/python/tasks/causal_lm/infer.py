def add_arguments(parser) -> None:
    parser.add_argument("--prompt", type=str, default="Once upon a time", help="text to continue")
    parser.add_argument("--max-new-tokens", type=int, default=32)
    parser.add_argument("--temperature", type=float, default=0.8)
    parser.add_argument("--top-k", type=int, default=50)
    parser.add_argument("--tokenizer", type=str, default=None, help="tokenizer.json written by prepare_data.py (default: bytes)")


def infer(model: nn.Module, config, args) -> dict:
    """Sample a continuation of the prompt, token by token (temperature and top-k)."""
    tokenizer = None
    if args.tokenizer:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(args.tokenizer)
        ids = torch.tensor([tokenizer.encode(args.prompt).ids], dtype=torch.long)
    else:
        ids = encode_bytes(args.prompt.encode("utf-8"), config.vocab_size).unsqueeze(0)
    # Sampling draws on the CPU generator; only the forward pass runs on the model's device.
    device = next(model.parameters()).device
    generator = torch.Generator().manual_seed(args.seed)
    with torch.no_grad():
        for _ in range(args.max_new_tokens):
            window = ids[:, -config.max_position_embeddings :]
            logits = model(window.to(device))[:, -1, :].float().cpu() / max(args.temperature, 1e-5)
            if args.top_k > 0:
                kth = torch.topk(logits, min(args.top_k, logits.shape[-1])).values[:, -1:]
                logits = logits.masked_fill(logits < kth, float("-inf"))
            probabilities = torch.softmax(logits, dim=-1)
            next_id = torch.multinomial(probabilities, 1, generator=generator)
            ids = torch.cat([ids, next_id], dim=1)
    new_ids = ids[0, -args.max_new_tokens :].tolist()
    text = tokenizer.decode(new_ids) if tokenizer is not None else decode_bytes(new_ids)
    return {"prompt": args.prompt, "generated_ids": new_ids, "generated_text": text}
