"""An Inspect `Score` from a score record: the value under the benchmark's key, the record as metadata.

The value is `{key: points}` with NaN under the key for an unscored sample (why not at the root:
`imobench.tasks.metrics`); Inspect's `Score.reason` gets its standard code for why, the explanation
the sentence a reader needs.
"""

from __future__ import annotations

import math

from inspect_ai.scorer import Score

from imobench.benchmarks import benchmark
from imobench.records import INSPECT_REASON, Record


def to_score(benchmark_name: str, record: Record, value: float | None, *, answer: str | None = None,
             explanation: str | None = None) -> Score:
    bench = benchmark(benchmark_name)
    assert bench is not None, benchmark_name
    unscored = record.unscored
    return Score(
        value={bench.value_key: math.nan if value is None else float(value)},
        answer=answer,
        explanation=unscored.reason if unscored is not None else explanation,
        reason=INSPECT_REASON[unscored.code] if unscored is not None else None,
        metadata=record.model_dump(),
    )
