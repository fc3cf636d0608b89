# uses: noise_schedule
# uses: guidance
def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """DDPM noise prediction (Ho et al., 2020): noise the clean latents to a random timestep and
    regress the added noise. Models that also predict a variance (learn_sigma) output twice the
    channels; the noise is the first half. While training, prompts are dropped at the recipe's
    CONDITION_DROPOUT rate so the same network also learns the unconditional estimate that
    classifier-free guidance needs."""
    clean = batch["latents"]
    noise = torch.randn_like(clean)
    timesteps = sample_timesteps(clean.shape[0], clean.device)
    noisy = add_noise(clean, noise, timesteps, noise_levels())
    conditioning = batch.get("conditioning")
    if conditioning is not None and conditioning.dim() == 2 and model.training:
        conditioning = drop_prompts(conditioning, CONDITION_DROPOUT)
    predicted = model(noisy, timesteps, conditioning)
    return F.mse_loss(predicted[:, : clean.shape[1]].float(), noise)
