"""Commands and paths printed for the user to paste: they must work where the user typed the command
that printed them, whether or not the virtual environment is activated."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

CALLER_CWD_ENV = "IMOBENCH_CALLER_CWD"  # set by scripts/quickstart.sh: the folder the user typed the command in


def caller_cwd() -> Path:
    return Path(os.environ.get(CALLER_CWD_ENV) or Path.cwd())


def shown_path(path: Path | str) -> str:
    """A path as the user can paste it where they typed the command (relative when it is below there)."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(caller_cwd().resolve()))
    except ValueError:
        return str(path)


def command(name: str) -> str:
    """One of this environment's commands: its bare name when the shell finds this very one, else its
    path (`.venv/bin/imobench` when the venv is not activated)."""
    here = Path(sys.executable).with_name(name)
    found = shutil.which(name)
    if found and here.exists() and Path(found).resolve() == here.resolve():
        return name
    if here.exists():
        return shown_path(here)
    return name
