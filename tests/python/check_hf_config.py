"""Build each run's code/config.json with transformers on the meta device and compare parameter
counts with the blueprint; print one JSON report per run.

Usage: check_hf_config.py RUN_DIR [RUN_DIR ...]

For each run the report gives the transformers class built from config.json, its parameter
count (tied weights once), the blueprint's total_params, how the two relate, and a
per-component comparison. A run without code/config.json reports "config": null.

How the counts relate:
- decoder_llama: LlamaForCausalLM, exact (lm_head tied to embed_tokens when the blueprint ties them).
- vit: ViTForImageClassification, exact (it has no pooler; patch projection, class token and
  positions are ViTEmbeddings).
- encoder_bert with a Classifier, Regressor or CrossEncoder head: BertForSequenceClassification,
  exact. Its bert part is BertModel with the pooler (our embeddings, encoder and pooler) and its
  classifier is Linear(hidden, num_labels) on the pooled output (our classifier / regressor).
- encoder_bert with an Embedding head: BertModel without the pooler, plus our projection
  Linear(hidden, dim), which transformers has no class for:
  ours = count(BertModel(add_pooling_layer=False)) + hidden * dim + dim.
"""

from __future__ import annotations

import json
import pathlib
import sys

import torch
import yaml
from transformers import AutoConfig


def unique_count(module) -> int:
    """Parameters counted once each, even when tied."""
    seen, total = set(), 0
    for parameter in module.parameters():
        if id(parameter) not in seen:
            seen.add(id(parameter))
            total += parameter.numel()
    return total


def build(config):
    """The transformers model for a config, on the meta device (no memory, no weights)."""
    import transformers

    architecture = config.architectures[0]
    model_class = getattr(transformers, architecture)
    with torch.device("meta"):
        if architecture == "BertModel":
            return model_class(config, add_pooling_layer=False)
        return model_class(config)


def component_counts(variant: str, model, hyperparameters: dict) -> dict:
    """The transformers model's counts grouped as the blueprint's by_component."""
    if variant == "decoder_llama":
        tied = model.config.tie_word_embeddings
        return {
            "embed_tokens": unique_count(model.model.embed_tokens),
            "layers": unique_count(model.model.layers),
            "norm": unique_count(model.model.norm),
            "lm_head": 0 if tied else unique_count(model.lm_head),
        }
    if variant == "vit":
        embeddings, final_norm = model.vit.embeddings, model.vit.layernorm
        # The blocks are whatever else ViTModel holds (transformers 5 renamed `encoder`).
        blocks = unique_count(model.vit) - unique_count(embeddings) - unique_count(final_norm)
        return {
            "conv_proj": unique_count(embeddings.patch_embeddings),
            "class_token": embeddings.cls_token.numel(),
            "pos_embedding": embeddings.position_embeddings.numel(),
            "encoder": blocks,
            "ln": unique_count(final_norm),
            "head": unique_count(model.classifier),
        }
    if variant == "encoder_bert":
        bert = getattr(model, "bert", model)
        counts = {"embeddings": unique_count(bert.embeddings), "encoder": unique_count(bert.encoder)}
        if bert.pooler is not None:
            counts["pooler"] = unique_count(bert.pooler)
        head = hyperparameters["head"]
        kind = head if isinstance(head, str) else next(iter(head))
        if kind == "Embedding":
            dim = head["Embedding"]["dim"]
            counts["projection"] = hyperparameters["hidden_size"] * dim + dim
        else:
            counts["regressor" if kind == "Regressor" else "classifier"] = unique_count(model.classifier)
        return counts
    return {}


def check(run: pathlib.Path) -> dict:
    report = {"run": run.name}
    config_path = run / "code" / "config.json"
    if not config_path.is_file():
        report["config"] = None
        return report
    raw = json.loads(config_path.read_text())
    architecture = yaml.safe_load((run / "blueprint" / "architecture.yaml").read_text())
    estimate = json.loads((run / "blueprint" / "params_estimate.json").read_text())
    variant = architecture["variant"]
    config = AutoConfig.for_model(**raw)
    model = build(config)
    transformers_total = unique_count(model)
    components = component_counts(variant, model, architecture["hyperparameters"])
    ours = estimate["total_params"]
    report.update(
        {
            "variant": variant,
            "config": str(config_path),
            "transformers_class": config.architectures[0],
            "transformers_params": transformers_total,
            "blueprint_params": ours,
            "by_component": components,
            "expected_by_component": estimate["by_component"],
            "components_match": components == estimate["by_component"],
        }
    )
    extra = sum(components.values()) - transformers_total
    if extra:
        # Only the embedding projection lies outside the transformers class.
        report["outside_transformers"] = {"projection": extra}
        report["relation"] = "blueprint = transformers + projection (hidden * dim + dim)"
    else:
        report["relation"] = "exact"
    report["match"] = ours == transformers_total + extra and report["components_match"]
    return report


def main() -> int:
    failed = False
    for run in sys.argv[1:]:
        report = check(pathlib.Path(run).resolve())
        failed |= report.get("config") is not None and not report["match"]
        print(json.dumps(report))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
