"""Where the project's non-code files live, in a source checkout and in an installed wheel.

The repository keeps `datasets/`, `rubrics/`, `graders/` and `dashboard/` at its top level; the wheel
ships them inside the package as `imobench/_bundled/<name>` (see pyproject.toml) so that it installs no
top-level name but `imobench`.  Callers ask for a folder by name and never care which case applies.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_KNOWN = ("datasets", "rubrics", "graders", "dashboard")


def resource_dir(name: str) -> Path:
    """Return the folder holding the project's `name` files (one of datasets, rubrics, graders, dashboard)."""
    if name not in _KNOWN:
        raise ValueError(f"unknown resource folder {name!r}; expected one of {', '.join(_KNOWN)}")
    bundled = _PACKAGE_DIR / "_bundled" / name
    if bundled.is_dir():
        return bundled
    checkout = _PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        f"imobench's {name}/ folder is missing: looked in {bundled} and {checkout}. "
        "Reinstall the package (pip install imobench) or run from a complete source checkout."
    )
