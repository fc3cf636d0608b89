def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """World-model loss: MSE between the predicted next latent and the encoding of the real
    next observation (a fixed target, as in TD-MPC's latent consistency), plus reward MSE."""
    outputs = model(batch["obs"], batch["actions"], batch["next_obs"])
    dynamics = F.mse_loss(outputs["next_latent"].float(), outputs["target_latent"].float())
    reward = F.mse_loss(outputs["reward"].float(), batch["rewards"])
    return dynamics + reward
