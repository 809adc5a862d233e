"""Offline defaults, applied when Inspect loads imobench (`imobench._registry`) and again by the
litellm provider just before it imports litellm: the one place that sets them.

litellm fetches its model cost map from the network at import (three attempts with backoff when
there is no network) unless LITELLM_LOCAL_MODEL_COST_MAP tells it to use the copy it ships.
Inspect counts tokens with tiktoken's `o200k_base`, which tiktoken downloads on first use; litellm
ships that file, so TIKTOKEN_CACHE_DIR is pointed at litellm's copy unless the user set it.  Only
defaults: an environment variable the user set is never changed.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path


def apply_offline_defaults() -> None:
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    if "TIKTOKEN_CACHE_DIR" not in os.environ:
        spec = importlib.util.find_spec("litellm")
        if spec is not None and spec.origin:
            folder = Path(spec.origin).parent / "litellm_core_utils" / "tokenizers"
            if folder.is_dir():
                os.environ["TIKTOKEN_CACHE_DIR"] = str(folder)
