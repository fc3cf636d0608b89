class GCNConv(nn.Module):
    """Graph convolution with PyTorch Geometric's parameters (Kipf and Welling, 2017): lin
    (no bias), then bias. out = D^-1/2 (A + I) D^-1/2 (x W) + b, where A counts the edges
    into each node and D is the in-degree with self loops."""

    def __init__(self, in_channels: int, out_channels: int):
        super().__init__()
        self.lin = nn.Linear(in_channels, out_channels, bias=False)
        self.bias = nn.Parameter(torch.zeros(out_channels))
        nn.init.xavier_uniform_(self.lin.weight)

    def forward(self, x: torch.Tensor, edge_index: torch.Tensor) -> torch.Tensor:
        num_nodes = x.shape[0]
        loops = torch.arange(num_nodes, device=x.device)
        source = torch.cat([edge_index[0], loops])
        target = torch.cat([edge_index[1], loops])
        h = self.lin(x)
        # Degrees in float32: low-precision counts stop growing past 256 under autocast.
        ones = torch.ones(target.shape[0], device=x.device)
        degree = torch.zeros(num_nodes, device=x.device).index_add(0, target, ones)
        scale = degree.rsqrt()
        messages = h[source] * (scale[source] * scale[target]).to(h.dtype)[:, None]
        return h.new_zeros(h.shape).index_add(0, target, messages) + self.bias
