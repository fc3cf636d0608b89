CLUSTERS = 4
IN_CLUSTER_PROBABILITY = 0.9
# Users' and items' taste clusters come from this fixed seed, so that training and evaluation
# data (which use different seeds) describe the same catalogue.
WORLD_SEED = 1234


def taste_clusters(config):
    """The cluster of every user and every item in the synthetic catalogue."""
    generator = torch.Generator().manual_seed(WORLD_SEED)
    users = torch.randint(0, CLUSTERS, (config.num_users,), generator=generator)
    items = torch.randint(0, CLUSTERS, (config.num_items,), generator=generator)
    return users, items


def synthetic_interactions(config, count: int, generator: torch.Generator):
    """`count` (user, item) interactions: a random user picks an item of their own cluster
    with probability IN_CLUSTER_PROBABILITY, otherwise any item."""
    user_clusters, item_clusters = taste_clusters(config)
    users = torch.randint(0, config.num_users, (count,), generator=generator)
    liked = (item_clusters[None, :] == user_clusters[users, None]).float()
    in_cluster = torch.multinomial(liked + 1e-9, 1, generator=generator).squeeze(1)
    anything = torch.randint(0, config.num_items, (count,), generator=generator)
    explore = torch.rand(count, generator=generator) >= IN_CLUSTER_PROBABILITY
    return users, torch.where(explore, anything, in_cluster)


def read_interactions(path: str):
    """A local CSV file of interactions: one "user,item" pair per line (more columns, such as
    a rating or a timestamp, are ignored; a header line whose first field starts with "user" is
    skipped). Ids may be any strings; returns the user and item numbering (in order of first
    appearance) and the numbered pairs."""
    user_index, item_index, pairs = {}, {}, []
    for line in pathlib.Path(path).read_text().splitlines():
        fields = [field.strip() for field in line.split(",")]
        if len(fields) < 2 or not fields[0] or fields[0].lower().startswith("user"):
            continue
        user = user_index.setdefault(fields[0], len(user_index))
        item = item_index.setdefault(fields[1], len(item_index))
        pairs.append((user, item))
    return user_index, item_index, pairs


def load_interactions(path: str, config) -> dict:
    """Training and held-out interactions from a local CSV file (see read_interactions): each
    user's last interaction is held out for evaluation (leave-last-out) when they have more
    than one."""
    user_index, item_index, pairs = read_interactions(path)
    if len(user_index) > config.num_users or len(item_index) > config.num_items:
        raise ValueError(
            f"{len(user_index)} users and {len(item_index)} items do not fit the model's "
            f"{config.num_users} users and {config.num_items} items"
        )
    last = {user: i for i, (user, _) in enumerate(pairs)}
    first = {}
    for i, (user, _) in enumerate(pairs):
        first.setdefault(user, i)
    held_out = [i for user, i in last.items() if first[user] != i]
    held = set(held_out)
    pairs = torch.tensor(pairs, dtype=torch.long)
    train = torch.tensor([i for i in range(pairs.shape[0]) if i not in held], dtype=torch.long)
    return {"train": pairs[train], "test": pairs[torch.tensor(held_out, dtype=torch.long)]}


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    if data_path:
        return max(1, load_interactions(data_path, config)["train"].shape[0] // global_batch)
    return 100


def training_batches(config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device):
    """Endless batches of {"user_ids", "item_ids"}: batch_size observed interactions, whose
    items also serve as the other users' in-batch negatives."""
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    train = load_interactions(data_path, config)["train"] if data_path else None
    while True:
        if train is not None:
            users, items = train[torch.randint(0, train.shape[0], (batch_size,), generator=generator)].t()
        else:
            users, items = synthetic_interactions(config, batch_size, generator)
        yield {"user_ids": users.to(device), "item_ids": items.to(device)}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    """Batches of {"user_ids", "relevant"}: users and a (users, num_items) mask of the items
    they should be recommended (their cluster's items for synthetic data, the held-out items
    with --data)."""
    generator = torch.Generator().manual_seed(seed * 1000 + 7919)
    if data_path:
        test = load_interactions(data_path, config)["test"]
        users = test[:, 0].unique()
        relevant = torch.zeros(users.shape[0], config.num_items, dtype=torch.bool)
        rows = torch.searchsorted(users, test[:, 0].contiguous())
        relevant[rows, test[:, 1]] = True
        chunks = zip(users.split(batch_size), relevant.split(batch_size))
        return [{"user_ids": u.to(device), "relevant": r.to(device)} for u, r in list(chunks)[:count]]
    user_clusters, item_clusters = taste_clusters(config)
    batches = []
    for _ in range(count):
        users = torch.randint(0, config.num_users, (batch_size,), generator=generator)
        relevant = item_clusters[None, :] == user_clusters[users, None]
        batches.append({"user_ids": users.to(device), "relevant": relevant.to(device)})
    return batches


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: user ids (batch,) and item ids (batch,)."""
    users, items = synthetic_interactions(config, batch_size, torch.Generator().manual_seed(0))
    return {"user_ids": users, "item_ids": items}


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    return (batch_size,)
