"""Named grader specifications in `graders/NAME.toml` (or any spec file), selected with `-T grader=`.

A spec names its prompt template (in `rubrics/prompts/`) and its scale (a file in `rubrics/`, or a
path, relative to the spec's own folder): the scale it names is the one its replies are parsed on,
its prompt lists, and its grades are reported and calibrated on.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from imobench.errors import ImobenchError
from imobench.grading.prompts import template_version
from imobench.resources import resource_dir
from imobench.scale import Scale, load_scale


class GraderSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str
    prompt: str
    scale: str = "scale.toml"
    samples: int = 1
    aggregation: Literal["median", "min", "mean"] = "median"
    temperature: float | None = None
    reply: Literal["points", "label"] = "points"  # <points>N out of MAX</points>, or a closing label line
    folder: str | None = None  # where the spec file is (a relative `scale` is looked up there first)

    def load_scale(self) -> Scale:
        return load_scale(self.scale, Path(self.folder) if self.folder else None)

    def identity(self) -> str:
        """Name, prompt version, settings and scale: changes whenever the grader would grade differently."""
        settings = self.model_dump(exclude={"folder", "scale"})
        payload = {**settings, "prompt_version": template_version(self.prompt), "scale": self.load_scale().identity()}
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:12]
        return f"{self.name}:{template_version(self.prompt)}:{digest}"


def grader_names() -> list[str]:
    return sorted(p.stem for p in resource_dir("graders").glob("*.toml"))


def load_grader(name: str) -> GraderSpec:
    """A spec by name (`graders/NAME.toml`) or by path to a TOML file."""
    path = Path(name) if name.endswith(".toml") else resource_dir("graders") / f"{name}.toml"
    if not path.is_file():
        raise ImobenchError(f"-T grader={name}: no grader spec {path}; available: {', '.join(grader_names())} "
                            "(or give the path of a spec file)")
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
        spec = GraderSpec(**raw, folder=str(path.resolve().parent))
        spec.load_scale()
    except (OSError, tomllib.TOMLDecodeError, ValidationError, TypeError) as err:
        raise ImobenchError(f"grader spec {path}: {err}") from None
    return spec
