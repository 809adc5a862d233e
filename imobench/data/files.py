"""Finding, verifying and downloading the upstream files a manifest describes.

Resolution order for a named version: an explicit path given by the caller, `$IMOBENCH_DATA_DIR`,
the user cache (`$XDG_CACHE_HOME/imobench`, else `~/.cache/imobench`), then a download from the
manifest's pinned URL, verified before it is atomically moved into the cache.  Files found in the
data dir or the cache must match the manifest; an explicit path may hold any file of the right
shape and is then loaded *unverified*.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from imobench.data.manifest import Manifest
from imobench.errors import ChecksumMismatch, DataNotFound

DATA_DIR_ENV = "IMOBENCH_DATA_DIR"
OFFLINE_ENV = "IMOBENCH_OFFLINE"
_CHUNK = 1 << 20


class Digests(BaseModel):
    """What a file is, by content."""

    model_config = ConfigDict(frozen=True)

    sha256: str
    git_blob: str
    size: int


class Verification(BaseModel):
    """Whether a loaded file is the manifest's file, and why we think so."""

    model_config = ConfigDict(frozen=True)

    verified: bool
    note: str


def digests(path: Path) -> Digests:
    """sha256 and git blob id (`git hash-object`) of a file, read once."""
    size = path.stat().st_size
    sha = hashlib.sha256()
    blob = hashlib.sha1(f"blob {size}\0".encode())
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            sha.update(chunk)
            blob.update(chunk)
    return Digests(sha256=sha.hexdigest(), git_blob=blob.hexdigest(), size=size)


def verify(path: Path, manifest: Manifest) -> Verification:
    """Compare a file with its manifest.

    The git blob id is checked always.  The sha256 must match too, unless the manifest says its
    sha256 came from a third party (GradingBench) and the blob id, which comes from the upstream tree,
    matches: then the file is genuine and the note says the published sha256 is wrong.
    """
    d = digests(path)
    blob_ok = d.git_blob == manifest.git_blob
    sha_ok = d.sha256 == manifest.sha256
    if blob_ok and sha_ok:
        return Verification(verified=True, note=f"sha256 and git blob match {manifest.key}")
    if blob_ok and manifest.sha256_source == "third-party":
        return Verification(
            verified=True,
            note=f"git blob matches {manifest.key}; the third-party sha256 in the manifest does not ({d.sha256})",
        )
    size_note = ""
    if manifest.bytes is not None and d.size != manifest.bytes:
        size_note = f"; the file has {d.size} bytes, the manifest {manifest.bytes}" + (
            " (truncated?)" if d.size < manifest.bytes else ""
        )
    return Verification(
        verified=False,
        note=(
            f"checksum mismatch for {path} ({manifest.key}): expected sha256 {manifest.sha256}, "
            f"actual {d.sha256}; expected git blob {manifest.git_blob}, actual {d.git_blob}{size_note}"
        ),
    )


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "imobench"


def cached_path(manifest: Manifest) -> Path:
    """Cache location, keyed by the upstream commit so two pins never share a file."""
    return cache_dir() / manifest.upstream_commit[:12] / manifest.filename


def _require_verified(path: Path, manifest: Manifest, where: str) -> Path:
    v = verify(path, manifest)
    if not v.verified:
        raise ChecksumMismatch(
            f"{v.note}. The file in {where} is not the pinned upstream file: delete or replace it "
            f"(the pinned copy is {manifest.url}), or pass it explicitly as a path to load it unverified."
        )
    return path


def local_copy(manifest: Manifest) -> tuple[Path, str] | None:
    """The local file that `locate` would use, and where it was found, without verifying or downloading."""
    data_dir = os.environ.get(DATA_DIR_ENV)
    if data_dir:
        candidate = Path(data_dir).expanduser() / manifest.filename
        if candidate.is_file():
            return candidate, f"${DATA_DIR_ENV} ({data_dir})"
    cached = cached_path(manifest)
    if cached.is_file():
        return cached, f"the cache ({cached.parent})"
    return None


class LocalCopy(BaseModel):
    """The local file `locate` would use, where it was found, and whether it is the manifest's file."""

    model_config = ConfigDict(frozen=True)

    path: Path
    where: str
    verification: Verification


def check_local_copy(manifest: Manifest) -> LocalCopy | None:
    """The local copy of the manifest's file, verified (its digests computed; nothing downloaded), or
    None when there is none.  A copy that does not match, or cannot be read, is unverified with the
    reason: `locate` refuses such a file, so a listing must not show it as if it were usable."""
    found = local_copy(manifest)
    if found is None:
        return None
    path, where = found
    try:
        verification = verify(path, manifest)
    except OSError as err:
        verification = Verification(verified=False, note=f"cannot read {path} ({err.strerror or err})")
    return LocalCopy(path=path, where=where, verification=verification)


def locate(manifest: Manifest, *, download: bool | None = None) -> Path:
    """Path of a verified local copy of the manifest's file, downloading it if needed and allowed."""
    found = local_copy(manifest)
    if found is not None:
        return _require_verified(found[0], manifest, found[1])
    data_dir = os.environ.get(DATA_DIR_ENV)
    cached = cached_path(manifest)
    if download is None:
        download = os.environ.get(OFFLINE_ENV, "") not in ("1", "true", "yes")
    if not download:
        raise DataNotFound(_not_found_message(manifest, data_dir, cached, "downloads are off"))
    try:
        return fetch(manifest.url, manifest, cached)
    except (urllib.error.URLError, OSError, TimeoutError) as err:
        raise DataNotFound(_not_found_message(manifest, data_dir, cached, f"download failed: {err}")) from None


def _not_found_message(manifest: Manifest, data_dir: str | None, cached: Path, why: str) -> str:
    looked = f"${DATA_DIR_ENV}={data_dir}" if data_dir else f"${DATA_DIR_ENV} (not set)"
    return (
        f"{manifest.filename} ({manifest.key}) is not available: looked in {looked} and in the cache "
        f"{cached.parent}; {why}. Download {manifest.url} into a folder and set {DATA_DIR_ENV} to it, "
        "or pass a file of the same shape explicitly as a path (it then loads unverified)."
    )


def fetch(url: str, manifest: Manifest, target: Path, timeout: float = 60.0) -> Path:
    """Download `url` to `target`, verify it against `manifest`, and only then move it into place.

    The bytes go to a temporary file in the target's folder, so an interrupted or corrupt download
    never leaves a file where `locate` would trust it.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 (pinned https URL)
            while chunk := resp.read(_CHUNK):
                out.write(chunk)
        v = verify(tmp, manifest)
        if not v.verified:
            raise ChecksumMismatch(f"downloaded {url}: {v.note}. Nothing was written to {target}.")
        os.replace(tmp, target)
        return target
    finally:
        tmp.unlink(missing_ok=True)
