"""The data layer: manifests, loading with verification, errata, validation and diffs.

Pure core: imports pydantic (and pandas for export), never Inspect, litellm or streamlit.
"""

from imobench.data.load import Dataset, load
from imobench.data.manifest import DatasetSpec, Manifest, dataset_names, default_versions, manifests, resolve, versions_of
from imobench.data.models import (
    AnswerBenchProblem,
    GradingBenchRecord,
    LeanProofBenchProblem,
    ProofBenchProblem,
)

__all__ = [
    "AnswerBenchProblem",
    "Dataset",
    "DatasetSpec",
    "GradingBenchRecord",
    "LeanProofBenchProblem",
    "Manifest",
    "ProofBenchProblem",
    "dataset_names",
    "default_versions",
    "load",
    "manifests",
    "resolve",
    "versions_of",
]
