"""The grader model role: the model under test never grades itself unless asked.

Only "no model is bound to the `grader` role" means no grader.  Anything else that goes wrong
while resolving a role (a misconfigured model, a provider that cannot start) is raised, so it is
seen, rather than read as "no grader" and turned into unscored samples.
"""

from __future__ import annotations

from inspect_ai.model import Model, get_model, model_roles

ROLE = "grader"


def grader_models(self_grade: bool = False) -> list[Model]:
    """Every model bound to the `grader` role (a role bound to a list makes a panel); the model under
    test alone when no grader is bound and `self_grade` is set; else none."""
    bound = model_roles().get(ROLE)
    if bound is None:
        return [get_model()] if self_grade else []
    return list(bound) if isinstance(bound, list) else [bound]
