def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=f"Run {MODEL_NAME!r} on one input.")
    parser.add_argument("--checkpoint", type=str, default="runs/train/checkpoint.pt", help="checkpoint.pt or a checkpoint/ folder")
    parser.add_argument("--device", choices=["cpu", "cuda", "mps"], default="cpu")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-ema", action="store_true", help="use the trained weights, not their moving average")
    parser.add_argument("--out", type=str, default=None, help="also write the result as JSON here")
    add_arguments(parser)
    args = parser.parse_args(argv)
    device = torch.device(args.device)
    torch.manual_seed(args.seed)
    model, config, _ = load_trained_model(args.checkpoint, device, use_ema=not args.no_ema)
    result = infer(model, config, args)
    text = json.dumps(result, indent=2)
    if args.out:
        pathlib.Path(args.out).write_text(text + "\n")
    print(text)
    return result


if __name__ == "__main__":
    main()
