"""The grader model role: the model under test never grades itself unless asked."""

from __future__ import annotations

from inspect_ai.model import Model, get_model


def grader_model(self_grade: bool = False) -> Model | None:
    """The model bound to the `grader` role; the solver model only when `self_grade` is set."""
    try:
        return get_model(role="grader", required=True)
    except Exception:  # noqa: BLE001 - no grader role bound
        return get_model() if self_grade else None


def grader_models() -> list[Model]:
    """A panel: every model bound to the `grader` role (a role may be bound to a list)."""
    from inspect_ai.model._model import model_roles

    bound = model_roles().get("grader")
    if bound is None:
        return []
    return list(bound) if isinstance(bound, list) else [bound]
