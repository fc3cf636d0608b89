def add_arguments(parser) -> None:
    parser.add_argument(
        "--words",
        type=str,
        default=None,
        help='words to render as a synthetic spectrogram, e.g. "yes no up" (default: random words)',
    )


def infer(model: nn.Module, config, args) -> dict:
    """Render an utterance as a synthetic spectrogram and transcribe it greedily."""
    generator = torch.Generator().manual_seed(args.seed)
    known = known_words(config)
    if args.words:
        spoken = args.words.split()[: max_words(config)]
        unknown = [w for w in spoken if w not in known]
        if unknown:
            raise SystemExit(f"unknown words {unknown}; this model knows: {' '.join(known)}")
        words = [known.index(w) for w in spoken]
    else:
        length = int(torch.randint(1, max_words(config) + 1, (1,), generator=generator))
        words = torch.randint(0, len(known), (length,), generator=generator).tolist()
    mel = render_mel(config, words, generator).unsqueeze(0).to(next(model.parameters()).device)
    start, end = special_tokens(config)
    with torch.no_grad():
        hypothesis = greedy_decode(model, mel, start, end, max_words(config) + 1)[0]
    return {
        "input_shape": list(mel.shape),
        "reference": transcript_text(words),
        "transcript": transcript_text(hypothesis),
        "token_ids": hypothesis,
    }
