"""What a log's header says about the run: data, grader, scale and checker (`RunHeader`).

Each sample carries its dataset key (`answerbench@v2+errata`) and whether the file was the verified
pinned one; the header repeats both so that a leaderboard can show them without reading samples,
and records which grader spec (identity), which scale and which answer checker scored the run.
"""

from __future__ import annotations


from inspect_ai.dataset import Dataset

from imobench.data.load import Dataset as BenchmarkData
from imobench.records import RunHeader
from imobench.scale import Scale


def sample_provenance(ds: BenchmarkData) -> dict[str, object]:
    """The provenance keys every sample's metadata carries."""
    return {"dataset": ds.key, "data_verified": ds.verified}


def data_provenance(dataset: Dataset) -> dict[str, object]:
    """The same keys for the log header: the dataset, and whether every sample came from verified data."""
    metas = [s.metadata or {} for s in dataset]
    return {
        "dataset": metas[0].get("dataset") if metas else None,
        "data_verified": bool(metas) and all(bool(m.get("data_verified")) for m in metas),
    }


def run_header(benchmark: str, version: str | None, dataset: Dataset, *, grader: str | None = None,
               grader_prompt: str | None = None, prompt: str | None = None, scale: Scale | None = None,
               checker: str | None = None) -> dict:
    header = RunHeader(benchmark=benchmark, dataset_version=version, **data_provenance(dataset), grader=grader,
                       grader_prompt=grader_prompt, prompt=prompt, scale=scale,
                       checker=checker)
    return header.model_dump()
