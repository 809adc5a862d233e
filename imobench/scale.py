"""The proof grading scale: ordered levels with points, the maximum, and the pass and low thresholds.

One `Scale`, loaded from `rubrics/scale.toml` (or a copy named by a grader spec), is what reply
parsing, the grader prompt, agreement statistics, calibration, metrics and reports all take, so a
grader spec's `scale` changes every one of them at once.  It sits beside `errors` and `resources`
as a leaf (pydantic and TOML only) because the rooms that use it (grading, stats, tasks, results,
the dashboard) may not import each other that way round.

GradingBench's human labels are the dataset's own vocabulary (Correct, Almost, Partial, Incorrect:
`imobench.data.models.Reward`); a scale says where each lands with its `[human_labels]` table, and
a human grade on the scale is the points of that level (the label decides, not the Points cell).
"""

from __future__ import annotations

import hashlib
import tomllib
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from imobench.errors import ImobenchError
from imobench.resources import resource_dir

DEFAULT_SCALE = "scale.toml"


class Level(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    points: int
    definition: str = ""


class Scale(BaseModel):
    """Levels in ascending order of points; every consumer asks this object, never a literal."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str
    max_points: int
    pass_points: int  # a grade >= this passes (binarised accuracy, over-grading, the wrong-answer flag)
    low_points: int  # a grade <= this is low (over- and under-grading rates)
    level: tuple[Level, ...]
    human_labels: dict[str, str] = {}  # GradingBench human label -> label of this scale

    @field_validator("level")
    @classmethod
    def _ascending(cls, levels: tuple[Level, ...]) -> tuple[Level, ...]:
        return tuple(sorted(levels, key=lambda lv: lv.points))

    @model_validator(mode="after")
    def _consistent(self) -> Scale:
        levels = self.level
        points = [lv.points for lv in levels]
        labels = [lv.label.casefold() for lv in levels]
        if len(levels) < 2:
            raise ValueError("a scale needs at least two levels")
        if len(set(points)) != len(points) or len(set(labels)) != len(labels):
            raise ValueError("level points and labels must be unique")
        if self.max_points != points[-1] or points[0] < 0:
            raise ValueError(f"max_points = {self.max_points} but the levels run from {points[0]} to {points[-1]} (the lowest must be >= 0)")
        if not points[0] <= self.low_points < self.pass_points <= self.max_points:
            raise ValueError(f"need {points[0]} <= low_points < pass_points <= max_points; got low {self.low_points}, pass {self.pass_points}")
        unknown = [v for v in self.human_labels.values() if v.casefold() not in labels]
        if unknown:
            raise ValueError(f"[human_labels] maps to {', '.join(unknown)}, which are not levels of this scale")
        return self

    @property
    def points(self) -> tuple[int, ...]:
        return tuple(lv.points for lv in self.level)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(lv.label for lv in self.level)

    def label_of(self, points: float) -> str | None:
        return next((lv.label for lv in self.level if lv.points == points), None)

    def points_of(self, label: str) -> int | None:
        return next((lv.points for lv in self.level if lv.label.casefold() == label.casefold()), None)

    def index_of(self, points: float) -> int | None:
        """The ordinal class (0 = lowest level) of a grade on the scale; None between levels."""
        return next((i for i, lv in enumerate(self.level) if lv.points == points), None)

    def human_grade(self, human_label: str) -> int | None:
        """Points on this scale of a GradingBench human label (None if the scale does not place it)."""
        mapped = self.human_labels.get(human_label)
        return None if mapped is None else self.points_of(mapped)

    def identity(self) -> str:
        """Version and content hash: two scales with the same identity grade alike."""
        digest = hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:12]
        return f"{self.version}@{digest}"

    def prompt_text(self) -> str:
        """The levels as the grader prompt lists them, highest first."""
        return "\n".join(f"- {lv.points} points ({lv.label}): {lv.definition}" for lv in reversed(self.level))

    def describe_points(self) -> str:
        """`7, 6, 1 or 0`: the allowed grades, highest first, as prompts and messages say them."""
        return _or_list([str(p) for p in reversed(self.points)])

    def describe_labels(self) -> str:
        """`incorrect, partial, almost or correct`: the labels, lowest first, in lower case."""
        return _or_list([label.lower() for label in self.labels])


def _or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def scale_path(name: str = DEFAULT_SCALE, relative_to: Path | None = None) -> Path:
    """Where a scale named by a grader spec lives: a path (absolute, or beside the spec that names
    it), else a file in `rubrics/`."""
    given = Path(name)
    beside = [relative_to / given] if relative_to is not None else []
    candidates = [given] if given.is_absolute() else [*beside, given, resource_dir("rubrics") / given]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise ImobenchError(f"scale {name}: no such file (looked beside the grader spec and in {resource_dir('rubrics')}); "
                        "give a path to a scale TOML shaped like rubrics/scale.toml")


@lru_cache(maxsize=32)
def _load(path: Path, mtime_ns: int) -> Scale:
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
        return Scale.model_validate(raw)
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ImobenchError(f"scale {path}: cannot be read ({err})") from None
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg']}" for e in err.errors())
        raise ImobenchError(f"scale {path}: {problems}; see rubrics/scale.toml for the expected shape") from None


def load_scale(name: str = DEFAULT_SCALE, relative_to: Path | None = None) -> Scale:
    path = scale_path(name, relative_to).resolve()
    return _load(path, path.stat().st_mtime_ns)


def default_scale() -> Scale:
    """The scale of `rubrics/scale.toml`: also the one a log written before scales were recorded used."""
    return load_scale(DEFAULT_SCALE)
