def add_arguments(parser) -> None:
    parser.add_argument("--steps", type=int, default=SAMPLING_STEPS, help="DDIM sampling steps")
    parser.add_argument("--prompt", type=str, default=SHAPES[0], help="the shape's description")
    parser.add_argument("--num-points", type=int, default=None, help="points to sample (default: num_points)")
    parser.add_argument(
        "--clip-sample",
        type=float,
        default=1.0,
        help="clamp each step's predicted clean points to +-this (0: off); coordinates and colours lie in [-1, 1]",
    )


def ddim_sample(model: nn.Module, shape: tuple, conditioning, steps: int, clip: float, generator: torch.Generator):
    """Deterministic DDIM sampling (eta = 0, Song et al., 2021) of point clouds (B, N, C) from
    Gaussian noise over `steps` evenly spaced timesteps, the last one t = 0. With clip > 0 the
    predicted clean points are clamped and the noise estimate recomputed from them, as Point-E's
    clip_denoised does."""
    device = next(model.parameters()).device
    alpha_bar = noise_levels().to(device)
    stride = max(1, len(alpha_bar) // steps)
    timesteps = list(range(0, len(alpha_bar), stride))[:steps][::-1]
    x = torch.randn(shape, generator=generator).to(device)
    for i, step in enumerate(timesteps):
        level = alpha_bar[step]
        previous = alpha_bar[timesteps[i + 1]] if i + 1 < len(timesteps) else torch.ones((), device=device)
        t = torch.full((shape[0],), step, dtype=torch.long, device=device)
        noise = model(x, t, conditioning)[..., : shape[-1]].float()
        clean = (x - (1 - level).sqrt() * noise) / level.sqrt()
        if clip > 0:
            clean = clean.clamp(-clip, clip)
            noise = (x - level.sqrt() * clean) / (1 - level).sqrt()
        x = previous.sqrt() * clean + (1 - previous).sqrt() * noise
    return x


def infer(model: nn.Module, config, args) -> dict:
    """Sample one coloured point cloud for the prompt and summarise it: bounding box, mean radius
    from the centroid and mean colour (xyz and rgb in [-1, 1])."""
    device = next(model.parameters()).device
    conditioning = prompt_tokens(config, [args.prompt]).to(device)
    count = args.num_points or config.num_points
    generator = torch.Generator().manual_seed(args.seed)
    with torch.no_grad():
        shape = (1, count, config.point_channels)
        cloud = ddim_sample(model, shape, conditioning, args.steps, args.clip_sample, generator)[0].cpu()
    xyz, rgb = cloud[:, :3], cloud[:, 3:]
    return {
        "prompt": args.prompt,
        "ddim_steps": args.steps,
        "shape": list(cloud.shape),
        "mean": float(cloud.mean()),
        "std": float(cloud.std()),
        "bbox_min": [round(float(v), 4) for v in xyz.min(dim=0).values],
        "bbox_max": [round(float(v), 4) for v in xyz.max(dim=0).values],
        "mean_radius": float((xyz - xyz.mean(dim=0)).norm(dim=1).mean()),
        "mean_colour": [round(float(v), 4) for v in rgb.mean(dim=0)],
    }
