"""What a log's header says about the data the run used.

Each sample carries its dataset key (`answerbench@v2+errata`) and whether the file was the verified
pinned one; the header repeats both so that a leaderboard can show them without reading samples.
"""

from __future__ import annotations

from inspect_ai.dataset import Dataset


def data_provenance(dataset: Dataset) -> dict[str, object]:
    metas = [s.metadata or {} for s in dataset]
    return {
        "dataset": metas[0].get("dataset") if metas else None,
        "data_verified": bool(metas) and all(bool(m.get("data_verified")) for m in metas),
    }
