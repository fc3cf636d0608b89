def add_arguments(parser) -> None:
    parser.add_argument(
        "--prompt", type=str, default=STYLES[0], help=f"description, e.g. one of: {', '.join(STYLES)}"
    )
    parser.add_argument("--frames", type=int, default=16, help="codec frames to generate")
    parser.add_argument("--temperature", type=float, default=1.0)
    parser.add_argument("--top-k", type=int, default=8)


def infer(model: nn.Module, config, args) -> dict:
    """Sample codec frames autoregressively with the delay pattern: at step t codebook k emits
    frame t - k (the special token before its first frame), then the delay is undone."""
    special = special_token(config)
    books = config.num_codebooks
    device = next(model.parameters()).device
    generator = torch.Generator().manual_seed(args.seed)
    conditioning = {}
    if config.text_conditioned:
        conditioning["text_ids"] = encode_text(config, args.prompt).unsqueeze(0).to(device)
    if config.audio_conditioned:
        style = STYLES.index(args.prompt) if args.prompt in STYLES else 0
        conditioning["chroma"] = style_chroma(config, style).unsqueeze(0).to(device)
    delay = torch.arange(books).unsqueeze(1)
    codes = torch.full((1, books, 1), special, dtype=torch.long)
    with torch.no_grad():
        for step in range(args.frames + books - 1):
            logits = model(codes.to(device), **conditioning)[0, :, -1].float().cpu()
            logits = logits / max(args.temperature, 1e-5)
            if args.top_k > 0:
                kth = torch.topk(logits, min(args.top_k, logits.shape[-1])).values[:, -1:]
                logits = logits.masked_fill(logits < kth, float("-inf"))
            sampled = torch.multinomial(torch.softmax(logits, dim=-1), 1, generator=generator)
            active = (step >= delay) & (step - delay < args.frames)
            column = torch.where(active, sampled, torch.full_like(sampled, special))
            codes = torch.cat([codes, column.view(1, books, 1)], dim=2)
    frames = undo_delay(codes[:, :, 1:])[0]
    return {
        "prompt": args.prompt if config.text_conditioned else None,
        "codes_shape": list(frames.shape),
        "codes": frames.tolist(),
        "note": "codes index the codec's codebooks; a codec decoder (e.g. EnCodec) turns them into audio",
    }
