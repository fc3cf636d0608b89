def add_arguments(parser) -> None:
    parser.add_argument(
        "--words",
        type=str,
        default=None,
        help='words to render as a synthetic spectrogram, e.g. "yes no up" (default: random words)',
    )
    parser.add_argument("--audio", type=str, default=None, help="a WAV file to transcribe (needs --data)")
    parser.add_argument("--data", type=str, default=None, help="the manifest train.py read: its transcripts' characters are the tokens")


def infer(model: nn.Module, config, args) -> dict:
    """Transcribe a WAV file greedily (characters of the training manifest's alphabet), or
    render lexicon words as a synthetic spectrogram and transcribe that."""
    if args.audio:
        if not args.data:
            raise SystemExit("error: --audio needs --data, the manifest the model was trained on (its characters are the tokens)")
        _, alphabet = manifest_records(args.data, "train")
        mel = clip_features(config, pathlib.Path(args.audio)).unsqueeze(0).to(next(model.parameters()).device)
        start, end = special_tokens(config)
        with torch.no_grad():
            hypothesis = greedy_decode(model, mel, start, end, config.max_target_positions)[0]
        return {"input_shape": list(mel.shape), "transcript": transcript_text(hypothesis, alphabet), "token_ids": hypothesis}
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
