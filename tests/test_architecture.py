"""The layering of the packages holds: no import circle among our modules (lazy imports inside
functions count too), the contract imports no renderer, solver or CLI, the CP-SAT model and
the verifier stay in their rooms, and the solving spine imports none of its applications.

A static AST walk, so a circle or a wrong-way import fails here even where no test imports
the module; the walk itself is tested on a planted tree."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("models", "solver", "cli")
APPLICATIONS = ("solver.batch", "solver.bench", "solver.replan", "solver.explain")
SPINE = ("solver.model", "solver.pipeline", "solver.decompose", "solver.diagnose", "solver.verify")


def _module_name(root: Path, path: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path, packages: tuple[str, ...] = PACKAGES) -> dict[str, dict[str, int]]:
    """module -> {imported module of ours (or 'ortools'): line}; `from a import b` counts as
    an import of a.b when that is a module of ours, else of a."""
    files = {_module_name(root, f): f for p in packages for f in (root / p).rglob("*.py")}
    graph: dict[str, dict[str, int]] = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        deps: dict[str, int] = {}
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                targets = [
                    f"{base}.{a.name}" if f"{base}.{a.name}" in files else base for a in node.names
                ]
            for t in targets:
                top = t.split(".")[0]
                if t in files and t != name:
                    deps.setdefault(t, node.lineno)
                elif top == "ortools":
                    deps.setdefault("ortools", node.lineno)
        graph[name] = deps
    return graph


def import_cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, {}):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


def _under(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def wrong_way_imports(graph: dict[str, dict[str, int]]) -> list[str]:
    """Every import that breaks the layering, as 'module:line imports target (why)'."""
    Rule = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], str]
    rules: list[Rule] = [
        # (importers, not these importers, forbidden targets, but these targets, why)
        (("models",), ("models.export",), ("solver", "cli", "models.export"), (), "the contract"),
        (("models",), (), ("ortools",), (), "the contract never loads ortools"),
        (("models.export",), (), ("solver", "cli"), (), "a renderer of the contract"),
        (("solver",), (), ("cli",), (), "the CLI sits on top"),
        (("solver.model",), (), ("solver",), ("solver.model",), "the model imports only itself"),
        (SPINE, (), APPLICATIONS, (), "the spine imports no application"),
        (("solver.verify",), (), ("solver", "ortools"), (), "the verifier is independent"),
    ]
    out = []
    for module, deps in sorted(graph.items()):
        for importers, exempt, forbidden, allowed, why in rules:
            if not _under(module, importers) or _under(module, exempt):
                continue
            out += [
                f"{module}:{line} imports {target} ({why})"
                for target, line in deps.items()
                if _under(target, forbidden) and not _under(target, allowed)
            ]
    return out


def test_no_import_circle():
    """No two of our modules import each other, directly or through others."""
    assert import_cycles(import_graph(ROOT)) == []


def test_imports_point_down_the_layers():
    """The contract imports no renderer, solver or CLI; solver imports no CLI; the model and
    the verifier stay in their rooms; the spine imports none of its applications."""
    assert wrong_way_imports(import_graph(ROOT)) == []


def test_the_graph_sees_the_real_imports():
    """The walk finds known edges, lazy ones included, so the two tests above can fail."""
    graph = import_graph(ROOT)
    assert "solver.model.build" in graph["solver.pipeline"]
    assert "models.export.report" in graph["models.export"]  # imported inside a function
    assert "ortools" in graph["solver.model.params"]
    assert "ortools" not in graph["solver.verify"]


def test_every_package_says_what_lives_there():
    """Each package's __init__ opens with a docstring that names what it may import."""
    inits = [f for p in PACKAGES for f in (ROOT / p).rglob("__init__.py")]
    assert len(inits) >= 8
    for init in inits:
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "import" in doc, f"{init.relative_to(ROOT)}: no docstring on what it may import"


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """A tree with a circle (a <-> b through a lazy import) and a contract importing a solver."""
    for pkg in ("models", "solver", "cli"):
        (tmp_path / pkg).mkdir()
        (tmp_path / pkg / "__init__.py").write_text("")
    (tmp_path / "solver" / "a.py").write_text("from solver.b import x\n")
    (tmp_path / "solver" / "b.py").write_text("def x():\n    from solver import a\n")
    (tmp_path / "models" / "plan.py").write_text("from ..solver import a\n")
    (tmp_path / "models" / "export").mkdir()
    (tmp_path / "models" / "export" / "__init__.py").write_text("from models import plan\n")
    return tmp_path


def test_a_planted_circle_and_wrong_way_import_are_caught(planted):
    """A lazy circle, a relative import from the contract into solver, and nothing else."""
    graph = import_graph(planted)
    assert import_cycles(graph) == [["solver.a", "solver.b"]]
    assert wrong_way_imports(graph) == ["models.plan:1 imports solver.a (the contract)"]
