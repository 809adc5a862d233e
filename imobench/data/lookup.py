"""Finding one row by id across the datasets, for `imobench data show`."""

from __future__ import annotations

from imobench.data.load import Dataset, load
from imobench.data.models import BenchmarkRow
from imobench.errors import UnknownDataset

# Which dataset an id belongs to, by its form, when the user does not say.
_BY_PREFIX = (("imo-bench-", "answerbench"), ("PB-", "proofbench"), ("GB-", "gradingbench"))


def find_row(row_id: str, dataset: str | None = None, data: str | None = None) -> tuple[Dataset, BenchmarkRow]:
    """Load the dataset holding `row_id` (by its prefix unless `dataset` is given) and return the row."""
    if dataset is None:
        matches = [name for prefix, name in _BY_PREFIX if row_id.startswith(prefix)]
        if not matches:
            raise UnknownDataset(
                f"cannot tell which dataset {row_id!r} belongs to: ids look like imo-bench-algebra-001, "
                "PB-Basic-001 or GB-0001; pass --dataset NAME[@VERSION]"
            )
        dataset = matches[0]
    name, _, version = dataset.partition("@")
    ds = load(name, version or None, path=data)
    row = ds.by_id().get(row_id)
    if row is None:
        raise UnknownDataset(f"{ds.key} ({ds.files[0]}) has no row with id {row_id!r}")
    return ds, row
