# uses: ddim
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
    parser.add_argument(
        "--guidance-scale",
        type=float,
        default=1.0,
        help="classifier-free guidance scale for prompts (1: off; above 1 doubles each step's work)",
    )


def infer(model: nn.Module, config, args) -> dict:
    """Sample one coloured point cloud for the prompt and summarise it: bounding box, mean radius
    from the centroid and mean colour (xyz and rgb in [-1, 1])."""
    device = next(model.parameters()).device
    conditioning = prompt_tokens(config, [args.prompt]).to(device)
    count = args.num_points or config.num_points
    generator = torch.Generator().manual_seed(args.seed)
    with torch.no_grad():
        shape = (1, count, config.point_channels)
        cloud = ddim_sample(
            lambda x, t: guided_prediction(model, x, t, conditioning, args.guidance_scale)[..., : shape[-1]].float(),
            shape,
            args.steps,
            args.clip_sample,
            generator,
            device,
        )[0].cpu()
    xyz, rgb = cloud[:, :3], cloud[:, 3:]
    return {
        "prompt": args.prompt,
        "ddim_steps": args.steps,
        "guidance_scale": args.guidance_scale,
        "shape": list(cloud.shape),
        "mean": float(cloud.mean()),
        "std": float(cloud.std()),
        "bbox_min": [round(float(v), 4) for v in xyz.min(dim=0).values],
        "bbox_max": [round(float(v), 4) for v in xyz.max(dim=0).values],
        "mean_radius": float((xyz - xyz.mean(dim=0)).norm(dim=1).mean()),
        "mean_colour": [round(float(v), 4) for v in rgb.mean(dim=0)],
    }
