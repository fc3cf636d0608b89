def add_arguments(parser) -> None:
    parser.add_argument("--steps", type=int, default=SAMPLING_STEPS, help="DDIM sampling steps")
    parser.add_argument("--prompt", type=str, default=PATTERNS[0], help="the clip's caption")
    parser.add_argument(
        "--clip-sample",
        type=float,
        default=4.0,
        help="clamp each step's predicted clean latent to +-this (0: off); guards against blow-up at high noise",
    )


def ddim_sample(model: nn.Module, shape: tuple, conditioning, steps: int, clip: float, generator: torch.Generator):
    """Deterministic DDIM sampling (eta = 0, Song et al., 2021) of latent clips (B, T, C, H, W)
    from Gaussian noise over `steps` evenly spaced timesteps, the last one t = 0. With clip > 0
    the predicted clean latent is clamped and the noise estimate recomputed from it, as
    diffusers' clip_sample does."""
    device = next(model.parameters()).device
    alpha_bar = noise_levels().to(device)
    stride = max(1, len(alpha_bar) // steps)
    timesteps = list(range(0, len(alpha_bar), stride))[:steps][::-1]
    x = torch.randn(shape, generator=generator).to(device)
    for i, step in enumerate(timesteps):
        level = alpha_bar[step]
        previous = alpha_bar[timesteps[i + 1]] if i + 1 < len(timesteps) else torch.ones((), device=device)
        t = torch.full((shape[0],), step, dtype=torch.long, device=device)
        noise = model(x, t, conditioning)[:, :, : shape[2]].float()
        clean = (x - (1 - level).sqrt() * noise) / level.sqrt()
        if clip > 0:
            clean = clean.clamp(-clip, clip)
            noise = (x - level.sqrt() * clean) / (1 - level).sqrt()
        x = previous.sqrt() * clean + (1 - previous).sqrt() * noise
    return x


def infer(model: nn.Module, config, args) -> dict:
    """Sample one latent clip for the prompt; report its shape and statistics, and, when the
    prompt names a synthetic pattern, the MSE to that pattern's mean clip."""
    device = next(model.parameters()).device
    conditioning = prompt_tokens(config, [args.prompt]).to(device)
    size = latent_size(config)
    generator = torch.Generator().manual_seed(args.seed)
    with torch.no_grad():
        shape = (1, config.num_frames, config.in_channels, size, size)
        sample = ddim_sample(model, shape, conditioning, args.steps, args.clip_sample, generator).cpu()
    result = {
        "prompt": args.prompt,
        "ddim_steps": args.steps,
        "shape": list(sample.shape),
        "mean": float(sample.mean()),
        "std": float(sample.std()),
    }
    if args.prompt in PATTERNS:
        target = pattern_means(config)[PATTERNS.index(args.prompt)]
        result["pattern_mse"] = float(F.mse_loss(sample[0], target))
    return result
