def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """DQN temporal-difference loss: Huber distance between Q(s, a) and the target
    r + gamma * max_a' Q_target(s', a') computed with the frozen target weights (data.py)."""
    q_values = model(batch["obs"]).float()
    taken = q_values.gather(1, batch["actions"][:, None]).squeeze(1)
    return F.smooth_l1_loss(taken, batch["targets"])
