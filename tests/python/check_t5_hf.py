"""Compare a generated T5 release with transformers' T5ForConditionalGeneration; print one JSON
report.

Usage: check_t5_hf.py RUN_DIR

1. Parameter count: T5ForConditionalGeneration built on the meta device from a T5Config with
   the generated ModelConfig's full-size sizes (T5 v1.1 settings: gated GELU, untied head)
   against our MetaGenModel and the blueprint's total_params, to the parameter.
2. Logits: on the tiny config, a randomly initialised T5ForConditionalGeneration's weights are
   copied into our model through the state-dict mapping below, and both run the same source
   and decoder inputs; the largest absolute logit difference is reported.
"""

from __future__ import annotations

import json
import pathlib
import re
import sys

import torch
from check_hf_config import unique_count
from transformers import T5Config, T5ForConditionalGeneration

# transformers name -> ours, for the parts inside one block (layer.N of T5Block).
BLOCK_PARTS = {
    "layer.0.SelfAttention.q": "self_attn.q_proj",
    "layer.0.SelfAttention.k": "self_attn.k_proj",
    "layer.0.SelfAttention.v": "self_attn.v_proj",
    "layer.0.SelfAttention.o": "self_attn.o_proj",
    "layer.0.SelfAttention.relative_attention_bias": "self_attn.relative_attention_bias",
    "layer.0.layer_norm": "input_layernorm",
}
ENCODER_FF = {
    "layer.1.DenseReluDense.wi_0": "mlp.gate_proj",
    "layer.1.DenseReluDense.wi_1": "mlp.up_proj",
    "layer.1.DenseReluDense.wo": "mlp.down_proj",
    "layer.1.layer_norm": "post_attention_layernorm",
}
DECODER_PARTS = {
    "layer.1.EncDecAttention.q": "cross_attn.q_proj",
    "layer.1.EncDecAttention.k": "cross_attn.k_proj",
    "layer.1.EncDecAttention.v": "cross_attn.v_proj",
    "layer.1.EncDecAttention.o": "cross_attn.o_proj",
    "layer.1.layer_norm": "norm_cross",
    "layer.2.DenseReluDense.wi_0": "mlp.gate_proj",
    "layer.2.DenseReluDense.wi_1": "mlp.up_proj",
    "layer.2.DenseReluDense.wo": "mlp.down_proj",
    "layer.2.layer_norm": "post_attention_layernorm",
}
BLOCK = re.compile(r"^(encoder|decoder)\.block\.(\d+)\.(.+)\.(weight)$")


def our_name(theirs: str) -> str | None:
    """Our parameter name for a transformers one; None for the stacks' embed_tokens, which
    are the shared embedding itself."""
    if theirs.endswith("embed_tokens.weight"):
        return None
    if theirs in ("shared.weight", "lm_head.weight"):
        return theirs
    match = re.match(r"^(encoder|decoder)\.final_layer_norm\.weight$", theirs)
    if match:
        return theirs
    match = BLOCK.match(theirs)
    if not match:
        raise KeyError(theirs)
    stack, index, part, leaf = match.groups()
    parts = dict(BLOCK_PARTS)
    parts.update(DECODER_PARTS if stack == "decoder" else ENCODER_FF)
    return f"{stack}.layers.{index}.{parts[part]}.{leaf}"


def hf_config(config) -> T5Config:
    return T5Config(
        vocab_size=config.vocab_size,
        d_model=config.d_model,
        d_kv=config.d_kv,
        d_ff=config.d_ff,
        num_layers=config.num_layers,
        num_decoder_layers=config.num_decoder_layers,
        num_heads=config.num_heads,
        relative_attention_num_buckets=config.relative_attention_num_buckets,
        relative_attention_max_distance=config.relative_attention_max_distance,
        layer_norm_epsilon=config.layer_norm_epsilon,
        feed_forward_proj="gated-gelu",
        tie_word_embeddings=False,
        dropout_rate=0.0,
        decoder_start_token_id=config.decoder_start_token_id,
        pad_token_id=config.pad_token_id,
        eos_token_id=config.eos_token_id,
    )


def build(config, lm_head_seed: int | None = None):
    """T5ForConditionalGeneration with T5 v1.1's untied output projection. transformers 5
    reads `tie_word_embeddings=False` only as "do not rescale the decoder output" (v1.1) and
    ties lm_head to the shared embedding regardless, while the v1.1 checkpoints carry their own
    lm_head; so lm_head gets its own Parameter here (random when a seed is given)."""
    model = T5ForConditionalGeneration(hf_config(config))
    assert not model.config.scale_decoder_outputs
    weight = torch.empty_like(model.shared.weight)
    if lm_head_seed is not None:
        weight.normal_(
            0.0,
            config.d_model**-0.5,
            generator=torch.Generator().manual_seed(lm_head_seed),
        )
    model.lm_head.weight = torch.nn.Parameter(weight)
    assert model.encoder.embed_tokens.weight is model.shared.weight
    return model


def main() -> int:
    run = pathlib.Path(sys.argv[1]).resolve()
    sys.path.insert(0, str(run / "code"))
    import data
    import model as model_module

    estimate = json.loads((run / "blueprint" / "params_estimate.json").read_text())
    report = {"run": run.name, "blueprint_params": estimate["total_params"]}

    full = model_module.ModelConfig()
    with torch.device("meta"):
        ours = model_module.MetaGenModel(full)
        theirs = build(full)
    report["ours_params"] = unique_count(ours)
    report["transformers_params"] = unique_count(theirs)
    del ours, theirs

    tiny = model_module.ModelConfig.tiny()
    torch.manual_seed(0)
    theirs = build(tiny, lm_head_seed=1).eval()
    ours = model_module.MetaGenModel(tiny).eval()
    mapped = {}
    for name, tensor in theirs.state_dict().items():
        target = our_name(name)
        if target is not None:
            mapped[target] = tensor
    ours.load_state_dict(mapped, strict=True)
    report["head_untied"] = not torch.equal(ours.lm_head.weight, ours.shared.weight)
    report["mapped_tensors"] = len(mapped)
    report["our_tensors"] = len(ours.state_dict())
    batch = data.example_batch(tiny)
    with torch.no_grad():
        our_logits = ours(batch["input_ids"], batch["decoder_input_ids"])
        their_logits = theirs(
            input_ids=batch["input_ids"], decoder_input_ids=batch["decoder_input_ids"]
        ).logits
    report["logits_shape"] = list(our_logits.shape)
    report["max_abs_logit_diff"] = float((our_logits - their_logits).abs().max())
    report["logit_scale"] = float(their_logits.abs().max())
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
