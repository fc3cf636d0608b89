"""Parse each run's docs/model_card.md with huggingface_hub and print, per run, the metadata
fields and the eval results converted from its model-index, as one JSON line.

Usage: check_model_card.py RUN_DIR [RUN_DIR ...]
"""

from __future__ import annotations

import json
import pathlib
import sys

from huggingface_hub import ModelCard


def main() -> int:
    for run in sys.argv[1:]:
        path = pathlib.Path(run) / "docs" / "model_card.md"
        card = ModelCard.load(path)
        data = card.data
        has_model_index = "model-index" in card.content.split("\n---\n", 1)[0]
        results = [
            {
                "task_type": r.task_type,
                "dataset_name": r.dataset_name,
                "dataset_type": r.dataset_type,
                "metric_type": r.metric_type,
                "metric_name": r.metric_name,
                "metric_value": r.metric_value,
                "verified": r.verified,
            }
            for r in (data.eval_results or [])
        ]
        print(
            json.dumps(
                {
                    "run": pathlib.Path(run).name,
                    "model_name": data.model_name,
                    "license": data.license,
                    "license_link": data.license_link if hasattr(data, "license_link") else None,
                    "has_model_index": has_model_index,
                    "library_name": data.library_name,
                    "pipeline_tag": data.pipeline_tag,
                    "tags": data.tags,
                    "datasets": data.datasets,
                    "eval_results": results,
                    "text_headings": [line for line in card.text.splitlines() if line.startswith("#")],
                }
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
