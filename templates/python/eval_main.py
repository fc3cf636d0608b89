def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=f"Evaluate {MODEL_NAME!r} on held-out data.")
    parser.add_argument("--checkpoint", type=str, default="runs/train/checkpoint.pt", help="checkpoint.pt or a checkpoint/ folder")
    parser.add_argument("--data", type=str, default=None, help="the data train.py read; its held-out split is used (default: synthetic)")
    parser.add_argument("--batches", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--seq-len", type=int, default=None, help="sequence length (default: the training run's)")
    parser.add_argument("--no-ema", action="store_true", help="evaluate the trained weights, not their moving average")
    parser.add_argument("--device", choices=["cpu", "cuda", "mps"], default="cpu")
    parser.add_argument("--seed", type=int, default=None, help="default: the training run's seed")
    parser.add_argument("--out", type=str, default=None, help="where to write eval.json (default: beside the checkpoint)")
    args = parser.parse_args(argv)
    device = torch.device(args.device)
    model, config, state = load_trained_model(args.checkpoint, device, use_ema=not args.no_ema)
    if args.seq_len:
        config.training_sequence_length = args.seq_len
    seed = args.seed if args.seed is not None else state.get("seed", 0)
    torch.manual_seed(seed)
    batches = evaluation_batches(config, args.batch_size, args.data, seed, args.batches, device)
    computed = evaluate(model, config, batches)
    requested = {}
    for metric in REQUESTED_METRICS:
        key = metric.lower()
        requested[metric] = computed.get(key, computed.get(METRIC_ALIASES.get(key, key)))
    result = {
        "model": MODEL_NAME,
        "checkpoint": str(args.checkpoint),
        "val_loss": computed.get("loss"),
        **{key: value for key, value in computed.items() if key != "loss"},
        "metrics": computed,
        "requested_metrics": requested,
        "not_computed": sorted(m for m, v in requested.items() if v is None),
    }
    # Beside checkpoint.pt, or beside the checkpoint/ folder: in the run folder either way.
    out = pathlib.Path(args.out) if args.out else pathlib.Path(args.checkpoint).parent / "eval.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(computed, indent=2))
    return result


if __name__ == "__main__":
    main()
