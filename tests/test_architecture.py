"""The package's import structure: no import cycles between imobench modules, no import of Inspect's
private modules, no import of another module's private names.  Read from the source with `ast` (every
import, also those inside functions, since a lazy import is still a dependency).

KNOWN lists what other rooms still hold while they are rewritten (the answer checker, the provider,
the data layer); anything not in it fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "imobench"

KNOWN_CYCLES = {  # imobench/answers, being rewritten by the checker's engineer
    frozenset({"imobench.answers.bounded", "imobench.answers.check"}),
    frozenset({"imobench.answers.forms", "imobench.answers.words"}),
    frozenset({"imobench.answers.check", "imobench.answers.types"}),
}
KNOWN_PRIVATE = {
    ("imobench.answers.words", "imobench.answers.forms._progression"),
    ("imobench.answers.forms", "imobench.answers.parse._expr"),
}


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
