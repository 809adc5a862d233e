"""What each benchmark reports: one descriptor per benchmark, and the one format of metric names.

The tasks build their metrics from a descriptor (which score key, which headline metric, grouped by
which sample metadata), and the leaderboard, the report and the dashboard read the same descriptor
to find that metric again, label its groups and show its unit.  Adding a benchmark or a grouping is
one entry here.

Metric names are written and parsed only here: `accuracy` (all samples), `accuracy (Algebra)` (a
group), and either with `_ci_low`, `_ci_high` or `_n` after the metric (`accuracy_ci_low (Algebra)`);
a group of a secondary key is labelled `key: value` (`percent (category: Algebra)`).  The unscored
count's most common reason is a group of `unscored`: `unscored (no_grader)`.  Parentheses, not square
brackets: Inspect prints metric names through Rich, which reads `[Algebra]` as markup and drops it,
so the summary showed `accuracy` three times and the reason not at all.  Logs written before use
`accuracy[Algebra]_ci_low`; `parse_metric_name` reads both.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

ALL = "all"
PARTS = ("ci_low", "ci_high", "n")
UNSCORED = "unscored"  # the metric counting unscored samples; `unscored (code)`: how many share the most common reason


class Benchmark(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    value_key: str  # the key of the score's value dict that holds the sample's score
    headline: str | None  # the headline metric's name (None: the benchmark has no leaderboard score)
    unit: str
    group_keys: tuple[str, ...] = ()  # sample metadata the headline is grouped by; the first is the main one
    chart_key: str | None = None  # the groups a leaderboard chart shows beside the overall score
    graded_on_scale: bool = False  # scores are points on the proof scale (percent of its maximum)
    paired: bool = True  # two models' runs can be compared problem by problem

    @property
    def main_key(self) -> str | None:
        return self.group_keys[0] if self.group_keys else None

    def group_label(self, key: str, value: object) -> str:
        """How a group is named in metrics, reports and pages."""
        return str(value) if key == self.main_key else f"{key}: {value}"


BENCHMARKS: dict[str, Benchmark] = {
    b.name: b
    for b in (
        Benchmark(name="answerbench", value_key="correct", headline="accuracy", unit="% correct", group_keys=("category",)),
        Benchmark(name="proofbench", value_key="points", headline="percent", unit="% of max", group_keys=("level", "category"),
                  chart_key="level", graded_on_scale=True),
        Benchmark(name="gradingbench", value_key="points", headline=None, unit="", graded_on_scale=True, paired=False),
    )
}


def benchmark(name: str) -> Benchmark | None:
    return BENCHMARKS.get(name)


def metric_name(prefix: str, group: str | None = None, part: str | None = None) -> str:
    """`prefix`, `prefix_part`, `prefix (group)`, `prefix_part (group)` (part one of PARTS)."""
    if part is not None and part not in PARTS:
        raise ValueError(f"unknown metric part {part!r}; use one of {', '.join(PARTS)}")
    name = prefix if part is None else f"{prefix}_{part}"
    return name if group is None or group == ALL else f"{name} ({group})"


_PARTS_RE = "|".join(PARTS)


def parse_metric_name(prefix: str, name: str) -> tuple[str, str | None] | None:
    """(group, part) of a metric named by `metric_name(prefix, ...)`, or in the bracket form of older
    logs; None for another metric."""
    p = re.escape(prefix)
    m = re.fullmatch(rf"{p}(?:_(?P<part>{_PARTS_RE}))?(?: \((?P<group>.*)\))?", name) or re.fullmatch(
        rf"{p}(?:\[(?P<group>.*)\])?(?:_(?P<part>{_PARTS_RE}))?", name)
    if m is None:
        return None
    return (m.group("group") or ALL, m.group("part"))
