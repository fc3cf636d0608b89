"""Check the T5 span corruption of a run's generated data.py.

Usage: check_span_corruption.py RUN_DIR

For texts of several lengths and seeds: byte-tokenizes the text, corrupts it with
data.corrupt_spans, then rebuilds it by replacing each sentinel of the source with the
tokens that follow the same sentinel in the target. Reports whether every rebuilt text is
the original, the share of tokens hidden, whether the padded training pairs (corrupted_pairs)
hold the same source and target, and the span-corruption switch of data.py. Prints the
report as JSON on the last line.
"""

from __future__ import annotations

import json
import pathlib
import sys


def rebuild(source: list, target: list, sentinels: set) -> list:
    spans, current = {}, None
    for token in target:
        if token in sentinels:
            current = token
            spans[current] = []
        else:
            spans[current].append(token)
    out = []
    for token in source:
        out.extend(spans[token] if token in sentinels else [token])
    return out


def main() -> int:
    run = pathlib.Path(sys.argv[1])
    sys.path.insert(0, str(run / "code"))
    import data
    import model as model_module
    import torch

    config = model_module.ModelConfig.tiny()
    sentinels = {data.sentinel(config, k) for k in range(data.SENTINEL_COUNT)}
    text = "Span corruption hides a few short spans; the target lists them behind sentinels. " * 3
    rebuilt_all, hidden, total, checked = True, 0, 0, 0
    for length in (2, 5, 17, 32, 100, 240):
        for seed in range(5):
            row = data.encode_text(text, config.vocab_size)[:length]
            generator = torch.Generator().manual_seed(seed)
            source, target = data.corrupt_spans(config, row, generator)
            back = bytes(i - data.BYTE_OFFSET for i in rebuild(source, target, sentinels))
            rebuilt_all &= back == text.encode("utf-8")[:length]
            hidden += len(row) - sum(1 for t in source if t not in sentinels)
            total += len(row)
            checked += 1
    windows = data.synthetic_windows(config, 4, sum(data.window_lengths(config)), torch.Generator().manual_seed(3))
    pairs = data.corrupted_pairs(config, windows, torch.Generator().manual_seed(9))
    source_length, _ = data.window_lengths(config)
    batch_rebuilt = True
    for i, row in enumerate(windows[:, :source_length].tolist()):
        source = [t for t in pairs["input_ids"][i].tolist() if t != data.PAD_ID]
        target = [t for t in pairs["labels"][i].tolist() if t != -100]
        batch_rebuilt &= rebuild(source, target, sentinels) == row
    report = {
        "span_corruption": data.SPAN_CORRUPTION,
        "texts_checked": checked,
        "every_text_rebuilt": rebuilt_all,
        "hidden_share": hidden / total,
        "batch_rows_rebuilt": batch_rebuilt,
        "decoder_input_is_shifted_labels": bool(
            (pairs["decoder_input_ids"][:, 1:] == pairs["labels"][:, :-1].clamp_min(data.PAD_ID)).all()
        ),
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
