def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Denoising MSE: the error of the predicted noise at 10%, 50% and 90% of the schedule, with
    noise drawn from a fixed seed so checkpoints compare on the same inputs."""
    alpha_bar = noise_levels()
    steps = len(alpha_bar)
    generator = torch.Generator().manual_seed(0)
    total, count = 0.0, 0
    with torch.no_grad():
        for batch in batches:
            clean = batch["points"]
            for step in (steps // 10, steps // 2, 9 * steps // 10):
                noise = torch.randn(clean.shape, generator=generator).to(clean.device)
                timesteps = torch.full((clean.shape[0],), step, dtype=torch.long, device=clean.device)
                noisy = add_noise(clean, noise, timesteps, alpha_bar)
                predicted = model(noisy, timesteps, batch["conditioning"])[..., : clean.shape[-1]].float()
                total += float(F.mse_loss(predicted, noise, reduction="sum"))
                count += noise.numel()
    mse = total / max(1, count)
    return {"mse": mse, "rmse": math.sqrt(mse)}
