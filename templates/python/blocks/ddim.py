def ddim_sample(predict_noise, shape: tuple, steps: int, clip: float, generator: torch.Generator, device) -> torch.Tensor:
    """Deterministic DDIM sampling (eta = 0, Song et al., 2021) of a tensor of `shape` from Gaussian
    noise over `steps` evenly spaced timesteps, the last one t = 0. predict_noise(x, t) returns
    the noise estimate at x's shape. With clip > 0 the predicted clean sample is clamped and the
    noise estimate recomputed from it, as diffusers' clip_sample does."""
    alpha_bar = noise_levels().to(device)
    stride = max(1, len(alpha_bar) // steps)
    timesteps = list(range(0, len(alpha_bar), stride))[:steps][::-1]
    x = torch.randn(shape, generator=generator).to(device)
    for i, step in enumerate(timesteps):
        level = alpha_bar[step]
        previous = alpha_bar[timesteps[i + 1]] if i + 1 < len(timesteps) else torch.ones((), device=device)
        t = torch.full((shape[0],), step, dtype=torch.long, device=device)
        noise = predict_noise(x, t)
        clean = (x - (1 - level).sqrt() * noise) / level.sqrt()
        if clip > 0:
            clean = clean.clamp(-clip, clip)
            noise = (x - level.sqrt() * clean) / (1 - level).sqrt()
        x = previous.sqrt() * clean + (1 - previous).sqrt() * noise
    return x
