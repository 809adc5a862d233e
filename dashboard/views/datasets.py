"""Datasets: versions, checksums, where the local copy is and whether it is verified, errata with
their reasons, and v1 → v2 differences when the files are on this machine."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from views.common import MISSING, inline, table


@st.cache_data(show_spinner="Checking the local data files…", ttl=60)
def manifest_rows(data_dir: str | None) -> pd.DataFrame:
    """The manifests with their local copies (`data_dir`: $IMOBENCH_DATA_DIR, the cache's key)."""
    from imobench.data.files import local_copy, verify
    from imobench.data.manifest import manifests

    rows = []
    for m in manifests().values():
        found = local_copy(m)
        rows.append({"dataset": m.name, "version": m.version, "status": m.status, "rows": m.rows,
                     "local copy": str(found[0]) if found else "not on this machine",
                     "verified": MISSING if not found else "yes" if verify(found[0], m).verified else "NO (checksum differs)",
                     "sha256": m.sha256, "git blob": m.git_blob, "changelog": m.changelog})
    return pd.DataFrame(rows)


def page() -> None:
    from imobench.data.errata import errata_for
    from imobench.data.manifest import manifests

    st.header("Datasets")
    import os

    rows = manifest_rows(os.environ.get("IMOBENCH_DATA_DIR"))
    table(rows[["dataset", "version", "status", "rows", "local copy", "verified", "changelog"]], width="stretch",
          column_config={"local copy": st.column_config.TextColumn(width="large"), "changelog": st.column_config.TextColumn(width="large")})
    st.subheader("Checksums")
    st.caption("The pinned files' sha256 and git blob ids, whole (a local copy is verified against the sha256).")
    table(rows[["dataset", "version", "sha256", "git blob"]], width="stretch")
    st.subheader("Errata")
    errata = [{**e.model_dump(exclude={"old", "new"}), "dataset": m.key} for m in manifests().values() for e in errata_for(m)]
    if not errata:
        st.info("No errata recorded.")
    else:
        frame = pd.DataFrame(errata)
        front = [c for c in ("id", "dataset", "problem_id", "field", "action", "reason", "upstream") if c in frame]
        st.table(frame[front + [c for c in frame if c not in front]].set_index(front[0]))
    st.subheader("v1 → v2 differences")
    missing = rows[(rows["local copy"] == "not on this machine") & rows["dataset"].isin(["answerbench", "proofbench"])]
    if not missing.empty:
        st.info("The data files are not on this machine (" + ", ".join(f"{d} {v}" for d, v in zip(missing["dataset"], missing["version"], strict=True))
                + "): start the dashboard with `--data-dir DIR` (the folder holding the IMO-Bench CSV files) to compare versions.")
        return
    from imobench.data import load
    from imobench.data.diff import diff

    for name in ("answerbench", "proofbench"):
        try:
            d = diff(load(name, "v1"), load(name, "v2"))
        except Exception as err:  # noqa: BLE001 - a file that changed under us: say so, keep the page
            st.warning(inline(f"{name}: cannot compare v1 and v2 ({err})", 600))
            continue
        st.markdown(f"**{name}**: {len(d.changed_ids)} changed problem(s): " + inline(", ".join(d.changed_ids), 4000))
