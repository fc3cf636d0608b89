def add_arguments(parser) -> None:
    parser.add_argument("--source", type=str, default="Once upon a time", help="text for the encoder")
    parser.add_argument("--max-new-tokens", type=int, default=32)


def infer(model: nn.Module, config, args) -> dict:
    """Greedy decoding of the target for one source text (byte-level tokens)."""
    device = next(model.parameters()).device
    source = torch.tensor([encode_text(args.source, config.vocab_size)], dtype=torch.long, device=device)
    with torch.no_grad():
        generated = greedy_decode(model, source, config.decoder_start_token_id, EOS_ID, args.max_new_tokens)
    ids = generated[0].cpu().tolist()
    return {"source": args.source, "generated_ids": ids, "generated_text": decode_ids(ids)}
