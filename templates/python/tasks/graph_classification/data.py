# uses: graph_files
NODES_PER_GRAPH = 24
INTRA_DEGREE = 4.0
INTER_DEGREE = 1.0
# The synthetic task's class prototypes come from this fixed seed, so that training and
# evaluation data (which use different seeds) share them.
WORLD_SEED = 1234


def class_prototypes(config) -> torch.Tensor:
    """One random +-1 feature pattern per class, scaled to unit norm."""
    generator = torch.Generator().manual_seed(WORLD_SEED)
    signs = torch.randint(0, 2, (config.num_classes, config.in_features), generator=generator) * 2.0 - 1.0
    return signs / math.sqrt(config.in_features)


def block_probabilities(nodes: int, classes: int) -> tuple:
    """The stochastic block model's link probabilities inside a community and across, so that
    a node has about INTRA_DEGREE neighbours inside its community and INTER_DEGREE outside."""
    return min(1.0, INTRA_DEGREE * classes / nodes), min(1.0, INTER_DEGREE / nodes)


def links_per_graph(nodes: int, classes: int) -> int:
    """The block model's expected number of links (a pair shares a community with probability
    1 / classes), rounded half up: every graph gets exactly this many, so its size, and with
    it the training step's cost, does not vary from draw to draw."""
    p_in, p_out = block_probabilities(nodes, classes)
    pairs = nodes * (nodes - 1) / 2
    return min(int(pairs), math.floor(pairs * (p_in / classes + p_out * (1 - 1 / classes)) + 0.5))


def random_graph(communities: torch.Tensor, classes: int, generator: torch.Generator) -> torch.Tensor:
    """A stochastic block model over `classes` communities with a fixed link count:
    links_per_graph distinct node pairs, drawn without replacement with the block model's link
    probabilities as weights (inside a community far likelier than across). Returns
    undirected edges as (2, E) with both directions."""
    nodes = communities.shape[0]
    p_in, p_out = block_probabilities(nodes, classes)
    source, target = torch.triu_indices(nodes, nodes, offset=1)
    same = communities[source] == communities[target]
    weights = torch.where(same, torch.tensor(p_in), torch.tensor(p_out))
    chosen = torch.multinomial(weights, links_per_graph(nodes, classes), replacement=False, generator=generator)
    source, target = source[chosen], target[chosen]
    return torch.stack([torch.cat([source, target]), torch.cat([target, source])])


def synthetic_batch(config, count: int, generator: torch.Generator) -> dict:
    """`count` stochastic-block-model graphs merged into one disjoint graph.

    Node level: every node belongs to one of num_classes communities, its label; its features
    are its community's prototype plus Gaussian noise of about the same norm, so neighbours
    (mostly from the same community) help to denoise it. Graph level: each graph has a label,
    and its nodes' features are that label's prototype plus noise, so pooling over the graph
    reveals it.
    """
    prototypes = class_prototypes(config)
    xs, edges, batch, labels = [], [], [], []
    for g in range(count):
        communities = torch.randint(0, config.num_classes, (NODES_PER_GRAPH,), generator=generator)
        graph_label = torch.randint(0, config.num_classes, (1,), generator=generator)
        signal = prototypes[graph_label].expand(NODES_PER_GRAPH, -1) if config.graph_level else prototypes[communities]
        noise = torch.randn(NODES_PER_GRAPH, config.in_features, generator=generator) / math.sqrt(config.in_features)
        xs.append(signal + noise)
        edges.append(random_graph(communities, config.num_classes, generator) + g * NODES_PER_GRAPH)
        batch.append(torch.full((NODES_PER_GRAPH,), g))
        labels.append(graph_label if config.graph_level else communities)
    result = {"x": torch.cat(xs), "edge_index": torch.cat(edges, dim=1), "labels": torch.cat(labels)}
    if config.graph_level:
        result.update(batch=torch.cat(batch), num_graphs=count)
    return result


def synthetic_stream(config, batch_size: int, generator: torch.Generator):
    while True:
        yield synthetic_batch(config, batch_size, generator)


HELD_OUT_FRACTION = 0.2


def load_graph_files(path: str, config) -> dict:
    """Labelled nodes or graphs from local files: an edge list (edges.csv or edges.txt, one
    "src,dst" edge per row, commas or whitespace, an optional header; edges are undirected)
    and nodes.csv beside it. nodes.csv has a header naming its id and label columns (and
    graph, for graph-level models), or none: then node-level rows are id, label, features...
    and graph-level rows are graph, label, features..., one per node. Every other column is a
    feature (padded with zeros or cut to in_features). Graph-level labels are their nodes'.
    """
    layout = ("graph", "label") if config.graph_level else ("id", "label")
    graph = load_graph(path, config.in_features, layout)
    labels = graph["labels"]
    if labels is None:
        raise SystemExit(f"error: {path}: nodes.csv with a label column is needed beside the edge list")
    if int(labels.max()) >= config.num_classes or int(labels.min()) < 0:
        raise SystemExit(f"error: labels in nodes.csv must lie in [0, {config.num_classes})")
    if config.graph_level and graph["graphs"] is None:
        raise SystemExit(f"error: {path}: a graph-level model needs a graph column in nodes.csv")
    graph_ids = graph["graphs"] if config.graph_level else torch.zeros(labels.shape[0], dtype=torch.long)
    edges = graph["edges"].t()
    return {
        "x": graph["x"],
        "edge_index": torch.cat([edges, edges.flip(0)], dim=1),
        "graph_ids": graph_ids,
        "labels": labels,
        "ids": graph["ids"],
    }


def subgraphs(data: dict, graphs: list) -> dict:
    """The listed graphs of a loaded dataset, renumbered into one disjoint batch."""
    keep = torch.isin(data["graph_ids"], torch.tensor(graphs))
    new_id = torch.full((keep.shape[0],), -1, dtype=torch.long)
    new_id[keep] = torch.arange(int(keep.sum()))
    source, target = data["edge_index"]
    inside = keep[source] & keep[target]
    graph_index = {g: i for i, g in enumerate(graphs)}
    batch = torch.tensor([graph_index[int(g)] for g in data["graph_ids"][keep]])
    first_node = [int((data["graph_ids"] == g).nonzero()[0]) for g in graphs]
    return {
        "x": data["x"][keep],
        "edge_index": new_id[data["edge_index"][:, inside]],
        "batch": batch,
        "num_graphs": len(graphs),
        "labels": data["labels"][first_node],
    }


def file_batches(config, data_path: str, batch_size: int, held_out: bool, generator: torch.Generator):
    """Endless batches from local files. A fifth of the nodes (node level) or graphs (graph
    level) are held out for evaluation, chosen by a hash of their ids. Node level yields the
    whole graph with a mask of the nodes to score; graph level samples batch_size graphs."""
    data = load_graph_files(data_path, config)
    if not config.graph_level:
        chosen = [held_out_by_hash(f"node {i}", HELD_OUT_FRACTION) == held_out for i in data["ids"]]
        mask = torch.tensor(chosen, dtype=torch.bool)
        batch = {"x": data["x"], "edge_index": data["edge_index"], "labels": data["labels"], "mask": mask}
        while True:
            yield batch
    every = sorted(set(data["graph_ids"].tolist()))
    graphs = [g for g in every if held_out_by_hash(f"graph {g}", HELD_OUT_FRACTION) == held_out]
    if not graphs:
        raise SystemExit(f"error: {data_path}: too few graphs for a {'held-out' if held_out else 'training'} split")
    while True:
        picks = torch.randint(0, len(graphs), (batch_size,), generator=generator).tolist()
        yield subgraphs(data, [graphs[i] for i in picks])


def to_device(batch: dict, device) -> dict:
    return {key: value.to(device) if isinstance(value, torch.Tensor) else value for key, value in batch.items()}


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    if data_path and not config.graph_level:
        return 1
    if data_path:
        graphs = len(set(load_graph_files(data_path, config)["graph_ids"].tolist()))
        return max(1, graphs * 4 // 5 // global_batch)
    return 100


def training_batches(config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device):
    """Endless batches of {"x", "edge_index", "labels"} (+ "batch" and "num_graphs" for
    graph-level models, + "mask" for node-level local data); synthetic batches merge
    batch_size random graphs. Each process draws its own graphs."""
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    if data_path:
        stream = file_batches(config, data_path, batch_size, False, generator)
    else:
        stream = synthetic_stream(config, batch_size, generator)
    for batch in stream:
        yield to_device(batch, device)


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    generator = torch.Generator().manual_seed(seed * 1000 + 7919)
    if data_path:
        stream = file_batches(config, data_path, batch_size, True, generator)
        return [to_device(next(stream), device) for _ in range(1 if not config.graph_level else count)]
    return [to_device(synthetic_batch(config, batch_size, generator), device) for _ in range(count)]


def model_inputs(batch: dict) -> dict:
    """The forward arguments contained in a batch."""
    keys = ("x", "edge_index", "batch", "num_graphs")
    return {key: batch[key] for key in keys if key in batch}


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: node features (N, F), edges (2, E), and for graph-level
    models the node-to-graph index (N,) and the number of graphs."""
    return model_inputs(synthetic_batch(config, batch_size, torch.Generator().manual_seed(0)))


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    if config.graph_level:
        return (batch_size, config.num_classes)
    return (batch_size * NODES_PER_GRAPH, config.num_classes)
