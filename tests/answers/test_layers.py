"""The answers package is one-way layers: no import cycles, nothing imports a layer above it, and no
module imports another module's private names."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "imobench" / "answers"
# Lower index = lower layer.  A module may import only modules of a strictly lower layer.
LAYERS = [
    {"verdict", "budget", "intsets"},
    {"normalise"},
    {"latex", "numbers", "problem", "piecewise"},
    {"sentence", "parse"},
    {"extract", "forms"},
    {"words", "choices"},
    {"build"},
    {"compare"},
    {"check"},
    {"types", "worker"},
    {"bounded"},
    {"batch"},
]
LAYER_OF = {name: i for i, names in enumerate(LAYERS) for name in names}


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(imported answers module, names imported from it) for every import in a module."""
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("imobench.answers"):
            mod = node.module.removeprefix("imobench.answers").lstrip(".")
            if mod:
                out.append((mod, [a.name for a in node.names]))
            else:  # from imobench.answers import intsets, words
                out.extend((a.name, []) for a in node.names)
        elif isinstance(node, ast.Import):
            out.extend((a.name.removeprefix("imobench.answers."), []) for a in node.names if a.name.startswith("imobench.answers."))
    return out


MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")


def test_every_module_has_a_layer() -> None:
    assert set(MODULES) == set(LAYER_OF)


@pytest.mark.parametrize("module", MODULES)
def test_imports_only_lower_layers_and_public_names(module: str) -> None:
    for target, names in _imports(PACKAGE / f"{module}.py"):
        assert LAYER_OF[target] < LAYER_OF[module], f"{module} imports {target}, a layer at or above its own"
        assert not [n for n in names if n.startswith("_")], f"{module} imports private names of {target}: {names}"
