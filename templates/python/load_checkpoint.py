def load_trained_model(checkpoint: str, device, use_ema: bool = True):
    """Rebuild the model from what train.py wrote: checkpoint.pt (single process or DDP) or the
    distributed checkpoint folder checkpoint/ (FSDP). Uses the EMA weights when the run kept
    them, unless use_ema is False. Returns the model in eval mode, its configuration and the
    trainer state."""
    path = pathlib.Path(checkpoint)
    if path.is_dir():
        import torch.distributed.checkpoint as dcp

        state = torch.load(path / "trainer.pt", map_location="cpu", weights_only=False)
        config = ModelConfig(**state["config"])
        model = MetaGenModel(config)
        loaded = {"model": model.state_dict()}
        dcp.load(loaded, checkpoint_id=str(path))
        model.load_state_dict(loaded["model"])
    else:
        state = torch.load(path, map_location="cpu", weights_only=False)
        config = ModelConfig(**state["config"])
        model = MetaGenModel(config)
        weights = state["ema"] if use_ema and state.get("ema") is not None else state["model"]
        model.load_state_dict(weights)
    config.training_sequence_length = state.get("training_sequence_length")
    return model.to(device).eval(), config, state
