"""The package's import structure: no import cycles between imobench modules, no import of Inspect's
private modules, no import of another module's private names.  Read from the source with `ast` (every
import, also those inside functions, since a lazy import is still a dependency).

Nothing is exempt: every room has been rewritten to these rules.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "imobench"

KNOWN_CYCLES: set[frozenset[str]] = set()  # none: a new cycle fails here
KNOWN_PRIVATE: set[tuple[str, str]] = set()  # none: a new private import fails here


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, list[tuple[str, list[str]]]]:
    """Per module: (imported module, names imported from it)."""
    out: dict[str, list[tuple[str, list[str]]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        found = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(a.name, []) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((node.module, [a.name for a in node.names]))
        out[_module(path)] = found
    return out


def _cycles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    cycles, state, stack = set(), {}, []

    def visit(m: str) -> None:
        state[m] = "open"
        stack.append(m)
        for d in sorted(graph[m]):
            if state.get(d) == "open":
                cycles.add(frozenset(stack[stack.index(d):]))
            elif d not in state:
                visit(d)
        stack.pop()
        state[m] = "done"

    for m in sorted(graph):
        if m not in state:
            visit(m)
    return cycles


def test_no_import_cycles_between_imobench_modules() -> None:
    imports = _imports()
    graph = {m: {i for i, _ in found if i in imports and i != m} for m, found in imports.items()}
    assert _cycles(graph) - KNOWN_CYCLES == set()


def test_no_private_imports() -> None:
    found = set()
    for module, imported in _imports().items():
        for target, names in imported:
            if target.startswith("inspect_ai") and any(p.startswith("_") for p in target.split(".")):
                found.add((module, target))
            if target.startswith("imobench"):
                found |= {(module, f"{target}.{n}") for n in names if n.startswith("_") and not n.startswith("__")}
    assert found - KNOWN_PRIVATE == set()


def test_test_file_names_are_unique() -> None:
    """pytest imports test files by basename (rootdir mode, no packages): two files of one name stop collection."""
    seen: dict[str, Path] = {}
    clashes = []
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        if path.name in seen:
            clashes.append(f"{seen[path.name].relative_to(ROOT)} and {path.relative_to(ROOT)}")
        seen.setdefault(path.name, path)
    assert not clashes, "rename one of: " + "; ".join(clashes)
