def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=f"Train {MODEL_NAME!r}.")
    parser.add_argument("--steps", type=int, default=None, help="optimizer steps (default: the recipe)")
    parser.add_argument("--epochs", type=int, default=None, help="passes over the data; sets --steps from its size")
    parser.add_argument("--batch-size", type=int, default=None, help="per-process batch size")
    parser.add_argument("--lr", type=float, default=None, help="peak learning rate (default: the recipe)")
    parser.add_argument("--tiny", action="store_true", help="train ModelConfig.tiny() instead of the full model")
    parser.add_argument("--data", type=str, default=None, help="local data file or folder (default: synthetic data)")
    parser.add_argument("--out", type=str, default="runs/train", help="folder for checkpoint.pt and metrics.json")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda", "mps"], default="auto")
    parser.add_argument("--seed", type=int, default=RECIPE["seed"])
    parser.add_argument("--resume", action="store_true", help="continue from OUT/checkpoint.pt")
    parser.add_argument("--fsdp", action="store_true", help="shard with FSDP instead of DDP when distributed")
    parser.add_argument("--log-every", type=int, default=10)
    return parser.parse_args(argv)


def pick_device(choice: str, local_rank: int) -> torch.device:
    if choice == "auto":
        if torch.cuda.is_available():
            choice = "cuda"
        elif getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            choice = "mps"
        else:
            choice = "cpu"
    if choice == "cuda":
        return torch.device("cuda", local_rank)
    return torch.device(choice)


def setup_distributed(device: torch.device):
    """Join the process group when launched by torchrun (WORLD_SIZE > 1)."""
    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    if world_size <= 1:
        return 0, 1
    backend = "nccl" if device.type == "cuda" else "gloo"
    dist.init_process_group(backend=backend)
    return dist.get_rank(), world_size


def wrap_model(model: nn.Module, device: torch.device, world_size: int, use_fsdp: bool) -> nn.Module:
    if world_size <= 1:
        return model
    if use_fsdp:
        from torch.distributed.fsdp import FullyShardedDataParallel

        return FullyShardedDataParallel(model, device_id=device if device.type == "cuda" else None)
    from torch.nn.parallel import DistributedDataParallel

    if device.type == "cuda":
        return DistributedDataParallel(model, device_ids=[device.index])
    return DistributedDataParallel(model)


def parameter_groups(model: nn.Module, weight_decay: float):
    """Decay matrices and convolution kernels; leave norms, biases and embeddings of size 1 alone."""
    decay, no_decay = [], []
    for _, parameter in model.named_parameters():
        if not parameter.requires_grad:
            continue
        (decay if parameter.dim() >= 2 else no_decay).append(parameter)
    return [
        {"params": decay, "weight_decay": weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
    ]


def warmup_cosine(step: int, warmup: int, total: int, min_ratio: float = 0.1) -> float:
    """Linear warm-up to 1, then cosine decay to min_ratio at the last step."""
    if warmup > 0 and step < warmup:
        return (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    progress = min(max(progress, 0.0), 1.0)
    return min_ratio + (1.0 - min_ratio) * 0.5 * (1.0 + math.cos(math.pi * progress))


def unwrap(model: nn.Module) -> nn.Module:
    return model.module if hasattr(model, "module") else model


def state_dict_for_saving(model: nn.Module, world_size: int, use_fsdp: bool):
    if world_size > 1 and use_fsdp:
        from torch.distributed.fsdp import (
            FullStateDictConfig,
            FullyShardedDataParallel,
            StateDictType,
        )

        policy = FullStateDictConfig(offload_to_cpu=True, rank0_only=True)
        with FullyShardedDataParallel.state_dict_type(model, StateDictType.FULL_STATE_DICT, policy):
            return model.state_dict()
    return unwrap(model).state_dict()


def main(argv=None) -> dict:
    args = parse_args(argv)
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    device = pick_device(args.device, local_rank)
    rank, world_size = setup_distributed(device)
    torch.manual_seed(args.seed + rank)
    random.seed(args.seed + rank)

    config = ModelConfig.tiny() if args.tiny else ModelConfig()
    batch_size = args.batch_size or (RECIPE["tiny_batch_size"] if args.tiny else RECIPE["batch_size"])
    lr = args.lr if args.lr is not None else (RECIPE["tiny_learning_rate"] if args.tiny else RECIPE["learning_rate"])
    steps = args.steps
    if steps is None and args.epochs is not None:
        steps = args.epochs * max(1, steps_per_epoch(config, batch_size * world_size, args.data))
    if steps is None:
        steps = RECIPE["tiny_steps"] if args.tiny else RECIPE["max_steps"]
    warmup = min(RECIPE["warmup_steps"], max(1, steps // 10))

    model = MetaGenModel(config).to(device)
    model = wrap_model(model, device, world_size, args.fsdp)
    optimizer = torch.optim.AdamW(
        parameter_groups(model, RECIPE["weight_decay"]),
        lr=lr,
        betas=tuple(RECIPE["betas"]),
        eps=1e-8,
    )
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: warmup_cosine(s, warmup, steps))

    out = pathlib.Path(args.out)
    checkpoint_path = out / "checkpoint.pt"
    start_step, losses = 0, []
    if args.resume and checkpoint_path.exists():
        checkpoint = torch.load(checkpoint_path, map_location=device, weights_only=False)
        unwrap(model).load_state_dict(checkpoint["model"])
        if not args.fsdp:
            optimizer.load_state_dict(checkpoint["optimizer"])
        schedule.load_state_dict(checkpoint["schedule"])
        start_step, losses = checkpoint["step"], checkpoint["losses"]

    use_bf16 = device.type == "cuda" and RECIPE["precision"] == "bf16"
    batches = training_batches(config, unwrap(model), batch_size, args.data, args.seed, rank, world_size, device)
    model.train()
    for step in range(start_step, steps):
        batch = next(batches)
        with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=use_bf16):
            loss = compute_loss(model, batch)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), RECIPE["grad_clip"])
        optimizer.step()
        schedule.step()
        value = float(loss.detach())
        if world_size > 1:
            reduced = torch.tensor([value], device=device)
            dist.all_reduce(reduced)
            value = float(reduced) / world_size
        losses.append(value)
        if rank == 0 and (step % args.log_every == 0 or step == steps - 1):
            print(f"step {step + 1}/{steps}  loss {value:.4f}  lr {schedule.get_last_lr()[0]:.2e}", flush=True)

    state = state_dict_for_saving(model, world_size, args.fsdp)
    result = {
        "model": MODEL_NAME,
        "tiny": args.tiny,
        "steps": steps,
        "batch_size": batch_size,
        "world_size": world_size,
        "learning_rate": lr,
        "losses": losses,
        "first_loss": losses[0] if losses else None,
        "last_loss": losses[-1] if losses else None,
    }
    if rank == 0:
        out.mkdir(parents=True, exist_ok=True)
        torch.save(
            {
                "model": state,
                "optimizer": optimizer.state_dict() if not args.fsdp else None,
                "schedule": schedule.state_dict(),
                "step": steps,
                "losses": losses,
                "config": asdict(config),
                "tiny": args.tiny,
            },
            checkpoint_path,
        )
        (out / "metrics.json").write_text(json.dumps(result, indent=2) + "\n")
        print(f"saved {checkpoint_path}")
    if world_size > 1:
        dist.barrier()
        # Free the DDP/FSDP wrapper and its communication state while the
        # process group still exists; freeing it afterwards can abort gloo.
        del model, optimizer, schedule, batches
        dist.destroy_process_group()
    return result


if __name__ == "__main__":
    main()
