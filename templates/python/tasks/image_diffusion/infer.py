# uses: ddim
def add_arguments(parser) -> None:
    parser.add_argument("--steps", type=int, default=SAMPLING_STEPS, help="DDIM sampling steps")
    parser.add_argument("--prompt", type=str, default=PATTERNS[0], help="prompt, for text-conditioned models")
    parser.add_argument("--class-label", type=int, default=0, help="class, for class-conditioned models")
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
    """Sample one latent for the prompt or class; report its shape and statistics and, when the
    condition names a synthetic pattern, the MSE to that pattern's mean latent."""
    device = next(model.parameters()).device
    conditioning, condition, pattern = inference_condition(config, args.prompt, args.class_label)
    if conditioning is not None:
        conditioning = conditioning.to(device)
    size = latent_size(config)
    generator = torch.Generator().manual_seed(args.seed)
    with torch.no_grad():
        shape = (1, config.in_channels, size, size)
        sample = ddim_sample(
            lambda x, t: guided_prediction(model, x, t, conditioning, args.guidance_scale)[:, : shape[1]].float(),
            shape,
            args.steps,
            args.clip_sample,
            generator,
            device,
        ).cpu()
    result = {
        "condition": condition,
        "ddim_steps": args.steps,
        "guidance_scale": args.guidance_scale,
        "shape": list(sample.shape),
        "mean": float(sample.mean()),
        "std": float(sample.std()),
    }
    if pattern is not None:
        result["pattern"] = PATTERNS[pattern]
        result["pattern_mse"] = float(F.mse_loss(sample[0], pattern_means(config)[pattern]))
    return result
