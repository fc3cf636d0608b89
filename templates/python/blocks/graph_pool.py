def mean_pool(x: torch.Tensor, batch: torch.Tensor | None, num_graphs: int) -> torch.Tensor:
    """The mean of the node rows x (N, C) of each graph, (num_graphs, C), accumulated in
    float32; batch (N,) gives each node's graph index (all nodes in graph 0 when None)."""
    if batch is None:
        batch = torch.zeros(x.shape[0], dtype=torch.long, device=x.device)
    sums = torch.zeros(num_graphs, x.shape[1], device=x.device).index_add(0, batch, x.float())
    counts = torch.zeros(num_graphs, device=x.device).index_add(0, batch, torch.ones(x.shape[0], device=x.device))
    return sums / counts.clamp(min=1.0)[:, None]
