def add_arguments(parser) -> None:
    parser.add_argument(
        "--scene", type=int, default=0, help=f"synthetic scene to render as input, 0 to {SCENES - 1}"
    )


def infer(model: nn.Module, config, args) -> dict:
    """Run one synthetic sample through the model and summarise every output: its shape,
    statistics and error against the scene's clean rendering (predicted ids for text)."""
    generator = torch.Generator().manual_seed(args.seed)
    scene = args.scene % SCENES
    inputs = {
        m: corrupt(config, m, render(config, m, scene, False), generator).unsqueeze(0) for m in config.inputs
    }
    device = next(model.parameters()).device
    with torch.no_grad():
        outputs = model(**{m: value.to(device) for m, value in inputs.items()})
    summary = {}
    for modality, value in outputs.items():
        value = value.float().cpu()
        target = render(config, modality, scene, True)
        entry = {"shape": list(value.shape)}
        if modality == "text":
            predicted = value[0].argmax(-1)
            entry["predicted_ids"] = predicted.tolist()
            entry["accuracy"] = float((predicted == target).float().mean())
        else:
            entry["mean"] = float(value.mean())
            entry["std"] = float(value.std())
            entry["mse"] = float(F.mse_loss(value[0], target))
        summary[modality] = entry
    return {"scene": scene, "inputs": {m: list(v.shape) for m, v in inputs.items()}, "outputs": summary}
