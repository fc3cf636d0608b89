# uses: ddim
def add_arguments(parser) -> None:
    parser.add_argument("--steps", type=int, default=SAMPLING_STEPS, help="DDIM sampling steps")
    parser.add_argument("--prompt", type=str, default=PATTERNS[0], help="the clip's caption")
    parser.add_argument(
        "--clip-sample",
        type=float,
        default=4.0,
        help="clamp each step's predicted clean latent to +-this (0: off); guards against blow-up at high noise",
    )
    parser.add_argument(
        "--guidance-scale",
        type=float,
        default=1.0,
        help="classifier-free guidance scale for prompts (1: off; above 1 doubles each step's work)",
    )


def infer(model: nn.Module, config, args) -> dict:
    """Sample one latent clip for the prompt; report its shape and statistics, and, when the
    prompt names a synthetic pattern, the MSE to that pattern's mean clip."""
    device = next(model.parameters()).device
    conditioning = prompt_tokens(config, [args.prompt]).to(device)
    size = latent_size(config)
    generator = torch.Generator().manual_seed(args.seed)
    with torch.no_grad():
        shape = (1, config.num_frames, config.in_channels, size, size)
        sample = ddim_sample(
            lambda x, t: guided_prediction(model, x, t, conditioning, args.guidance_scale)[:, :, : shape[2]].float(),
            shape,
            args.steps,
            args.clip_sample,
            generator,
            device,
        ).cpu()
    result = {
        "prompt": args.prompt,
        "ddim_steps": args.steps,
        "guidance_scale": args.guidance_scale,
        "shape": list(sample.shape),
        "mean": float(sample.mean()),
        "std": float(sample.std()),
    }
    if args.prompt in PATTERNS:
        target = pattern_means(config)[PATTERNS.index(args.prompt)]
        result["pattern_mse"] = float(F.mse_loss(sample[0], target))
    return result
