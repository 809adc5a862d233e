"""Logs for the hostile-input cases: a real interrupted run and its real `inspect eval-retry`."""

from __future__ import annotations


import pytest


@pytest.fixture(scope="session")
def retried_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """An AnswerBench run of 8 problems in which the fake server refuses the solver's request for two of
    them (HTTP 400, not retried): the run ends with status error and 6 scored samples; then
    `inspect eval-retry` of that log, with the server answering everything, gives all 8.  Both logs
    are in one folder, as Inspect leaves them."""
    from inspect_ai import eval as inspect_eval
    from inspect_ai import eval_retry
    from inspect_ai.model import get_model

    from imobench.tasks.answerbench import answerbench
    from tests.fake_openai import FakeOpenAI, HTTPFailure, last_user_text
    from tests.tasks.responders import PROBLEM_ANSWERS, by_statement, solver_or_grader

    folder = tmp_path_factory.mktemp("retried")
    table = by_statement("answerbench", PROBLEM_ANSWERS)
    refused = list(table)[2:4]
    answer = solver_or_grader(table)
    state = {"refusing": True}

    def respond(body: dict) -> str:
        text = last_user_text(body)
        if state["refusing"] and "<student_answer>" not in text and any(statement in text for statement in refused):
            raise HTTPFailure(400, "refused by the test: this sample fails")
        return answer(body)

    with pytest.MonkeyPatch.context() as mp, FakeOpenAI(respond) as server:
        mp.setenv("OPENAI_API_KEY", "k")  # eval-retry rebuilds the model from the log, which keeps no key
        grader = get_model("litellm/openai/grader", base_url=server.base_url, api_key="k")
        [first] = inspect_eval(answerbench(category="Algebra"), model="litellm/openai/solver", model_base_url=server.base_url,
                               model_args={"api_key": "k"}, model_roles={"grader": grader}, limit=8, log_dir=str(folder),
                               display="none", continue_on_fail=True)
        state["refusing"] = False
        [retry] = eval_retry(first.location, log_dir=str(folder), display="none")
    return {"folder": folder, "first": first, "retry": retry, "problems": 8}
