"""Imports point one way: from the top (cli, api) down to the base (errors, record, io).

The graph is read from the source (module-level and function-level imports, and the
package `__init__` that importing a submodule runs). Imports under `if TYPE_CHECKING:`
never run: they count for direction, not for cycles. A new module needs a layer here.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import curate

PACKAGE = Path(curate.__file__).parent

LAYERS: list[tuple[str, ...]] = [
    # base: imports nothing above itself
    ("curate", "curate.errors", "curate.record", "curate.io", "curate.text_checks",
     "curate.readability", "curate.minhash", "curate.metrics", "curate.accounting",
     "curate.workdir", "curate.rundir", "curate.starter", "curate.forking", "curate.listing"),
    ("curate.registry", "curate.registries"),
    ("curate.config",),
    # components: import base, registries and config, and each other without a cycle
    ("curate.ingest", "curate.pii", "curate.stages", "curate.export", "curate.report",
     "curate.review", "curate.gate", "curate.baseline", "curate.replies", "curate.manifest",
     "curate.check"),
    ("curate.engine",),
    ("curate.pipeline",),
    ("curate.runs", "curate.preview"),
    ("curate.progress",),  # draws the engines' events; the API and the CLI use it
    ("curate.api",),
    ("curate.cli",),
]


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int
    typing_only: bool


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def layer_of(module: str) -> int:
    """The layer of the longest LAYERS prefix of `module`."""
    best = max((prefix for layer in LAYERS for prefix in layer
                if module == prefix or module.startswith(prefix + ".")),
               key=len, default=None)
    assert best is not None, f"{module} has no layer: add it to LAYERS in tests/test_layers.py"
    return next(i for i, layer in enumerate(LAYERS) if best in layer)


def _known(name: str) -> str | None:
    """The curate module an imported name lives in (`curate.io.write_json` -> curate.io)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _typing_nodes(tree: ast.AST) -> set[int]:
    """ids of the nodes under `if TYPE_CHECKING:`."""
    return {id(sub) for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for stmt in node.body for sub in ast.walk(stmt)}


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        parts = module.split(".") if is_package else module.split(".")[:-1]
        parts = parts[: len(parts) - node.level + 1]
        base = ".".join([*parts, *([base] if base else [])])
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def _with_packages(target: str, source: str) -> list[str]:
    """`target` and the packages importing it runs, except those `source` is inside."""
    parts = target.split(".")
    chain = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
    return [m for m in chain if m in MODULES and not (source + ".").startswith(m + ".")]


def import_graph() -> list[Edge]:
    edges = set()
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing = _typing_nodes(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for name in _imported(node, module, path.name == "__init__.py"):
                target = _known(name) if name.startswith("curate") else None
                for reached in _with_packages(target, module) if target else []:
                    if reached != module:
                        edges.add(Edge(module, reached, node.lineno, id(node) in typing))
    return sorted(edges, key=lambda e: (e.source, e.target, e.line))


def find_cycle(edges: list[Edge]) -> list[str] | None:
    """One import cycle among `edges` (as a module path), or None."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.source, set()).add(edge.target)
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt, [*path, nxt])):
                return found
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start, [start])):
            return found
    return None


def test_the_graph_sees_module_and_function_level_imports():
    edges = import_graph()
    line = next(i for i, text in enumerate(
        (PACKAGE / "config.py").read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("from curate.registries import"))
    assert Edge("curate.config", "curate.registries", line, False) in edges
    assert any(e.source == "curate.cli" and e.target == "curate.runs" for e in edges)
    assert any(e.source == "curate.engine.base" and e.typing_only for e in edges)
    assert find_cycle([Edge("a", "b", 1, False), Edge("b", "c", 1, False),
                       Edge("c", "a", 1, False)]) == ["a", "b", "c", "a"]


def test_no_import_cycle():
    cycle = find_cycle([e for e in import_graph() if not e.typing_only])
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


# The package's `__getattr__` (PEP 562) hands out the Python API on first attribute access
# (`curate.run`); importing `curate`, which every import of a curate module runs, never runs
# it (tests/test_api.py checks that `import curate` loads no curate.api).
LAZY_FACADE = {("curate", "curate.api")}


def test_every_import_points_down_or_sideways():
    upward = [f"{e.source} (line {e.line}) imports {e.target}" for e in import_graph()
              if layer_of(e.target) > layer_of(e.source)
              and (e.source, e.target) not in LAZY_FACADE]
    assert upward == []


def test_config_knows_components_by_name_only():
    targets = {e.target for e in import_graph() if e.source == "curate.config"}
    assert targets <= {"curate", "curate.errors", "curate.registries"}
