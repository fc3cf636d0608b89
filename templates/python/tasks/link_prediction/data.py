# uses: graph_files
NODES_PER_GRAPH = 64
COMMUNITIES = 4
INTRA_DEGREE = 6.0
INTER_DEGREE = 0.5
HELD_OUT_FRACTION = 0.2
# Alternative targets each positive edge is ranked against for mrr and recall@10.
CANDIDATES = 50
# Community prototypes (and featureless graphs' random features) come from this fixed seed,
# so that training and evaluation data share them.
WORLD_SEED = 1234


def community_prototypes(config) -> torch.Tensor:
    """One random +-1 feature pattern per community, scaled to unit norm."""
    generator = torch.Generator().manual_seed(WORLD_SEED)
    signs = torch.randint(0, 2, (COMMUNITIES, config.in_features), generator=generator) * 2.0 - 1.0
    return signs / math.sqrt(config.in_features)


def undirected(edges: torch.Tensor) -> torch.Tensor:
    """(E, 2) node pairs to a (2, 2E) edge_index with both directions."""
    return torch.cat([edges, edges.flip(1)]).t().contiguous()


def synthetic_batch(config, count: int, generator: torch.Generator, with_candidates: bool) -> dict:
    """`count` stochastic-block-model graphs merged into one disjoint graph.

    Nodes belong to one of COMMUNITIES communities, link mostly inside them (about INTRA_DEGREE
    neighbours inside, INTER_DEGREE outside) and carry their community's prototype plus
    Gaussian noise of about the same norm as features. HELD_OUT_FRACTION of every graph's edges are removed from the
    message-passing edges and become positive pairs; as many random non-adjacent pairs of the
    same graph are the negatives. With candidates, each positive (u, v) also gets CANDIDATES
    random nodes of its graph that are not adjacent to u, to rank v against.
    """
    prototypes = community_prototypes(config)
    n = NODES_PER_GRAPH
    xs, message, positives, negatives, candidates = [], [], [], [], []
    for g in range(count):
        offset = g * n
        communities = torch.randint(0, COMMUNITIES, (n,), generator=generator)
        noise = torch.randn(n, config.in_features, generator=generator) / math.sqrt(config.in_features)
        xs.append(prototypes[communities] + noise)
        same = communities[:, None] == communities[None, :]
        p_in, p_out = min(1.0, INTRA_DEGREE * COMMUNITIES / n), min(1.0, INTER_DEGREE / n)
        probability = torch.where(same, torch.tensor(p_in), torch.tensor(p_out))
        adjacency = torch.triu(torch.rand(n, n, generator=generator) < probability, diagonal=1)
        adjacency = adjacency | adjacency.t()
        edges = torch.triu(adjacency).nonzero()
        edges = edges[torch.randperm(edges.shape[0], generator=generator)]
        held = max(1, int(edges.shape[0] * HELD_OUT_FRACTION))
        message.append(edges[held:] + offset)
        positives.append(edges[:held] + offset)
        pairs = torch.randint(0, n, (4 * held, 2), generator=generator)
        free = ~adjacency[pairs[:, 0], pairs[:, 1]] & (pairs[:, 0] != pairs[:, 1])
        negatives.append(pairs[free][:held] + offset)
        if with_candidates:
            allowed = ~adjacency[edges[:held, 0]]
            allowed[torch.arange(held), edges[:held, 0]] = False
            picks = torch.multinomial(allowed.float() + 1e-9, CANDIDATES, replacement=True, generator=generator)
            candidates.append(picks + offset)
    positives, negatives = torch.cat(positives), torch.cat(negatives)
    batch = {
        "x": torch.cat(xs),
        "edge_index": undirected(torch.cat(message)),
        "pairs": torch.cat([positives, negatives]),
        "labels": torch.cat([torch.ones(positives.shape[0]), torch.zeros(negatives.shape[0])]),
    }
    if with_candidates:
        batch["candidates"] = torch.cat(candidates)
    return batch


def load_edge_list(path: str, config) -> dict:
    """A graph from local files: an edge list (PATH itself, or edges.csv or edges.txt in the
    folder PATH), one "src,dst" edge per row (commas or whitespace, an optional header);
    edges are undirected. An optional nodes.csv beside it holds id, label, features... rows
    (or columns named by a header: id, label, the rest features; the label is not used),
    padded with zeros or cut to in_features; without it every node gets fixed random
    features. A tenth of the edges, chosen by a hash of their node ids, are held out.
    """
    graph = load_graph(path, config.in_features, ("id", "label"))
    edges, ids = graph["edges"], graph["ids"]
    if edges.shape[0] < 2:
        raise SystemExit(f"error: {path}: too few edges to hold some out")
    held_out = torch.tensor([held_out_by_hash(f"edge {ids[u]} {ids[v]}", 0.1) for u, v in edges.tolist()], dtype=torch.bool)
    if bool(held_out.all()) or not bool(held_out.any()):
        # Tiny graphs: hold out every tenth edge instead, so both splits have edges.
        held_out = torch.arange(edges.shape[0]) % 10 == 0
    return {"x": graph["x"], "train_edges": edges[~held_out], "test_edges": edges[held_out]}


def file_batches(config, graph: dict, batch_size: int, held_out: bool, generator, with_candidates: bool):
    """Endless batches over a loaded graph: messages pass along the training edges;
    batch_size positive edges (training or held-out) and as many uniformly random node pairs
    as negatives."""
    x, nodes = graph["x"], graph["x"].shape[0]
    edge_index = undirected(graph["train_edges"])
    pool = graph["test_edges"] if held_out else graph["train_edges"]
    while True:
        positives = pool[torch.randint(0, pool.shape[0], (batch_size,), generator=generator)]
        negatives = torch.randint(0, nodes, (batch_size, 2), generator=generator)
        batch = {
            "x": x,
            "edge_index": edge_index,
            "pairs": torch.cat([positives, negatives]),
            "labels": torch.cat([torch.ones(batch_size), torch.zeros(batch_size)]),
        }
        if with_candidates:
            batch["candidates"] = torch.randint(0, nodes, (batch_size, CANDIDATES), generator=generator)
        yield batch


def batch_stream(config, batch_size: int, data_path, generator: torch.Generator, held_out: bool, with_candidates: bool):
    """Batches from the local graph with --data, otherwise fresh synthetic graphs."""
    if data_path:
        graph = load_edge_list(data_path, config)
        yield from file_batches(config, graph, batch_size, held_out, generator, with_candidates)
    else:
        while True:
            yield synthetic_batch(config, batch_size, generator, with_candidates)


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    if data_path:
        return max(1, load_edge_list(data_path, config)["train_edges"].shape[0] // global_batch)
    return 100


def training_batches(config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device):
    """Endless batches of {"x", "edge_index", "pairs", "labels"}: positive pairs first, then
    as many negatives. Synthetic batches hold batch_size random graphs; with --data, each batch
    scores batch_size training edges of the local graph."""
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    for batch in batch_stream(config, batch_size, data_path, generator, False, False):
        yield {key: value.to(device) for key, value in batch.items()}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    """Held-out batches (held-out edges with --data), with "candidates" for ranking metrics."""
    generator = torch.Generator().manual_seed(seed * 1000 + 7919)
    stream = batch_stream(config, batch_size, data_path, generator, True, True)
    return [{key: value.to(device) for key, value in next(stream).items()} for _ in range(count)]


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: node features (N, F), edges (2, E) and node pairs (P, 2)."""
    batch = synthetic_batch(config, batch_size, torch.Generator().manual_seed(0), False)
    return {"x": batch["x"], "edge_index": batch["edge_index"], "pairs": batch["pairs"][:8]}


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    return (8,)
