def empty_prompt_like(conditioning: torch.Tensor) -> torch.Tensor:
    """The empty prompt in data.py's encode_prompt layout (start id, end id, zero padding), one row
    per row of conditioning: the start id is every prompt's first token and the end id the next
    one up."""
    empty = torch.zeros_like(conditioning)
    empty[:, 0] = conditioning[:, 0]
    empty[:, 1] = conditioning[:, 0] + 1
    return empty


def drop_prompts(conditioning: torch.Tensor, probability: float) -> torch.Tensor:
    """Classifier-free guidance training (Ho and Salimans, 2022): each sample's prompt is replaced
    by the empty prompt with the given probability, so one network learns both the conditional
    and the unconditional noise estimate."""
    if probability <= 0:
        return conditioning
    drop = torch.rand(conditioning.shape[0], device=conditioning.device) < probability
    return torch.where(drop[:, None], empty_prompt_like(conditioning), conditioning)


def guided_prediction(model: nn.Module, x: torch.Tensor, timesteps: torch.Tensor, conditioning, scale: float) -> torch.Tensor:
    """The denoiser's output under classifier-free guidance, unconditional + scale x (conditional -
    unconditional), both halves in one batch. Scale 1, or a model without a prompt, is the plain
    conditional output at half the cost; every other scale doubles each step's work."""
    if scale == 1.0 or conditioning is None or conditioning.dim() != 2:
        return model(x, timesteps, conditioning)
    prompts = torch.cat([conditioning, empty_prompt_like(conditioning)])
    output = model(torch.cat([x, x]), torch.cat([timesteps, timesteps]), prompts)
    conditional, unconditional = output.chunk(2)
    return unconditional + scale * (conditional - unconditional)
