def table_rows(path: pathlib.Path) -> tuple:
    """(lower-cased header or None, rows) of a comma- or whitespace-separated file; blank lines
    and lines starting with # are skipped. The first row is a header when its first field is
    not a number."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append([field for part in line.split(",") for field in part.split()])
    if not rows:
        raise SystemExit(f"error: {path} is empty")
    try:
        float(rows[0][0])
    except ValueError:
        return [name.lower() for name in rows[0]], rows[1:]
    return None, rows


def held_out_by_hash(key: str, fraction: float) -> bool:
    """Deterministic split: the first 8 bytes of the key's SHA-256 as a fraction of 2^64."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < fraction


def edge_list_file(path: str) -> pathlib.Path:
    """PATH itself when it is a file, else PATH/edges.csv or PATH/edges.txt."""
    root = pathlib.Path(path)
    if root.is_file():
        return root
    for name in ("edges.csv", "edges.txt"):
        if (root / name).is_file():
            return root / name
    raise SystemExit(f"error: {path}: expected an edge list, or a folder holding edges.csv or edges.txt")


def column(header, names: tuple, default: int):
    """The index of the first header column named in names, or default without a header."""
    if header is None:
        return default
    for name in names:
        if name in header:
            return header.index(name)
    return None


def read_edges(file: pathlib.Path) -> list:
    """Integer (source, target) node ids, one edge per row: the columns named src/dst (or
    source/target) under a header, else the first two."""
    header, rows = table_rows(file)
    source = column(header, ("src", "source", "u"), 0)
    target = column(header, ("dst", "target", "v"), 1)
    if source is None or target is None:
        raise SystemExit(f"error: {file}: the header must name src and dst columns")
    try:
        return [(int(row[source]), int(row[target])) for row in rows]
    except (ValueError, IndexError):
        raise SystemExit(f"error: {file}: every edge needs integer src and dst node ids") from None


def read_nodes(file: pathlib.Path, in_features: int, layout: tuple) -> dict:
    """Node rows of nodes.csv: {"ids", "labels", "graphs", "x"}. Under a header the columns
    named id, label and graph are those; without one the leading columns are `layout` (e.g.
    ("id", "label")). Every other column is a feature, padded with zeros or cut to
    in_features."""
    header, rows = table_rows(file)
    if header is None:
        header = list(layout) + [f"f{i}" for i in range(max(len(row) for row in rows) - len(layout))]
    named = {name: header.index(name) for name in ("id", "label", "graph") if name in header}
    features = [i for i, name in enumerate(header) if name not in named]
    x = torch.zeros(len(rows), in_features)
    try:
        for i, row in enumerate(rows):
            values = [float(row[j]) for j in features[:in_features] if j < len(row)]
            x[i, : len(values)] = torch.tensor(values)
        result = {key: [int(row[index]) for row in rows] for key, index in named.items()}
    except (ValueError, IndexError):
        raise SystemExit(f"error: {file}: ids, labels and graphs must be integers and features numbers") from None
    return {"ids": result.get("id", list(range(len(rows)))), "labels": result.get("label"), "graphs": result.get("graph"), "x": x}


def load_graph(path: str, in_features: int, layout: tuple) -> dict:
    """A graph from an edge list and, beside it, an optional nodes.csv (see read_nodes).
    Node ids need not be contiguous: node i of the result is the i-th smallest id. Edges are
    undirected and deduplicated, self-loops dropped. Without nodes.csv the nodes are the ids
    the edges name, with fixed random features. Returns {"x", "edges" (E, 2) with u < v,
    "ids", "labels", "graphs"}."""
    edge_file = edge_list_file(path)
    pairs = read_edges(edge_file)
    node_file = edge_file.with_name("nodes.csv")
    if node_file.is_file():
        nodes = read_nodes(node_file, in_features, layout)
        if len(set(nodes["ids"])) != len(nodes["ids"]):
            raise SystemExit(f"error: {node_file}: node ids repeat")
    else:
        ids = sorted({node for pair in pairs for node in pair})
        generator = torch.Generator().manual_seed(1234)
        nodes = {"ids": ids, "labels": None, "graphs": None, "x": torch.randn(len(ids), in_features, generator=generator)}
    order = sorted(range(len(nodes["ids"])), key=lambda i: nodes["ids"][i])
    index = {nodes["ids"][i]: position for position, i in enumerate(order)}
    unknown = sorted({node for pair in pairs for node in pair if node not in index})
    if unknown:
        raise SystemExit(f"error: {edge_file}: node ids {unknown[:5]} are not in {node_file.name}")
    edges = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in pairs if u != v})
    pick = torch.tensor(order, dtype=torch.long)
    return {
        "x": nodes["x"][pick],
        "edges": torch.tensor(edges, dtype=torch.long).reshape(-1, 2),
        "ids": [nodes["ids"][i] for i in order],
        "labels": None if nodes["labels"] is None else torch.tensor(nodes["labels"])[pick],
        "graphs": None if nodes["graphs"] is None else torch.tensor(nodes["graphs"])[pick],
    }
