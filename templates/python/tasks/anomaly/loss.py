def window_scores(model: nn.Module, window: torch.Tensor) -> torch.Tensor:
    """Per-window mean squared reconstruction error, shape (batch,)."""
    reconstruction = model(window).float()
    return (reconstruction - window.float()).pow(2).mean(dim=(1, 2))


def score_threshold(normal_scores: torch.Tensor) -> float:
    """Mean plus three standard deviations of the scores of normal windows."""
    spread = float(normal_scores.std()) if normal_scores.numel() > 1 else 0.0
    return float(normal_scores.mean()) + 3.0 * spread


def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """Mean squared reconstruction error on normal windows."""
    return window_scores(model, batch["window"]).mean()
