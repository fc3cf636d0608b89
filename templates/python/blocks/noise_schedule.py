def noise_levels(schedule: str = NOISE_SCHEDULE, steps: int = DIFFUSION_TIMESTEPS) -> torch.Tensor:
    """alpha_bar[t], the fraction of signal variance left after noising steps 0..t, for t < steps.

    linear: betas evenly spaced from 1e-4 to 0.02, scaled by 1000 / steps (Ho et al., 2020);
    scaled_linear: their square roots evenly spaced from 0.00085 ** 0.5 to 0.012 ** 0.5 (Stable
    Diffusion); cosine: alpha_bar follows a squared cosine, betas capped at 0.999 (Nichol and
    Dhariwal, 2021).
    """
    if schedule == "cosine":
        progress = torch.arange(steps + 1, dtype=torch.float64) / steps
        alpha_bar = torch.cos((progress + 0.008) / 1.008 * math.pi / 2) ** 2
        betas = (1 - alpha_bar[1:] / alpha_bar[:-1]).clamp(max=0.999)
    elif schedule == "scaled_linear":
        betas = torch.linspace(0.00085**0.5, 0.012**0.5, steps, dtype=torch.float64) ** 2
    else:
        scale = 1000 / steps
        betas = torch.linspace(scale * 1e-4, scale * 0.02, steps, dtype=torch.float64)
    return torch.cumprod(1 - betas, dim=0).float()


def sample_timesteps(batch_size: int, device) -> torch.Tensor:
    """One uniform timestep in each of batch_size equal slices of [0, T): every batch mixes low and
    high noise evenly, which keeps the loss curve smooth (low-discrepancy sampling, Kingma et al.,
    2021)."""
    offsets = (torch.arange(batch_size, device=device) + torch.rand(batch_size, device=device)) / batch_size
    return (offsets * DIFFUSION_TIMESTEPS).long().clamp(max=DIFFUSION_TIMESTEPS - 1)


def add_noise(clean: torch.Tensor, noise: torch.Tensor, timesteps: torch.Tensor, alpha_bar: torch.Tensor):
    """x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) noise."""
    level = alpha_bar.to(clean.device)[timesteps].view(-1, *[1] * (clean.dim() - 1))
    return level.sqrt() * clean + (1 - level).sqrt() * noise
