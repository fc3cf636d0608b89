def evaluate(model: nn.Module, config, batches: list) -> dict:
    """Per-output MSE (mse_<modality>) and their mean (mse); token accuracy for text outputs."""
    sums = {}
    with torch.no_grad():
        for batch in batches:
            inputs = {key: value for key, value in batch.items() if not key.startswith("target_")}
            outputs = model(**inputs)
            for modality, value in output_losses(outputs, batch).items():
                key = f"loss_{modality}" if modality == "text" else f"mse_{modality}"
                sums[key] = sums.get(key, 0.0) + float(value)
            if "text" in outputs:
                correct = (outputs["text"].argmax(-1) == batch["target_text"]).float().mean()
                sums["accuracy"] = sums.get("accuracy", 0.0) + float(correct)
    result = {key: value / max(1, len(batches)) for key, value in sums.items()}
    errors = [value for key, value in result.items() if key.startswith("mse_")]
    if errors:
        result["mse"] = sum(errors) / len(errors)
    result["loss"] = sum(value for key, value in result.items() if key.startswith(("mse_", "loss_")))
    return result
