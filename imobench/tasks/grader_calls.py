"""Calling grader models from a scorer: every call of a grading, concurrently, with the run's limits.

A ProofBench grade asks each model of the panel `samples` times; those calls are independent, so they
are gathered at once (a three-model panel with `median3` is nine concurrent requests, bounded by
Inspect's `--max-connections`, not nine in a row).  Grader calls take the run's retry and timeout
settings (`--timeout`, `--attempt-timeout`, `--max-retries`, from the model under test's config,
which is where Inspect puts them): a role model is built from its own config, which does not carry
them, so without this a grader waited out its whole request while the solver's was retried.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from inspect_ai.model import CachePolicy, GenerateConfig, Model, get_model

from imobench.grading.proofs import CACHE_EXPIRY, GraderReply, cache_scopes

RUN_LIMITS = ("timeout", "attempt_timeout", "max_retries")


def grader_config(temperature: float | None = None) -> GenerateConfig:
    """The generate config of a grading call: its temperature, and the run's retry and time limits."""
    active = get_model().config
    limits = {name: getattr(active, name) for name in RUN_LIMITS if getattr(active, name) is not None}
    return GenerateConfig(**limits, **({"temperature": temperature} if temperature is not None else {}))


def cache_policy(identity: str, sample: int, enabled: bool, per_epoch: bool = True) -> CachePolicy | bool:
    if not enabled:
        return False
    return CachePolicy(expiry=CACHE_EXPIRY, per_epoch=per_epoch, scopes=cache_scopes(identity, sample))


async def ask(models: Sequence[Model], prompt: str, samples: int, config: GenerateConfig, identity: str,
              cache: bool = False) -> list[GraderReply]:
    """`samples` replies from each model, all requested concurrently, in (model, sample) order."""

    async def one(model: Model, k: int) -> GraderReply:
        out = await model.generate(prompt, config=config, cache=cache_policy(identity, k, cache))
        return GraderReply(model=str(model), sample=k, text=out.completion)

    return list(await asyncio.gather(*(one(m, k) for m in models for k in range(samples))))
