def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """Mean squared error of the forecast over the whole horizon."""
    return F.mse_loss(model(batch["series"]).float(), batch["target"].float())
