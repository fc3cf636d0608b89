def add_weights_argument(parser) -> None:
    parser.add_argument("--weights", choices=["float", "int8"], default=SERVED_WEIGHTS, help=WEIGHTS_HELP)


def served_model(model, weights: str, device):
    """The model as served: with weights int8, its Linear layers run PyTorch's dynamic int8
    quantization (torch.ao.quantization.quantize_dynamic: int8 weights, activations quantized
    per batch, CPU only); other layers keep their float weights."""
    if weights != "int8":
        return model
    if device.type != "cpu":
        raise SystemExit("error: --weights int8 uses PyTorch's dynamic quantization, which runs on the CPU; pass --device cpu or --weights float")
    return torch.ao.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)
