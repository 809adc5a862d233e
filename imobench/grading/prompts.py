"""Prompt templates from `rubrics/prompts/` and the grading scale from `rubrics/scale.toml`.

Templates use `{{name}}` placeholders, filled in one pass so that a value containing `{{...}}` is
never expanded again.  Values that come from a model (a proof, an answer) are escaped so that they
cannot close their section: a `<tag>` or `</tag>` inside them is written with `&lt;`.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from functools import lru_cache

from pydantic import BaseModel

from imobench.resources import resource_dir

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
_TAG = re.compile(r"<(/?\s*[A-Za-z_][\w\-]*\s*/?)>")


class ScaleLevel(BaseModel):
    label: str
    points: int
    definition: str


class Scale(BaseModel):
    version: str
    max_points: int
    level: list[ScaleLevel]

    def label_of(self, points: int) -> str | None:
        return next((lv.label for lv in self.level if lv.points == points), None)

    def points_of(self, label: str) -> int | None:
        return next((lv.points for lv in self.level if lv.label.lower() == label.lower()), None)


@lru_cache(maxsize=None)
def template(name: str) -> str:
    path = resource_dir("rubrics") / "prompts" / name
    if not path.is_file():
        raise FileNotFoundError(f"prompt template {name} not found in {path.parent}")
    return path.read_text(encoding="utf-8")


def template_version(name: str) -> str:
    """The template's file name and content hash: part of every grader cache key and score."""
    return f"{name}@{hashlib.sha256(template(name).encode()).hexdigest()[:12]}"


@lru_cache(maxsize=None)
def scale(name: str = "scale.toml") -> Scale:
    with (resource_dir("rubrics") / name).open("rb") as fh:
        return Scale(**tomllib.load(fh))


def escape_untrusted(text: str) -> str:
    """Neutralise tag-like sequences so model text cannot open or close a prompt section."""
    return _TAG.sub(lambda m: "&lt;" + m.group(1) + "&gt;", text)


def render(name: str, **values: str) -> str:
    """Fill a template; every placeholder must have a value."""
    text = template(name)
    missing = {m.group(1) for m in _PLACEHOLDER.finditer(text)} - values.keys()
    if missing:
        raise KeyError(f"template {name} needs values for {', '.join(sorted(missing))}")
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def scale_text(s: Scale | None = None) -> str:
    s = s or scale()
    return "\n".join(f"- {lv.points} points ({lv.label}): {lv.definition}" for lv in s.level)
