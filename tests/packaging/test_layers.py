"""The engine's imports run one way, in the order of the pipeline, and never reach the
interfaces: a newcomer can read the tree top to bottom, and a notebook needs no web stack.

Imports are read with `ast` from the source (nothing is imported). Imports under
`if TYPE_CHECKING:` never run, so they are left out.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[2] / "engine"
# The pipeline: a module may import from its own layer and the layers before it.
ORDER = ["errors", "language", "knowledge", "evaluation", "explanation", "ask", "regression",
         "decisions", "library"]
# Extraction is a side branch: it reads entities and facts but never evaluates.
SIDE = {"extraction": {"errors", "language", "knowledge", "extraction"}}
FORBIDDEN = {"fastapi", "starlette", "uvicorn", "typer", "rich", "click"}


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and (
        (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
        or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")
    )


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement that runs (at module level or inside functions)."""
    found: list[ast.Import | ast.ImportFrom] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if _type_checking_only(node):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return found


def _module_name(path: Path) -> str:
    """`knowledge.kb` for engine/knowledge/kb.py; `explanation` for its __init__."""
    parts = list(path.relative_to(ENGINE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _targets(module: str, is_package: bool, node: ast.Import | ast.ImportFrom) -> list[str]:
    """Modules an import names: engine-relative names for relative imports, else absolute."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level == 0:
        return [node.module or ""]
    base = module.split(".") if module else []
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
    target = ".".join([*base, *([node.module] if node.module else [])])
    if node.module is None:  # `from . import x`: each name is a module
        return [".".join(p for p in (target, alias.name) if p) for alias in node.names]
    return [target]


def _graph() -> dict[str, set[tuple[str, bool, int]]]:
    """module -> (imported name, relative?, line) for every engine module."""
    graph: dict[str, set[tuple[str, bool, int]]] = {}
    for path in sorted(ENGINE.rglob("*.py")):
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        edges = graph.setdefault(module, set())
        for node in _imports(tree):
            relative = isinstance(node, ast.ImportFrom) and node.level > 0
            for target in _targets(module, path.name == "__init__.py", node):
                edges.add((target, relative, node.lineno))
    return graph


def _layer(module: str) -> str:
    return module.split(".", 1)[0]


def _allowed(importer: str, imported: str) -> bool:
    if importer in SIDE:
        return imported in SIDE[importer]
    if imported not in ORDER:
        return False
    return ORDER.index(imported) <= ORDER.index(importer)


def test_every_engine_module_belongs_to_a_layer() -> None:
    modules = [m for m in _graph() if m]
    assert modules
    unknown = sorted(m for m in modules if _layer(m) not in ORDER and _layer(m) not in SIDE)
    assert not unknown, f"engine modules outside the declared layers: {unknown}"


def test_imports_run_one_way_through_the_pipeline() -> None:
    wrong = [
        f"engine/{importer.replace('.', '/')} line {line}: imports {target}"
        for importer, edges in _graph().items()
        if importer
        for target, relative, line in edges
        if relative and target and not _allowed(_layer(importer), _layer(target))
    ]
    assert not wrong, "imports against the pipeline order:\n" + "\n".join(sorted(wrong))


def test_engine_modules_import_each_other_without_cycles() -> None:
    graph = _graph()
    internal = {m: {t for t, rel, _ in edges if rel and t in graph} for m, edges in graph.items()}
    sorter = graphlib.TopologicalSorter(internal)
    try:
        sorter.prepare()
    except graphlib.CycleError as exc:
        pytest.fail(f"import cycle in engine: {' -> '.join(exc.args[1])}")


def test_engine_stays_free_of_the_interfaces() -> None:
    wrong = [
        f"engine/{importer.replace('.', '/')} line {line}: imports {target}"
        for importer, edges in _graph().items()
        for target, relative, line in edges
        if not relative
        and (target.split(".")[0] in FORBIDDEN or target == "casus" or target.startswith("casus."))
    ]
    assert not wrong, (
        "engine must not import HTTP/CLI packages or casus.* (use relative imports):\n"
        + "\n".join(sorted(wrong))
    )


@pytest.mark.parametrize(
    ("module", "is_package", "source", "expected"),
    [
        ("knowledge.kb", False, "from ..language.ast import Atom", ["language.ast"]),
        ("explanation", True, "from .answer import Answer", ["explanation.answer"]),
        ("ask", False, "from .explanation.explain import Explainer", ["explanation.explain"]),
        ("regression.diff", False, "from .. import ask", ["ask"]),
        ("ask", False, "import fastapi.routing", ["fastapi.routing"]),
    ],
)
def test_relative_imports_resolve_to_engine_modules(
    module: str, is_package: bool, source: str, expected: list[str]
) -> None:
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.Import | ast.ImportFrom)
    assert _targets(module, is_package, node) == expected
