# uses: noise_schedule
def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """DDPM noise prediction (Ho et al., 2020): noise the clean latent clips to a random timestep
    and regress the added noise. Models that also predict a variance (learn_sigma) output twice
    the channels; the noise is the first half."""
    clean = batch["latents"]
    noise = torch.randn_like(clean)
    timesteps = sample_timesteps(clean.shape[0], clean.device)
    noisy = add_noise(clean, noise, timesteps, noise_levels())
    predicted = model(noisy, timesteps, batch["conditioning"])
    return F.mse_loss(predicted[:, :, : clean.shape[2]].float(), noise)
