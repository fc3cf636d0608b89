def evaluate(model: nn.Module, config, batches: list) -> dict:
    """MSE, MAE and RMSE of the forecast over every horizon step and channel."""
    squared, absolute, count = 0.0, 0.0, 0
    with torch.no_grad():
        for batch in batches:
            error = model(batch["series"]).float() - batch["target"].float()
            squared += float(error.pow(2).sum())
            absolute += float(error.abs().sum())
            count += error.numel()
    mse = squared / max(1, count)
    return {"loss": mse, "mse": mse, "mae": absolute / max(1, count), "rmse": math.sqrt(mse)}
