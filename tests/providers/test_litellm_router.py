"""`-M router=FILE`: one run spread over several OpenAI-compatible servers by litellm's Router."""

from __future__ import annotations

from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.model import get_model

from imobench.errors import ImobenchError
from imobench.providers.litellm import load_router_spec
from tests.fake_openai import FakeOpenAI
from imobench.records import score_value
from tests.tasks.responders import PROBLEM_ANSWERS, solver_or_grader


def _router_file(tmp_path: Path, urls: list[str]) -> Path:
    lines = ["model_list:"]
    for url in urls:
        lines += ["  - model_name: pool", f"    litellm_params: {{model: openai/fake, api_base: '{url}', api_key: k}}"]
    lines += ["router_settings:", "  routing_strategy: simple-shuffle"]
    path = tmp_path / "router.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_requests_spread_over_the_servers_and_every_sample_is_scored(tmp_path: Path) -> None:
    from imobench.data import load
    from imobench.tasks.answerbench import answerbench

    rows = load("answerbench").by_id()
    table = {rows[pid].problem.strip()[:80]: reply for pid, reply in PROBLEM_ANSWERS.items()}
    with FakeOpenAI(solver_or_grader(table)) as one, FakeOpenAI(solver_or_grader(table)) as two:
        router = _router_file(tmp_path, [one.base_url, two.base_url])
        model = get_model("litellm/pool", router=str(router))
        [log] = inspect_eval(answerbench(category="Algebra", self_grade=True), model=model, model_roles={"grader": model},
                             limit=5, epochs=6, log_dir=str(tmp_path / "logs"), display="none")
        seen = (len(one.requests), len(two.requests))
    assert log.status == "success", log.error
    assert all(s > 0 for s in seen), seen  # both servers served part of the run
    solver_calls = 5 * 6
    assert sum(seen) >= solver_calls
    values = [score_value(next(iter(s.scores.values())).value) for s in log.samples]
    assert len(values) == 30 and values.count(1.0) >= 12  # algebra-001, -002 right in every epoch


def test_router_file_errors_name_the_file_and_the_fix(tmp_path: Path) -> None:
    router = _router_file(tmp_path, ["http://127.0.0.1:9/v1"])
    with pytest.raises(ImobenchError, match=r"no deployment is named 'other'.*one of pool"):
        load_router_spec(str(router), "other")
    bad = tmp_path / "bad.yaml"
    bad.write_text("model_list: [1, 2]\n")
    with pytest.raises(ImobenchError, match=r"bad.yaml: needs a model_list"):
        load_router_spec(str(bad), "pool")
    with pytest.raises(ImobenchError, match=r"missing.yaml: cannot read it"):
        load_router_spec(str(tmp_path / "missing.yaml"), "pool")
    spec = load_router_spec(str(router), "pool")
    assert spec["num_retries"] == 0 and spec["routing_strategy"] == "simple-shuffle"
