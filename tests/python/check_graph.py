"""Compare a run's module graph (blueprint/graph.json, the data the module-graph figure draws)
with the dataflow traced from the generated model, and print a JSON report.

torch.fx traces the model symbolically where it can. Where it cannot (a forward that
iterates over a traced value or branches on an input), the tiny model runs on its example
batch under a TorchFunctionMode that follows every tensor's provenance through each torch
call, with forward hooks at the figure's modules; the report names the method used.

Usage: check_graph.py RUN_DIR [RUN_DIR ...]

Granularity is the figure's: one node per top-level child of MetaGenModel, a top-level
nn.ModuleList collapsed to one node (its blocks run in sequence, so `layers.0 -> layers.1`
is the collapsed node's own repetition and not an edge), a top-level nn.Parameter is a node
of its own with no inputs, and every input of forward() is the single `input` node.

A module-level edge A -> B exists when a tensor computed by A reaches a call of B through
functions and methods only. Reading a tensor's shape, size, dtype or device is not dataflow
(the LLM slices its rotary table by the input's length), so those reads cut the chain, and so
does the shape-only argument of `x.expand_as(y)` and its kin (PPO broadcasts log_std to the
mean's shape: the mean does not flow into log_std).
"""

from __future__ import annotations

import json
import pathlib
import sys

# Attribute reads and methods that give metadata, not values derived from the tensor.
METADATA_ATTRS = {"shape", "dtype", "device", "ndim", "is_cuda"}
METADATA_METHODS = {"size", "dim", "numel"}
# Methods whose other tensor argument lends only its shape or dtype (log_std.expand_as(mean)).
SHAPED_LIKE_METHODS = {"expand_as", "view_as", "reshape_as", "type_as"}


def is_metadata(node) -> bool:
    """A read of a tensor's shape, size, dtype or device."""
    if node.op == "call_function" and node.target is getattr:
        return node.args[1] in METADATA_ATTRS
    return node.op == "call_method" and node.target in METADATA_METHODS


def trace_edges(model):
    import torch
    from torch import fx

    top = dict(model.named_children())
    params = {name for name, _ in model.named_parameters(recurse=False)}
    lists = {
        name
        for name, m in top.items()
        if isinstance(m, (torch.nn.ModuleList, torch.nn.ModuleDict))
    }

    def figure_node(qualname: str) -> str | None:
        head, _, rest = qualname.partition(".")
        if head in lists:
            return head if rest and "." not in rest else None
        return head if head in top and not rest else None

    class Tracer(fx.Tracer):
        # Buffers (the LLM's rotary tables) become get_attr nodes instead of constants.
        proxy_buffer_attributes = True

        def is_leaf_module(self, module, qualname):
            return figure_node(qualname) is not None or super().is_leaf_module(
                module, qualname
            )

    graph = Tracer().trace(model)
    sources: dict = {}
    edges = set()
    nodes = {"input", "output"}

    def inputs_of(node):
        found = set()
        for arg in node.all_input_nodes:
            found |= sources[arg]
        return found

    for node in graph.nodes:
        if node.op == "placeholder":
            sources[node] = {"input"}
        elif node.op == "get_attr":
            # A top-level parameter, or a weight read straight from a top-level module (DETR's
            # query table): that node is the source. Other attributes (buffers) carry nothing.
            head = node.target.partition(".")[0]
            owned = node.target in params or (head in top and head not in lists)
            sources[node] = {head} if owned else set()
            nodes |= sources[node]
        elif node.op == "call_module":
            name = figure_node(node.target)
            if name is None:
                raise SystemExit(
                    f"call of {node.target} below the figure's granularity"
                )
            nodes.add(name)
            for source in inputs_of(node):
                if source != name:
                    edges.add((source, name))
            sources[node] = {name}
        elif is_metadata(node):
            sources[node] = set()
        elif node.op == "call_method" and node.target in SHAPED_LIKE_METHODS:
            sources[node] = set(sources[node.args[0]])
        elif node.op == "output":
            for source in inputs_of(node):
                edges.add((source, "output"))
        else:
            sources[node] = inputs_of(node)
    return nodes, edges


SHAPE_ONLY_FUNCTIONS = {"zeros_like", "ones_like", "empty_like", "full_like"}
SHAPE_ONLY_FUNCTIONS |= {
    "new_zeros",
    "new_ones",
    "new_empty",
    "new_full",
} | METADATA_METHODS


def run_edges(model, batch):
    """The same edges as trace_edges, from one real forward pass on `batch`."""
    import torch
    from torch.overrides import TorchFunctionMode
    from torch.utils._pytree import tree_flatten

    top = dict(model.named_children())
    lists = {
        name
        for name, m in top.items()
        if isinstance(m, (torch.nn.ModuleList, torch.nn.ModuleDict))
    }
    # id -> (tensor, sources); the tensor is kept so its id is never reused.
    tags: dict = {}

    def tensors(obj):
        return [leaf for leaf in tree_flatten(obj)[0] if isinstance(leaf, torch.Tensor)]

    def sources_of(obj) -> set:
        found = set()
        for tensor in tensors(obj):
            found |= tags.get(id(tensor), (None, set()))[1]
        return found

    def tag(tensor, sources) -> None:
        tags[id(tensor)] = (tensor, set(sources))

    for name, parameter in model.named_parameters(recurse=False):
        tag(parameter, {name})
    for name, module in top.items():
        if name not in lists:
            for parameter in module.parameters():
                tag(parameter, {name})
    edges, nodes = set(), {"input", "output"}

    def before(name):
        def hook(_module, args, kwargs):
            edges.update(
                (source, name)
                for source in sources_of((args, kwargs))
                if source != name
            )

        return hook

    def after(name):
        def hook(_module, _args, _kwargs, out):
            nodes.add(name)
            for tensor in tensors(out):
                tag(tensor, {name})

        return hook

    handles = []
    for name, module in top.items():
        for block in module.children() if name in lists else [module]:
            handles.append(
                block.register_forward_pre_hook(before(name), with_kwargs=True)
            )
            handles.append(block.register_forward_hook(after(name), with_kwargs=True))

    class Provenance(TorchFunctionMode):
        def __torch_function__(self, func, types, args=(), kwargs=None):
            kwargs = kwargs or {}
            out = func(*args, **kwargs)
            name = getattr(func, "__name__", "")
            if name in SHAPE_ONLY_FUNCTIONS:
                return out
            found = (
                sources_of(args[0])
                if name in SHAPED_LIKE_METHODS
                else sources_of((args, kwargs))
            )
            for tensor in tensors(out):
                tag(tensor, tags.get(id(tensor), (None, set()))[1] | found)
            return out

    for tensor in tensors(batch):
        tag(tensor, {"input"})
    with torch.no_grad(), Provenance():
        out = model(**batch)
    for handle in handles:
        handle.remove()
    edges.update((source, "output") for source in sources_of(out))
    for edge in edges:
        nodes.update(edge)
    return nodes, edges


def check(run: pathlib.Path) -> dict:
    import importlib

    import torch

    code = str(run / "code")
    sys.path.insert(0, code)
    for name in ("model", "data"):
        sys.modules.pop(name, None)
    try:
        model_module = importlib.import_module("model")
        torch.manual_seed(0)
        config = model_module.ModelConfig.tiny()
        model = model_module.MetaGenModel(config).eval()
        try:
            traced_nodes, traced = trace_edges(model)
            method = "torch.fx"
        except Exception as error:  # noqa: BLE001 - any fx failure falls back to a real run
            fx_error = f"{type(error).__name__}: {error}"
            batch = importlib.import_module("data").example_batch(config)
            traced_nodes, traced = run_edges(model, batch)
            method = "provenance"
    finally:
        sys.path.remove(code)
    graph = json.loads((run / "blueprint" / "graph.json").read_text())
    drawn = {(e["from"], e["to"]) for e in graph["edges"]}
    drawn_nodes = {n["id"] for n in graph["nodes"]}
    return {
        "run": run.name,
        "method": method,
        "fx_error": fx_error if method == "provenance" else None,
        "traced_edges": sorted(traced),
        "figure_edges": sorted(drawn),
        "missing_from_figure": sorted(traced - drawn),
        "not_in_trace": sorted(drawn - traced),
        "nodes_missing_from_figure": sorted(traced_nodes - drawn_nodes),
        "nodes_not_in_trace": sorted(drawn_nodes - traced_nodes),
    }


def main() -> int:
    reports = []
    for arg in sys.argv[1:]:
        try:
            reports.append(check(pathlib.Path(arg).resolve()))
        except Exception as error:  # noqa: BLE001 - reported per run, the caller decides
            reports.append(
                {
                    "run": pathlib.Path(arg).name,
                    "error": f"{type(error).__name__}: {error}",
                }
            )
    print(json.dumps(reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
