def output_losses(outputs: dict, batch: dict) -> dict:
    """Per output: cross-entropy for text logits, mean squared error for everything else."""
    losses = {}
    for modality, prediction in outputs.items():
        target = batch[f"target_{modality}"]
        if modality == "text":
            losses[modality] = F.cross_entropy(
                prediction.reshape(-1, prediction.shape[-1]).float(), target.reshape(-1)
            )
        else:
            losses[modality] = F.mse_loss(prediction.float(), target.float())
    return losses


def compute_loss(model: nn.Module, batch: dict) -> torch.Tensor:
    """The sum of the per-output losses."""
    inputs = {key: value for key, value in batch.items() if not key.startswith("target_")}
    return sum(output_losses(model(**inputs), batch).values())
