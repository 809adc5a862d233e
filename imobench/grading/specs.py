"""Named grader specifications in `graders/NAME.toml`, selected with `-T grader=NAME`."""

from __future__ import annotations

import hashlib
import json
import tomllib
from typing import Literal

from pydantic import BaseModel, ConfigDict

from imobench.errors import ImobenchError
from imobench.grading.prompts import template_version
from imobench.resources import resource_dir


class GraderSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str
    prompt: str
    scale: str = "scale.toml"
    samples: int = 1
    aggregation: Literal["median", "min", "mean"] = "median"
    temperature: float | None = None
    reply: Literal["points", "label"] = "points"  # <points>N out of 7</points>, or a closing label word

    def identity(self) -> str:
        """Name, prompt version and settings: changes whenever the grader would grade differently."""
        payload = {**self.model_dump(), "prompt_version": template_version(self.prompt)}
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:12]
        return f"{self.name}:{template_version(self.prompt)}:{digest}"


def grader_names() -> list[str]:
    return sorted(p.stem for p in resource_dir("graders").glob("*.toml"))


def load_grader(name: str) -> GraderSpec:
    path = resource_dir("graders") / f"{name}.toml"
    if not path.is_file():
        raise ImobenchError(f"-T grader={name}: no grader spec {path.name}; available: {', '.join(grader_names())}")
    with path.open("rb") as fh:
        return GraderSpec(**tomllib.load(fh))
