def add_arguments(parser) -> None:
    parser.add_argument("--user", type=str, default="0", help="user: a row of the user table, or an id from --data")
    parser.add_argument("--data", type=str, default=None, help="the training interactions CSV, to use its ids")
    parser.add_argument("--top-k", type=int, default=10)


def infer(model: nn.Module, config, args) -> dict:
    """The top-k items for one user, scored against the whole catalogue."""
    if args.data:
        user_index, item_index, _ = read_interactions(args.data)
        if args.user not in user_index:
            raise ValueError(f"user {args.user!r} does not occur in {args.data}")
        user_row, item_names = user_index[args.user], list(item_index)
        catalogue = len(item_names)
    else:
        user_row, item_names, catalogue = int(args.user), None, config.num_items
        if not 0 <= user_row < config.num_users:
            raise ValueError(f"--user must lie in [0, {config.num_users})")
    device = next(model.parameters()).device
    with torch.no_grad():
        user = torch.tensor([user_row], device=device)
        scores = model(user, torch.arange(catalogue, device=device), all_pairs=True).float()[0].cpu()
    top = scores.topk(min(args.top_k, catalogue))
    items = top.indices.tolist()
    return {
        "user": args.user,
        "items": [item_names[i] for i in items] if item_names else items,
        "scores": [round(s, 4) for s in top.values.tolist()],
    }
