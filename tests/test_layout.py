"""The package's shape: folders by pipeline stage, imports pointing down the pipeline only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "argmap"

# Each stage may import its own modules and those of the stages listed for it;
# the shared data (model, diagnostics, errors, gcpause) and the safe file writer sit below them all.
SHARED = {"argmap", "argmap.model", "argmap.diagnostics", "argmap.errors", "argmap.gcpause", "argmap.files"}
MAY_IMPORT = {
    "read": set(),
    "evaluate": set(),
    "formats": {"evaluate"},
    "checks": {"evaluate", "read"},
    # The HTML page shows the check's reports and each quote's place in its source beside the picture.
    "draw": {"evaluate", "checks"},
    "report": {"checks"},
    "edit": {"read", "checks", "evaluate"},
    "review": {"read", "checks", "evaluate", "formats", "draw", "edit"},
    "cli": {"read", "evaluate", "formats", "checks", "draw", "report", "edit", "review"},
}


# The only imports of a stage from the shared modules: the map's notebook display hooks
# (`ArgumentMap._repr_svg_`, `_repr_html_`), inside those methods, so the model loads without drawing.
LAZY_HOOKS = {("argmap.model", "argmap.draw.jupyter")}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Every `argmap` module a file imports, at the top or inside a function.

    `from argmap.read import fastread` imports the module `fastread`, not the
    package's `__init__`: only names that are not modules count for the package.
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("argmap"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("argmap"):
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in modules else node.module)
    return found


def _graph(with_hooks: bool = False) -> dict[str, set[str]]:
    """Who imports whom; without `with_hooks`, leaving out the display hooks' imports (`LAZY_HOOKS`)."""
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {
        name: {
            target
            for target in _imports(path, set(paths))
            if target in paths and target != name and (with_hooks or (name, target) not in LAZY_HOOKS)
        }
        for name, path in paths.items()
    }


def _top_level_imports(path: Path) -> set[str]:
    """The `argmap` modules a file imports as it loads: outside any function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = [f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)]
    inside = {id(n) for f in functions for n in ast.walk(f)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in inside:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("argmap"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("argmap"):
            found.add(node.module)
    return found


def test_the_shared_modules_import_no_stage_but_the_notebook_hooks_inside_their_methods() -> None:
    graph = _graph(with_hooks=True)
    for module in SHARED - {"argmap"}:
        path = PACKAGE.parent / (module.replace(".", "/") + ".py")
        assert not {t for t in _top_level_imports(path) if _stage(t) is not None}, module
        assert {(module, t) for t in graph[module] if _stage(t) is not None} <= LAZY_HOOKS, module


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in MAY_IMPORT) else None


def test_no_two_modules_import_each_other_even_through_others() -> None:
    graph = _graph()
    # A module that can reach itself through its imports is on a circle.
    for start in graph:
        seen: set[str] = set()
        stack = list(graph[start])
        while stack:
            current = stack.pop()
            assert current != start, f"{start} imports itself through {sorted(seen)}"
            if current not in seen:
                seen.add(current)
                stack.extend(graph.get(current, ()))


@pytest.mark.parametrize("stage", sorted(MAY_IMPORT))
def test_a_stage_imports_only_the_stages_before_it(stage: str) -> None:
    graph = _graph()
    allowed = MAY_IMPORT[stage] | {stage}
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        if _stage(module) == stage
        for target in targets
        if target not in SHARED and _stage(target) not in allowed
    )
    assert wrong == []


def test_every_stage_is_a_folder() -> None:
    assert {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()} == set(MAY_IMPORT)
