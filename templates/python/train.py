def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=f"Train {MODEL_NAME!r}.")
    parser.add_argument("--steps", type=int, default=None, help="optimizer steps (default: the recipe)")
    parser.add_argument("--epochs", type=int, default=None, help="passes over the data; sets --steps from its size")
    parser.add_argument("--batch-size", type=int, default=None, help="global batch in samples (default: the recipe)")
    parser.add_argument(
        "--micro-batch-size",
        type=int,
        default=None,
        help="samples per process per forward pass; gradient accumulation makes up the global batch",
    )
    parser.add_argument("--lr", type=float, default=None, help="peak learning rate (default: the recipe)")
    parser.add_argument("--tiny", action="store_true", help="train ModelConfig.tiny() instead of the full model")
    parser.add_argument("--data", type=str, default=None, help="prepared data folder, or a local file or folder (default: synthetic data)")
    parser.add_argument("--env", dest="data", help="reinforcement learning: the Gymnasium environment id (default: the spec's domain)")
    parser.add_argument(
        "--env-steps",
        type=int,
        default=None,
        help="reinforcement learning: environment steps to train for; sets --steps (default: the recipe's max_steps, counted in environment steps)",
    )
    parser.add_argument("--seq-len", type=int, default=None, help="training sequence length for sequence data (default: RECIPE['seq_len'])")
    parser.add_argument("--out", type=str, default="runs/train", help="run folder: checkpoint, metrics.json, metrics.jsonl")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda", "mps"], default="auto")
    parser.add_argument("--seed", type=int, default=RECIPE["seed"])
    parser.add_argument("--init", type=str, default=None, help="start from this model state dict (torch.save of state_dict())")
    parser.add_argument("--resume", action="store_true", help="continue exactly from OUT/checkpoint.pt or OUT/checkpoint/")
    parser.add_argument("--stop-at", type=int, default=None, help="stop after this step and checkpoint; the schedule still spans --steps")
    parallel = parser.add_mutually_exclusive_group()
    parallel.add_argument("--fsdp", action="store_true", help="shard with FSDP2 (fully_shard per block) when distributed")
    parallel.add_argument("--ddp", action="store_true", help="replicate with DDP when distributed")
    parser.add_argument(
        "--precision",
        choices=["auto", "fp32", "bf16", "fp16"],
        default="auto",
        help="auto: the recipe's precision on accelerators, and on CPU unless --tiny",
    )
    parser.add_argument("--compile", action="store_true", help="compile the model with torch.compile")
    parser.add_argument(
        "--activation-checkpointing",
        action="store_true",
        default=None,
        help="recompute each block's activations in the backward pass (default: the recipe's, off for --tiny)",
    )
    parser.add_argument("--no-ema", action="store_true", help="do not keep the recipe's exponential moving average of the weights")
    parser.add_argument("--log-every", type=int, default=10)
    parser.add_argument("--eval-every", type=int, default=None, help="steps between held-out evaluations (default: 4 per run)")
    parser.add_argument("--eval-batches", type=int, default=4, help="held-out batches per evaluation")
    parser.add_argument("--checkpoint-every", type=int, default=1000, help="steps between checkpoints (0: only at the end)")
    parser.add_argument("--peak-tflops", type=float, default=None, help="peak TFLOP/s of one device, for the MFU log")
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


def pick_precision(choice: str, device: torch.device, tiny: bool) -> str:
    """fp32, bf16 (autocast) or fp16 (autocast with a GradScaler, CUDA only)."""
    if choice == "auto":
        choice = RECIPE["precision"] if (device.type != "cpu" or not tiny) else "fp32"
        choice = choice if choice in ("bf16", "fp16") else "fp32"
    if choice == "fp16" and device.type != "cuda":
        print("fp16 needs CUDA for its GradScaler; training in bf16 instead", flush=True)
        choice = "bf16"
    if choice == "bf16" and device.type == "cuda" and not torch.cuda.is_bf16_supported():
        print("this GPU has no bf16; training in fp16 with a GradScaler", flush=True)
        choice = "fp16"
    return choice


def batch_plan(global_batch: int, micro_batch, world_size: int):
    """Micro-batch per process and accumulation steps that reach the global batch."""
    if micro_batch is None:
        micro_batch = max(1, global_batch // world_size)
    micro_batch = max(1, min(micro_batch, max(1, global_batch // world_size)))
    accumulation = max(1, math.ceil(global_batch / (micro_batch * world_size)))
    return micro_batch, accumulation, micro_batch * accumulation * world_size


def repeated_blocks(model: nn.Module) -> list:
    """The modules held in ModuleLists (transformer layers, residual stages): the units that
    FSDP shards and activation checkpointing recomputes."""
    blocks = []
    for module in model.modules():
        if isinstance(module, nn.ModuleList):
            blocks.extend(child for child in module if any(True for _ in child.parameters()))
    return blocks


def enable_activation_checkpointing(model: nn.Module) -> int:
    from torch.utils.checkpoint import checkpoint

    blocks = repeated_blocks(model)
    for block in blocks:
        forward = block.forward

        def recomputed(*inputs, _forward=forward, **kwargs):
            return checkpoint(_forward, *inputs, use_reentrant=False, **kwargs)

        block.forward = recomputed
    return len(blocks)


class ParametersOnMeta:
    """Builds modules with parameters on the meta device and buffers (rotary tables and the
    like) real, so no rank ever holds the full set of parameters."""

    def __enter__(self):
        self.original = nn.Module.register_parameter

        moved = {}

        def register(module, name, parameter):
            if parameter is not None and not parameter.is_meta:
                # A parameter registered twice (tied embeddings) stays one parameter.
                if id(parameter) not in moved:
                    moved[id(parameter)] = (parameter, nn.Parameter(parameter.to("meta"), requires_grad=parameter.requires_grad))
                parameter = moved[id(parameter)][1]
            self.original(module, name, parameter)

        nn.Module.register_parameter = register
        return self

    def __exit__(self, *exc):
        nn.Module.register_parameter = self.original
        return False


def build_model(config, args, device, rank: int, world_size: int, precision: str):
    """The model (wrapped for DDP or FSDP2 when distributed) and the plain module underneath."""
    use_fsdp = world_size > 1 and args.fsdp
    torch.manual_seed(args.seed)
    if not use_fsdp:
        core = MetaGenModel(config)
        if args.init:
            core.load_state_dict(torch.load(args.init, map_location="cpu", weights_only=True))
        core = core.to(device)
        if args.activation_checkpointing:
            print(f"activation checkpointing on {enable_activation_checkpointing(core)} blocks", flush=True)
        model = torch.compile(core) if args.compile else core
        if world_size > 1:
            from torch.nn.parallel import DistributedDataParallel

            ids = [device.index] if device.type == "cuda" else None
            model = DistributedDataParallel(model, device_ids=ids)
        return model, core

    from torch.distributed.checkpoint.state_dict import (
        StateDictOptions,
        set_model_state_dict,
    )
    from torch.distributed.fsdp import MixedPrecisionPolicy, fully_shard

    full_state = {}
    if rank == 0:
        # Rank 0 alone draws the initial weights (or reads --init), so that every world size
        # starts from the same model; the others receive their shards from it.
        reference = MetaGenModel(config)
        if args.init:
            reference.load_state_dict(torch.load(args.init, map_location="cpu", weights_only=True))
        full_state = reference.state_dict()
        del reference
    with ParametersOnMeta():
        core = MetaGenModel(config)
    buffers = {name: buffer.clone() for name, buffer in core.named_buffers()}
    if args.activation_checkpointing:
        enable_activation_checkpointing(core)
    low = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(precision)
    policy = MixedPrecisionPolicy(param_dtype=low, reduce_dtype=torch.float32)
    for block in repeated_blocks(core):
        fully_shard(block, mp_policy=policy)
    fully_shard(core, mp_policy=policy)
    core.to_empty(device=device)
    with torch.no_grad():
        for name, buffer in core.named_buffers():
            buffer.copy_(buffers[name].to(device))
    options = StateDictOptions(full_state_dict=True, broadcast_from_rank0=True)
    set_model_state_dict(core, full_state, options=options)
    del full_state
    model = torch.compile(core) if args.compile else core
    return model, core


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


class Lion(torch.optim.Optimizer):
    """Lion (Chen et al., 2023), which torch does not ship: the update is the sign of an
    interpolation between the gradient and its moving average, with decoupled weight decay."""

    def __init__(self, params, lr: float, betas=(0.9, 0.99), weight_decay: float = 0.0):
        super().__init__(params, {"lr": lr, "betas": betas, "weight_decay": weight_decay})

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for parameter in group["params"]:
                if parameter.grad is None:
                    continue
                state = self.state[parameter]
                if not state:
                    state["exp_avg"] = torch.zeros_like(parameter)
                average = state["exp_avg"]
                parameter.mul_(1.0 - group["lr"] * group["weight_decay"])
                parameter.add_(torch.sign(average.lerp(parameter.grad, 1.0 - beta1)), alpha=-group["lr"])
                average.lerp_(parameter.grad, 1.0 - beta2)
        return loss


def build_optimizer(name: str, groups: list, lr: float) -> torch.optim.Optimizer:
    """The recipe's optimizer (training.config.optimizer in the spec) over the parameter
    groups, which carry the recipe's weight decay (matrices only). Adam's decay is the
    classic L2 penalty, AdamW's and Lion's are decoupled."""
    betas = tuple(RECIPE["betas"])
    if name == "adamw":
        return torch.optim.AdamW(groups, lr=lr, betas=betas, eps=1e-8)
    if name == "adam":
        return torch.optim.Adam(groups, lr=lr, betas=betas, eps=1e-8)
    if name == "sgd":
        return torch.optim.SGD(groups, lr=lr, momentum=0.9)
    if name == "adafactor":
        return torch.optim.Adafactor(groups, lr=lr)
    if name == "lion":
        return Lion(groups, lr=lr)
    raise SystemExit(f"error: the recipe names the optimizer {name!r}; train.py knows adamw, adam, sgd, adafactor and lion")


def warmup_cosine(step: int, warmup: int, total: int, min_ratio: float = 0.1) -> float:
    """Linear warm-up to 1, then cosine decay to min_ratio at the last step."""
    if warmup > 0 and step < warmup:
        return (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    progress = min(max(progress, 0.0), 1.0)
    return min_ratio + (1.0 - min_ratio) * 0.5 * (1.0 + math.cos(math.pi * progress))


class WeightAverage:
    """Exponential moving average of the weights (the recipe's ema_decay), kept in fp32."""

    def __init__(self, core: nn.Module, decay: float):
        self.decay = decay
        self.shadow = {name: p.detach().float().clone() for name, p in core.named_parameters()}

    @torch.no_grad()
    def update(self, core: nn.Module) -> None:
        for name, parameter in core.named_parameters():
            self.shadow[name].lerp_(parameter.detach().float(), 1.0 - self.decay)

    def state_dict(self, core: nn.Module) -> dict:
        """The model's state dict with the averaged weights in place of the trained ones."""
        state = core.state_dict()
        for name, value in self.shadow.items():
            state[name] = value.to(state[name].dtype)
        return state

    def load_state_dict(self, state: dict) -> None:
        for name in self.shadow:
            self.shadow[name].copy_(state[name].float())


def clip_gradients(core: nn.Module, max_norm: float) -> float:
    """Clip the global gradient norm. With FSDP the gradients are shards (DTensors): their norm
    is reduced over ranks (full_tensor) before the one scale factor is applied to every shard."""
    gradients = [p.grad for p in core.parameters() if p.grad is not None]
    if not gradients:
        return 0.0
    total = torch.nn.utils.get_total_norm(gradients, norm_type=2.0)
    if hasattr(total, "full_tensor"):
        total = total.full_tensor()
    total = float(total)
    if max_norm and max_norm > 0 and total > max_norm:
        scale = max_norm / (total + 1e-6)
        with torch.no_grad():
            for gradient in gradients:
                gradient.mul_(scale)
    return total


def rng_state() -> dict:
    state = {"torch": torch.get_rng_state(), "python": random.getstate()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def restore_rng(state: dict) -> None:
    torch.set_rng_state(state["torch"])
    random.setstate(state["python"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def gather(value, world_size: int) -> list:
    if world_size <= 1:
        return [value]
    gathered = [None] * world_size
    dist.all_gather_object(gathered, value)
    return gathered


def atomic_save(payload, path: pathlib.Path) -> None:
    """Write beside the target, then rename: a crash never leaves half a checkpoint."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    torch.save(payload, partial)
    os.replace(partial, path)


def save_checkpoint(run: pathlib.Path, state: dict, model, core, optimizer, ema, rank: int, world_size: int, use_fsdp: bool) -> pathlib.Path:
    """checkpoint.pt (single process and DDP) or a distributed checkpoint folder checkpoint/
    (FSDP), holding model, optimizer, scheduler, EMA, step, every rank's RNG and the data
    position."""
    state = dict(state, rng=gather(rng_state(), world_size))
    if not use_fsdp:
        if rank == 0:
            payload = dict(state, model=core.state_dict(), optimizer=optimizer.state_dict())
            payload["ema"] = ema.state_dict(core) if ema is not None else None
            atomic_save(payload, run / "checkpoint.pt")
        if world_size > 1:
            dist.barrier()
        return run / "checkpoint.pt"

    import torch.distributed.checkpoint as dcp
    from torch.distributed.checkpoint.state_dict import get_state_dict

    final = run / "checkpoint"
    partial = run / "checkpoint.partial"
    model_state, optimizer_state = get_state_dict(core, optimizer)
    dcp.save({"model": model_state, "optimizer": optimizer_state}, checkpoint_id=str(partial))
    if rank == 0:
        torch.save(state, partial / "trainer.pt")
        previous = run / "checkpoint.previous"
        if final.exists():
            os.replace(final, previous)
        os.replace(partial, final)
        if previous.exists():
            for file in sorted(previous.rglob("*"), reverse=True):
                file.rmdir() if file.is_dir() else file.unlink()
            previous.rmdir()
    dist.barrier()
    return final


def load_checkpoint(run: pathlib.Path, model, core, optimizer, ema, schedule, scaler, rank: int, use_fsdp: bool) -> dict:
    if use_fsdp:
        import torch.distributed.checkpoint as dcp
        from torch.distributed.checkpoint.state_dict import (
            get_state_dict,
            set_state_dict,
        )

        folder = run / "checkpoint"
        if not (folder / "trainer.pt").is_file():
            raise SystemExit(f"error: --resume with --fsdp, but there is no distributed checkpoint in {folder}")
        model_state, optimizer_state = get_state_dict(core, optimizer)
        loaded = {"model": model_state, "optimizer": optimizer_state}
        dcp.load(loaded, checkpoint_id=str(folder))
        set_state_dict(core, optimizer, model_state_dict=loaded["model"], optim_state_dict=loaded["optimizer"])
        state = torch.load(folder / "trainer.pt", map_location="cpu", weights_only=False)
    else:
        path = run / "checkpoint.pt"
        if not path.is_file():
            raise SystemExit(f"error: --resume, but there is no checkpoint at {path}")
        state = torch.load(path, map_location="cpu", weights_only=False)
        core.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        if ema is not None and state.get("ema") is not None:
            ema.load_state_dict(state["ema"])
    schedule.load_state_dict(state["schedule"])
    if scaler is not None and state.get("scaler") is not None:
        scaler.load_state_dict(state["scaler"])
    rngs = state["rng"]
    if rank >= len(rngs):
        raise SystemExit(f"error: the checkpoint holds {len(rngs)} ranks' state; this run has rank {rank}")
    restore_rng(rngs[rank])
    return state


class MetricsLog:
    """One JSON line per logged step in RUN_DIR/metrics.jsonl, and TensorBoard when installed."""

    def __init__(self, run: pathlib.Path, enabled: bool, resume: bool):
        self.enabled = enabled
        self.writer = None
        if not enabled:
            return
        run.mkdir(parents=True, exist_ok=True)
        self.path = run / "metrics.jsonl"
        if not resume:
            self.path.write_text("")
        try:
            from torch.utils.tensorboard import SummaryWriter

            self.writer = SummaryWriter(str(run / "tensorboard"))
        except ImportError:
            self.writer = None

    def write(self, record: dict) -> None:
        if not self.enabled:
            return
        with open(self.path, "a") as file:
            file.write(json.dumps(record) + "\n")
        if self.writer is not None:
            for key, value in record.items():
                if key != "step" and isinstance(value, (int, float)):
                    self.writer.add_scalar(key, value, record["step"])

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def held_out_loss(model, batches: list, autocast) -> float | None:
    """The mean training loss over the held-out batches; None when the task's held-out batches
    are not loss batches (reinforcement learning evaluates whole episodes in eval.py)."""
    if not batches:
        return None
    was_training = model.training
    model.eval()
    total = 0.0
    try:
        with torch.no_grad():
            for batch in batches:
                with autocast():
                    total += float(compute_loss(model, batch).float())
    except KeyError:
        return None
    finally:
        model.train(was_training)
    return total / len(batches)


def count_tokens(batch: dict) -> int:
    ids = batch.get("input_ids") if isinstance(batch, dict) else None
    return int(ids.numel()) if isinstance(ids, torch.Tensor) else 0


def batch_samples(batch) -> int:
    if isinstance(batch, dict):
        for value in batch.values():
            if isinstance(value, torch.Tensor) and value.dim() > 0:
                return int(value.shape[0])
    return 0


def main(argv=None) -> dict:
    args = parse_args(argv)
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    device = pick_device(args.device, local_rank)
    rank, world_size = setup_distributed(device)
    # The recipe's parallelism (RECIPE["parallelism"]) unless --fsdp or --ddp says otherwise.
    args.fsdp = args.fsdp or (RECIPE["parallelism"] == "fsdp" and not args.ddp)
    if args.activation_checkpointing is None:
        args.activation_checkpointing = bool(RECIPE["activation_checkpointing"]) and not args.tiny
    use_fsdp = world_size > 1 and args.fsdp
    run = pathlib.Path(args.out)

    config = ModelConfig.tiny() if args.tiny else ModelConfig()
    seq_len = args.seq_len or RECIPE["seq_len"]
    # The data readers of sequence tasks read windows of this length (capped by the model's
    # context); it is not a model dimension, so it stays out of the saved configuration.
    config.training_sequence_length = seq_len
    # Likewise a run attribute: reinforcement learning falls back to its built-in environment
    # only for --tiny runs.
    config.tiny_run = args.tiny
    precision = pick_precision(args.precision, device, args.tiny)
    global_batch = args.batch_size or (RECIPE["tiny_batch_size"] if args.tiny else RECIPE["global_batch"])
    micro_batch = args.micro_batch_size or (None if args.tiny or args.batch_size else RECIPE["micro_batch"])
    micro_batch, accumulation, global_batch = batch_plan(global_batch, micro_batch, world_size)
    lr = args.lr if args.lr is not None else (RECIPE["tiny_learning_rate"] if args.tiny else RECIPE["learning_rate"])
    steps = args.steps
    if steps is None and args.epochs is not None:
        steps = args.epochs * max(1, steps_per_epoch(config, global_batch, args.data))
    # Tasks that learn from an environment count their budget in environment steps: their
    # steps_per_epoch carries environment_steps, the environment steps of one epoch (one
    # rollout) of one data stream.
    environment_steps = getattr(steps_per_epoch, "environment_steps", None)
    env_steps_per_epoch = None
    if environment_steps is not None:
        env_steps_per_epoch = environment_steps(config, micro_batch, args.data) * accumulation * world_size
    if steps is None and env_steps_per_epoch is not None and (args.env_steps is not None or not args.tiny):
        budget = args.env_steps if args.env_steps is not None else RECIPE["max_steps"]
        # Whole rollouts within the budget (at least one).
        steps = max(1, budget // env_steps_per_epoch) * steps_per_epoch(config, global_batch, args.data)
    if steps is None:
        steps = RECIPE["tiny_steps"] if args.tiny else RECIPE["max_steps"]
    updates_per_epoch = steps_per_epoch(config, global_batch, args.data) if env_steps_per_epoch else None
    warmup = min(RECIPE["warmup_steps"], max(1, steps // 10))
    eval_every = args.eval_every or max(1, steps // 4)
    if rank == 0:
        print(
            f"global batch {global_batch} = micro-batch {micro_batch} x accumulation {accumulation} x world size {world_size}"
            f"; {steps} steps; precision {precision}; {'FSDP2' if use_fsdp else 'DDP' if world_size > 1 else 'one process'}",
            flush=True,
        )
        if env_steps_per_epoch:
            print(
                f"{math.ceil(steps / updates_per_epoch) * env_steps_per_epoch} environment steps: {env_steps_per_epoch} per rollout, "
                f"{updates_per_epoch} optimizer steps per rollout",
                flush=True,
            )
    if args.resume and not ((run / "checkpoint.pt").is_file() or (run / "checkpoint" / "trainer.pt").is_file()):
        raise SystemExit(f"error: --resume, but {run} holds no checkpoint.pt or checkpoint/")

    model, core = build_model(config, args, device, rank, world_size, precision)
    torch.manual_seed(args.seed + rank)
    random.seed(args.seed + rank)
    optimizer = build_optimizer(RECIPE["optimizer"], parameter_groups(core, RECIPE["weight_decay"]), lr)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: warmup_cosine(s, warmup, steps))
    scaler = torch.amp.GradScaler("cuda") if precision == "fp16" else None
    ema = None
    if RECIPE.get("ema_decay") and not args.no_ema and not use_fsdp:
        ema = WeightAverage(core, RECIPE["ema_decay"])

    def autocast():
        dtype = torch.bfloat16 if precision == "bf16" else torch.float16
        return torch.autocast(device_type=device.type, dtype=dtype, enabled=precision != "fp32" and not use_fsdp)

    start_step, losses, val_losses = 0, [], []
    if args.resume:
        state = load_checkpoint(run, model, core, optimizer, ema, schedule, scaler, rank, use_fsdp)
        start_step, losses, val_losses = state["step"], state["losses"], state.get("val_losses", [])

    # One stream per accumulation slot: slot (rank, m) reads shard rank * accumulation + m of
    # world_size * accumulation, so a global batch holds the same samples whatever the split.
    shards = world_size * accumulation
    streams = [
        training_batches(config, core, micro_batch, args.data, args.seed, rank * accumulation + m, shards, device)
        for m in range(accumulation)
    ]
    for stream in streams:
        for _ in range(start_step):
            next(stream)
    held_out = evaluation_batches(config, micro_batch, args.data, args.seed, args.eval_batches, device)
    if start_step == 0:
        # The held-out loss of the initial weights: the start that training must get below.
        initial = held_out_loss(model, held_out, autocast)
        if initial is not None:
            val_losses.append([0, initial])

    stop_requested = {"signal": False}

    def on_sigterm(_signum, _frame):
        stop_requested["signal"] = True

    signal.signal(signal.SIGTERM, on_sigterm)
    log = MetricsLog(run, rank == 0, args.resume)
    last_step = min(steps, args.stop_at) if args.stop_at is not None else steps
    model.train()
    window_start, window_tokens, window_samples = time.perf_counter(), 0, 0
    step = start_step
    preempted = False

    def trainer_state(done: int) -> dict:
        return {
            "step": done,
            "data_position": done,
            "schedule": schedule.state_dict(),
            "scaler": scaler.state_dict() if scaler is not None else None,
            "losses": losses,
            "val_losses": val_losses,
            "config": asdict(config),
            "tiny": args.tiny,
            "seed": args.seed,
            "training_sequence_length": seq_len,
            "world_size": world_size,
            "global_batch": global_batch,
        }

    for step in range(start_step, last_step):
        optimizer.zero_grad(set_to_none=True)
        step_loss = 0.0
        for m, stream in enumerate(streams):
            batch = next(stream)
            window_tokens += count_tokens(batch) * world_size
            window_samples += batch_samples(batch) * world_size
            last_micro = m == accumulation - 1
            if world_size > 1 and not use_fsdp and not last_micro:
                context = model.no_sync()
            else:
                context = contextlib.nullcontext()
            if use_fsdp:
                model.set_requires_gradient_sync(last_micro)
            with context:
                with autocast():
                    loss = compute_loss(model, batch)
                scaled = loss.float() / accumulation
                (scaler.scale(scaled) if scaler is not None else scaled).backward()
            step_loss += float(loss.detach()) / accumulation
        if scaler is not None:
            scaler.unscale_(optimizer)
        grad_norm = clip_gradients(core, RECIPE["grad_clip"])
        if scaler is not None:
            scaler.step(optimizer)
            scaler.update()
        else:
            optimizer.step()
        schedule.step()
        if ema is not None:
            ema.update(core)
        value = step_loss
        if world_size > 1:
            reduced = torch.tensor([value, 1.0 if stop_requested["signal"] else 0.0], device=device, dtype=torch.float64)
            dist.all_reduce(reduced)
            value = float(reduced[0]) / world_size
            stop_requested["signal"] = bool(reduced[1] > 0)
        losses.append(value)
        done = step + 1
        val_loss = None
        if done % eval_every == 0 or done == steps:
            val_loss = held_out_loss(model, held_out, autocast)
            if val_loss is not None:
                val_losses.append([done, val_loss])
        if done % args.log_every == 0 or done == last_step or done == 1 or val_loss is not None:
            elapsed = max(time.perf_counter() - window_start, 1e-9)
            tokens_per_second = window_tokens / elapsed
            mfu = None
            if args.peak_tflops and tokens_per_second:
                mfu = 6.0 * TOTAL_PARAMS * tokens_per_second / (args.peak_tflops * 1e12 * world_size)
            record = {
                "step": done,
                "loss": value,
                "lr": schedule.get_last_lr()[0],
                "grad_norm": float(grad_norm),
                "tokens_per_second": tokens_per_second,
                "samples_per_second": window_samples / elapsed,
                "mfu": mfu,
            }
            if val_loss is not None:
                record["val_loss"] = val_loss
            log.write(record)
            if rank == 0:
                extra = f"  val_loss {val_loss:.4f}" if val_loss is not None else ""
                mfu_text = f"{mfu:.1%}" if mfu is not None else "n/a"
                print(
                    f"step {done}/{steps}  loss {value:.4f}{extra}  lr {record['lr']:.2e}  grad_norm {record['grad_norm']:.3f}"
                    f"  tokens/s {tokens_per_second:.0f}  samples/s {record['samples_per_second']:.1f}  mfu {mfu_text}",
                    flush=True,
                )
            window_start, window_tokens, window_samples = time.perf_counter(), 0, 0
        if stop_requested["signal"]:
            preempted = True
            break
        if args.checkpoint_every and done % args.checkpoint_every == 0 and done < last_step:
            save_checkpoint(run, trainer_state(done), model, core, optimizer, ema, rank, world_size, use_fsdp)

    done = len(losses)
    path = save_checkpoint(run, trainer_state(done), model, core, optimizer, ema, rank, world_size, use_fsdp)
    if not val_losses or val_losses[-1][0] != done:
        val_loss = held_out_loss(model, held_out, autocast)
        if val_loss is not None:
            val_losses.append([done, val_loss])
    log.close()
    result = {
        "model": MODEL_NAME,
        "tiny": args.tiny,
        "steps": steps,
        "completed_steps": done,
        "global_batch": global_batch,
        "micro_batch_size": micro_batch,
        "gradient_accumulation": accumulation,
        "batch_size": global_batch,
        "world_size": world_size,
        "parallelism": "fsdp2" if use_fsdp else ("ddp" if world_size > 1 else "single"),
        "precision": precision,
        "training_sequence_length": seq_len,
        "learning_rate": lr,
        "losses": losses,
        "val_losses": val_losses,
        "first_loss": losses[0] if losses else None,
        "last_loss": losses[-1] if losses else None,
        "final_loss": losses[-1] if losses else None,
        "first_val_loss": val_losses[0][1] if val_losses else None,
        "val_loss": val_losses[-1][1] if val_losses else None,
        "checkpoint": path.name,
    }
    if env_steps_per_epoch:
        result["environment_steps"] = math.ceil(done / updates_per_epoch) * env_steps_per_epoch
    if rank == 0:
        run.mkdir(parents=True, exist_ok=True)
        (run / "metrics.json").write_text(json.dumps(result, indent=2) + "\n")
        print(f"saved {path}", flush=True)
    if world_size > 1:
        dist.barrier()
        # Free the DDP/FSDP wrapper and its communication state while the
        # process group still exists; freeing it afterwards can abort gloo.
        del model, core, optimizer, schedule, streams
        dist.destroy_process_group()
    if preempted:
        print("stopped by SIGTERM after saving the checkpoint", flush=True)
        raise SystemExit(143)
    return result


if __name__ == "__main__":
    main()
