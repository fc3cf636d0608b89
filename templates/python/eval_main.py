def load_model(checkpoint_path: str, device: torch.device):
    """Rebuild the model from a checkpoint written by train.py."""
    checkpoint = torch.load(checkpoint_path, map_location=device, weights_only=False)
    config = ModelConfig(**checkpoint["config"])
    model = MetaGenModel(config).to(device)
    model.load_state_dict(checkpoint["model"])
    model.eval()
    return model, config


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=f"Evaluate {MODEL_NAME!r} on held-out data.")
    parser.add_argument("--checkpoint", type=str, default="runs/train/checkpoint.pt")
    parser.add_argument("--data", type=str, default=None, help="local data (default: synthetic held-out data)")
    parser.add_argument("--batches", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--device", choices=["cpu", "cuda", "mps"], default="cpu")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=str, default=None, help="where to write eval.json (default: beside the checkpoint)")
    args = parser.parse_args(argv)
    device = torch.device(args.device)
    torch.manual_seed(args.seed)
    model, config = load_model(args.checkpoint, device)
    batches = evaluation_batches(config, args.batch_size, args.data, args.seed, args.batches, device)
    computed = evaluate(model, config, batches)
    requested = {}
    for metric in REQUESTED_METRICS:
        key = metric.lower()
        requested[metric] = computed.get(key, computed.get(METRIC_ALIASES.get(key, key)))
    result = {
        "model": MODEL_NAME,
        "checkpoint": str(args.checkpoint),
        "metrics": computed,
        "requested_metrics": requested,
        "not_computed": sorted(m for m, v in requested.items() if v is None),
    }
    out = pathlib.Path(args.out) if args.out else pathlib.Path(args.checkpoint).with_name("eval.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(computed, indent=2))
    return result


if __name__ == "__main__":
    main()
