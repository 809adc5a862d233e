"""The answer checker as the tasks use it: a budget from `-T checker_timeout` / `-T checker_memory_mb`
(named in the message when unusable), the pool for that budget, and the problem statement passed on
(the checker reads from it whether a bare list is ordered and which integers the problem ranges over).
"""

from __future__ import annotations

import asyncio

from imobench.answers.budget import DEFAULT_MAX_INPUT_CHARS, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, CheckerBudget, budget_problems
from imobench.answers.bounded import runner_for
from imobench.answers.verdict import Verdict
from imobench.errors import ImobenchError

_OPTION = {"timeout_s": "checker_timeout", "memory_mb": "checker_memory_mb"}


def checker_budget(timeout: float = DEFAULT_TIMEOUT_S, memory_mb: int = DEFAULT_MEMORY_MB) -> CheckerBudget:
    """The budget the `-T checker_*` options ask for; an unusable value is refused naming its option."""
    problems = budget_problems(timeout, memory_mb, DEFAULT_MAX_INPUT_CHARS, 0)
    if problems:
        field, value, why = problems[0]
        raise ImobenchError(f"-T {_OPTION.get(field, field)}={value!r}: {why}")
    return CheckerBudget(timeout_s=float(timeout), memory_mb=memory_mb)


async def check_answer(budget: CheckerBudget, gold: str, response: str, problem: str | None) -> Verdict:
    """One bounded check off the event loop (the runner blocks while its worker process works)."""
    return await asyncio.to_thread(runner_for(budget).check, gold, response, problem=problem or None)
