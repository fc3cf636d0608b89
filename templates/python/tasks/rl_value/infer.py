def add_arguments(parser) -> None:
    parser.add_argument(
        "--state",
        type=str,
        default=None,
        help="ball row, ball column and paddle column on the board, e.g. 3,7,2 (default: a fresh game)",
    )


def infer(model: nn.Module, config, args) -> dict:
    """The greedy action and all Q-values for one Catch position."""
    env = CatchEnv(1, history_length(config), torch.Generator().manual_seed(args.seed))
    if args.state is not None:
        values = [min(max(int(v), 0), GRID - 1) for v in args.state.split(",")][:3]
        env.states[:, :, : len(values)] = torch.tensor(values)
    device = next(model.parameters()).device
    with torch.no_grad():
        q_values = model(observe(config, env.states).to(device)).float()[0].cpu()
    ball_row, ball_column, paddle_column = env.states[0, -1].tolist()
    return {
        "state": {"ball_row": ball_row, "ball_column": ball_column, "paddle_column": paddle_column},
        "action": int(q_values.argmax()),
        "q_values": q_values.tolist(),
    }
