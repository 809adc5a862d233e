"""Runs whose unscored samples differ: what score ranges and paired comparisons are tested on."""

from __future__ import annotations

from pathlib import Path

import pytest

# problem -> reply, per model; SILENT answers cannot be parsed and the grader will not decide them
SOLVERS = {
    "a": {"imo-bench-algebra-001": "\\boxed{3}", "imo-bench-algebra-002": "\\boxed{\\lfloor \\log_2 a \\rfloor + 1}",
          "imo-bench-algebra-003": "\\boxed{g(x) = 2x^3 + C}", "imo-bench-algebra-004": "EQUIV ~~ unparsable",
          "imo-bench-algebra-005": "SILENT: no idea at all %%%"},
    "b": {"imo-bench-algebra-001": "\\boxed{3}", "imo-bench-algebra-002": "SILENT: no idea at all %%%",
          "imo-bench-algebra-003": "SILENT: still no idea %%%", "imo-bench-algebra-004": "EQUIV ~~ unparsable",
          "imo-bench-algebra-005": "\\boxed{-1}"},
}
LIMITS = {"a": 5, "b": 5, "c": 3}  # c: model a's replies on the first three problems only


@pytest.fixture(scope="session")
def unscored_runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder: AnswerBench (Algebra) runs of models a, b and c through litellm to the fake server.
    a: 3 right, 1 wrong, 1 unscored; b: 2 right, 1 wrong, 2 unscored; c: a's first three problems."""
    from inspect_ai import eval as inspect_eval
    from inspect_ai.model import get_model

    from imobench.tasks.answerbench import answerbench
    from tests.fake_openai import FakeOpenAI, last_user_text
    from tests.tasks.responders import answer_grader_reply, by_statement

    folder = tmp_path_factory.mktemp("unscored")
    tables = {m: by_statement("answerbench", replies) for m, replies in SOLVERS.items()}
    tables["c"] = tables["a"]

    def respond(body: dict) -> str:
        text = last_user_text(body)
        answer_reply = answer_grader_reply(text)
        if answer_reply is not None:
            return answer_reply
        return next(reply for statement, reply in tables[body["model"]].items() if statement in text)

    with FakeOpenAI(respond) as server:
        grader = get_model("litellm/openai/grader", base_url=server.base_url, api_key="k")
        for model, limit in LIMITS.items():
            inspect_eval(answerbench(category="Algebra"), model=f"litellm/openai/{model}", model_base_url=server.base_url,
                         model_args={"api_key": "k"}, model_roles={"grader": grader}, limit=limit, log_dir=str(folder), display="none")
    return folder
