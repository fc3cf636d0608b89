"""Check infer.py's served weights on a run whose spec names constraints.quantization.

Usage: check_served_weights.py RUN_DIR

Builds the tiny model, applies infer.py's served_model with its default format (the spec's)
and reports: the default, how many nn.Linear layers the float model has and how many the
served model still has, how many dynamically quantized int8 Linear layers replaced them,
the output shapes and the largest difference between the float and served outputs on the
example batch (Linear weights redrawn at random first, as heads may start at zero). Prints the report as JSON on the last line.
"""

from __future__ import annotations

import json
import pathlib
import sys


def main() -> int:
    run = pathlib.Path(sys.argv[1])
    code = run / "code"
    sys.path.insert(0, str(code))
    import torch
    from torch import nn

    torch.manual_seed(0)
    import data
    import infer
    import model as model_module

    config = model_module.ModelConfig.tiny()
    float_model = model_module.MetaGenModel(config)
    float_model.eval()
    # Heads may start at zero; random Linear weights make the outputs worth comparing.
    with torch.no_grad():
        for module in float_model.modules():
            if type(module) is nn.Linear:
                nn.init.normal_(module.weight, std=0.2)
    batch = data.example_batch(config)
    with torch.no_grad():
        expected = float_model(**batch)
    plain_linears = sum(type(m) is nn.Linear for m in float_model.modules())
    served = infer.served_model(float_model, infer.SERVED_WEIGHTS, torch.device("cpu"))
    dynamic = torch.ao.nn.quantized.dynamic.Linear
    with torch.no_grad():
        got = served(**batch)
    report = {
        "default": infer.SERVED_WEIGHTS,
        "float_linear_layers": plain_linears,
        "served_float_linear_layers": sum(type(m) is nn.Linear for m in served.modules()),
        "served_int8_linear_layers": sum(isinstance(m, dynamic) for m in served.modules()),
        "shapes_agree": tuple(got.shape) == tuple(expected.shape),
        "max_abs_difference": float((got - expected).abs().max()),
        "output_scale": float(expected.abs().max()),
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
