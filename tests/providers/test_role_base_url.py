"""`--model-base-url` reaches only the model under test: a role without a base URL of its own is warned
about at start, once, on the console and in the log; the role form the warning suggests works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai.log import read_eval_log
from inspect_ai.model import GenerateConfig, ModelConfig

from imobench.hooks import roles_without_base_url
from tests.fake_openai import FakeOpenAI

INSPECT = Path(sys.executable).with_name("inspect")
URL = "http://127.0.0.1:8741/v1"


@pytest.mark.parametrize(
    ("main_url", "roles", "warned_roles"),
    [
        (URL, {"grader": ModelConfig(model="litellm/openai/x")}, ["grader"]),
        (URL, {"grader": ModelConfig(model="litellm/openai/x", base_url="http://127.0.0.1:1/v1")}, []),
        (URL, {"grader": ModelConfig(model="litellm/openai/x", args={"api_base": "http://h/v1"})}, []),
        (URL, {"grader": ModelConfig(model="litellm/pool", args={"router": "servers.yaml"})}, []),
        (URL, {"grader": [ModelConfig(model="litellm/openai/a"), ModelConfig(model="litellm/openai/b", base_url=URL)]}, ["grader"]),
        (URL, {"grader": ModelConfig(model="mockllm/model")}, []),
        (None, {"grader": ModelConfig(model="litellm/openai/x")}, []),
        (URL, None, []),
    ],
    ids=["no-url", "own-base-url", "own-api-base", "own-router", "panel-one-without", "mockllm", "main-has-none", "no-roles"],
)
def test_which_roles_are_warned_about(main_url: str | None, roles: dict | None, warned_roles: list[str]) -> None:
    warnings = roles_without_base_url(main_url, roles)
    assert [w.split("'")[1] for w in warnings] == warned_roles
    assert all(main_url in w and "model_args: {base_url:" in w for w in warnings)


def _run(tmp_path: Path, server_url: str, role: str, *extra: str) -> tuple[subprocess.CompletedProcess, Path]:
    logs = tmp_path / "logs"
    proc = subprocess.run(
        [str(INSPECT), "eval", "imobench/answerbench", "--model", "litellm/openai/solver", "--model-base-url", server_url,
         "-M", "api_key=k", "--model-role", role, "-T", "category=Algebra", *extra, "--limit", "2",
         "--log-dir", str(logs), "--display", "plain"],
        capture_output=True, text=True, timeout=600,
        # plain log lines: the rich console wraps long ones and puts the source file between the words
        env={**os.environ, "OPENAI_API_KEY": "not-used-no-request-goes-out", "INSPECT_PY_LOGGER_FORMAT": "plain"},
    )
    return proc, logs


def test_a_grader_without_a_base_url_is_warned_about_once_on_the_console_and_in_the_log(tmp_path: Path) -> None:
    with FakeOpenAI(lambda body: "The answer is \\boxed{-1}.") as server:  # decided by the checker: no grader call
        proc, logs = _run(tmp_path, server.base_url, "grader=litellm/openai/grader")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-3000:]
    flat = " ".join(out.split())
    assert flat.count("model role 'grader' (litellm/openai/grader) has no base URL of its own") == 1
    assert f"base_url: \"{server.base_url}\"" in flat
    [path] = logs.glob("*.eval")
    log = read_eval_log(str(path), resolve_attachments=True)
    infos = [e.data["warning"] for s in log.samples for e in s.events if e.event == "info" and e.source == "imobench/role_base_url"]
    assert len(infos) == 1 and "model role 'grader'" in infos[0]


def test_the_suggested_role_form_sends_the_grader_to_the_server_and_is_not_warned_about(tmp_path: Path) -> None:
    seen_models: list[str] = []

    def respond(body: dict) -> str:
        seen_models.append(body.get("model", ""))
        return "The answer is \\boxed{-1}." if body.get("model") == "solver" else "\\boxed{Incorrect}"

    with FakeOpenAI(respond) as server:
        role = f'grader={{model: litellm/openai/grader, model_args: {{base_url: "{server.base_url}", api_key: k}}}}'
        proc, logs = _run(tmp_path, server.base_url, role, "-T", "grader_mode=all")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-3000:]
    assert "has no base URL of its own" not in " ".join(out.split())
    assert seen_models.count("solver") == 2
    assert seen_models.count("grader") == 2  # grader_mode=all: the grader judged both answers, on this server


def test_config_of_a_role_is_not_where_a_base_url_goes() -> None:
    # why the warning suggests model_args: Inspect's --model-role YAML puts other keys into GenerateConfig
    with pytest.raises(ValueError, match="base_url"):
        GenerateConfig(base_url=URL)
