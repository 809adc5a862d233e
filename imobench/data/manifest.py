"""Dataset manifests: one TOML file per upstream file version in `datasets/`.

A manifest pins where a file comes from (URL at a fixed upstream commit), how to recognise it
(sha256, git blob id, size, row count, columns) and what may be done with it (licence, citation).
A *version* a user asks for is either a manifest's own version (`v2`, the raw file) or a manifest's
version plus its errata layer (`v2+errata`).
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from imobench.errors import UnknownDataset
from imobench.resources import resource_dir

ERRATA_SUFFIX = "+errata"


class Manifest(BaseModel):
    """One pinned upstream file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    version: str
    title: str
    status: Literal["current", "deprecated"]
    row_model: Literal["answerbench", "proofbench", "gradingbench", "leanproofbench"]
    filename: str
    url: str
    upstream_repository: str
    upstream_commit: str
    upstream_path: str
    sha256: str
    git_blob: str
    sha256_source: Literal["upstream-file", "third-party"]
    bytes: int | None = None
    rows: int
    columns: list[str]
    licence: str
    copyright: str
    citation: str
    changelog: str
    errata: str | None = None
    path: Path | None = None  # the manifest file itself, for messages

    @property
    def key(self) -> str:
        return f"{self.name}@{self.version}"


class DatasetSpec(BaseModel):
    """What a user asked for: a manifest, with or without its errata layer."""

    model_config = ConfigDict(frozen=True)

    manifest: Manifest
    with_errata: bool

    @property
    def name(self) -> str:
        return self.manifest.name

    @property
    def version(self) -> str:
        return self.manifest.version + (ERRATA_SUFFIX if self.with_errata else "")

    @property
    def key(self) -> str:
        return f"{self.name}@{self.version}"


@lru_cache(maxsize=1)
def manifests() -> dict[tuple[str, str], Manifest]:
    """All shipped manifests, keyed by (name, version)."""
    folder = resource_dir("datasets")
    found: dict[tuple[str, str], Manifest] = {}
    for path in sorted(folder.glob("*.toml")):
        if path.name == "index.toml":
            continue
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
        m = Manifest(**raw, path=path)
        found[(m.name, m.version)] = m
    return found


@lru_cache(maxsize=1)
def default_versions() -> dict[str, str]:
    with (resource_dir("datasets") / "index.toml").open("rb") as fh:
        return dict(tomllib.load(fh)["defaults"])


def dataset_names() -> list[str]:
    return sorted({name for name, _ in manifests()})


def versions_of(name: str) -> list[str]:
    """Every version a user may ask for, raw and with errata, oldest first."""
    out: list[str] = []
    for (n, v), m in sorted(manifests().items()):
        if n == name:
            out.append(v)
            if m.errata:
                out.append(v + ERRATA_SUFFIX)
    return out


def resolve(name: str, version: str | None = None) -> DatasetSpec:
    """Turn `name` (and an optional version, or `name@version`) into a spec, or say what exists."""
    if version is None and "@" in name:
        name, version = name.split("@", 1)
    name = name.strip().lower()
    if name not in dataset_names():
        raise UnknownDataset(
            f"unknown dataset {name!r}: known datasets are {', '.join(dataset_names())} "
            "(see `imobench data list`)"
        )
    if version is None:
        version = default_versions()[name]
    version = version.strip()
    with_errata = version.endswith(ERRATA_SUFFIX)
    base = version[: -len(ERRATA_SUFFIX)] if with_errata else version
    m = manifests().get((name, base))
    if m is None or (with_errata and not m.errata):
        raise UnknownDataset(
            f"unknown version {version!r} of {name}: available versions are "
            f"{', '.join(versions_of(name))} (default {default_versions()[name]})"
        )
    return DatasetSpec(manifest=m, with_errata=with_errata)
