"""Classifier-free guidance in a generated text-conditioned diffusion run.

    python check_guidance.py RUN_DIR

Prints one JSON report: the recipe's CONDITION_DROPOUT, whether drop_prompts empties prompts
at that rate, whether compute_loss applies it while training, and whether guided_prediction
is unconditional + scale x (conditional - unconditional).
"""

import json
import pathlib
import sys

import torch


def main() -> int:
    run = pathlib.Path(sys.argv[1]).resolve()
    sys.path.insert(0, str(run / "code"))
    import data
    import model as m

    torch.manual_seed(0)
    config = m.ModelConfig.tiny()
    net = m.MetaGenModel(config)
    # The zero-initialised output layers would make every prediction 0; perturb every weight
    # so conditional and unconditional outputs differ.
    with torch.no_grad():
        for parameter in net.parameters():
            parameter.add_(torch.randn_like(parameter) * 0.05)
    batch = data.example_batch(config, batch_size=4)
    key = next(k for k in batch if k not in ("timesteps", "conditioning"))
    x, t, cond = batch[key], batch["timesteps"], batch["conditioning"]
    empty = data.encode_prompt("", config.text_encoder_vocab_size, config.text_encoder_context)
    report = {"condition_dropout": m.CONDITION_DROPOUT}
    report["empty_prompt_is_encode_prompt_of_nothing"] = bool((m.empty_prompt_like(cond) == empty).all())
    report["probability_1_empties_every_prompt"] = bool((m.drop_prompts(cond, 1.0) == empty).all())
    report["probability_0_keeps_every_prompt"] = bool((m.drop_prompts(cond, 0.0) == cond).all())
    many = cond[:1].expand(20000, -1).clone()
    torch.manual_seed(1)
    report["dropped_share_at_recipe_rate"] = float((m.drop_prompts(many, m.CONDITION_DROPOUT) == empty).all(dim=1).float().mean())

    # compute_loss drops prompts while training: at rate 1 it equals the loss on empty prompts
    # (same seed), at rate 0 it does not.
    net.train()
    batch_empty = dict(batch, conditioning=empty.expand_as(cond).clone())
    losses = {}
    for name, rate, inputs in (("all_dropped", 1.0, batch), ("given_empty", 1.0, batch_empty), ("none_dropped", 0.0, batch)):
        m.CONDITION_DROPOUT = rate
        torch.manual_seed(7)
        with torch.no_grad():
            losses[name] = float(m.compute_loss(net, {k: v for k, v in inputs.items() if k != "timesteps"}))
    report["losses"] = losses

    net.eval()
    with torch.no_grad():
        conditional = net(x, t, cond)
        unconditional = net(x, t, empty.expand_as(cond))
        guided = m.guided_prediction(net, x, t, cond, 3.0)
        plain = m.guided_prediction(net, x, t, cond, 1.0)
    report["guidance_formula_max_error"] = float((guided - (unconditional + 3.0 * (conditional - unconditional))).abs().max())
    report["scale_1_max_error"] = float((plain - conditional).abs().max())
    report["conditional_and_unconditional_differ"] = float((conditional - unconditional).abs().max())
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
