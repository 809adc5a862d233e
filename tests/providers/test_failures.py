"""No key, no network: the litellm provider fails at once or names the host, through the real Inspect runner.

Every address here is on this machine: a loopback port nothing listens on (refused), and a
loopback listener whose accept queue is full, so the kernel drops the handshake (a host that
never answers, as an unroutable address does).
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.model import get_model

from imobench.providers.failures import ProviderSetupError, host_of

INSPECT = Path(sys.executable).with_name("inspect")
RUN_TIMEOUT_S = 600  # a bound on the subprocess, not an assertion about speed


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def unanswering_port() -> Iterator[int]:
    """A loopback port whose listener never accepts and whose backlog is already full."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(4):
        c = socket.socket()
        c.setblocking(False)
        try:
            c.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        fillers.append(c)
    yield port
    for c in fillers:
        c.close()
    listener.close()


def _no_key_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}


def test_no_api_key_fails_before_the_eval_starts_with_the_variable_to_set(tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(INSPECT), "eval", "imobench/answerbench", "--model", "litellm/openai/gpt-4o", "--limit", "1",
         "--log-dir", str(tmp_path), "--display", "plain"],
        capture_output=True, text=True, timeout=RUN_TIMEOUT_S, env=_no_key_env(),
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 2, out[-3000:]
    assert "set OPENAI_API_KEY" in out
    assert "Traceback" not in out
    assert not list(tmp_path.glob("*.eval"))  # failed at model creation: no sample ran, nothing was sent


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("openai/gpt-4o", "set OPENAI_API_KEY"),
        ("anthropic/claude-sonnet-4-5", "set ANTHROPIC_API_KEY"),
        ("gemini/gemini-2.5-pro", "GEMINI_API_KEY"),
    ],
    ids=["openai", "anthropic", "gemini"],
)
def test_no_api_key_names_the_providers_variable(model: str, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for key in [k for k in os.environ if k.endswith("_API_KEY")]:
        monkeypatch.delenv(key)
    with pytest.raises(ProviderSetupError, match=expected):
        get_model(f"litellm/{model}", memoize=False)


@pytest.mark.parametrize(
    ("model", "args"),
    [
        ("hosted_vllm/my-model", {}),  # a self-hosted server that needs no key
        ("openai/gpt-4o", {"api_key": "local"}),  # -M api_key=...
        ("bedrock/anthropic.claude-v2", {}),  # cloud credentials litellm cannot see: left to the provider
    ],
    ids=["keyless-provider", "key-given", "cloud-credentials"],
)
def test_models_with_a_key_or_without_the_need_for_one_are_created(model: str, args: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    for key in [k for k in os.environ if k.endswith("_API_KEY")]:
        monkeypatch.delenv(key)
    created = get_model(f"litellm/{model}", base_url="http://127.0.0.1:9/v1", memoize=False, **args)
    assert type(created.api).__name__ == "LiteLLMAPI"


def _retry_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "imobench.providers.failures"]


@pytest.mark.parametrize(
    ("address", "reason"),
    [("refused", "Connection refused"), ("unanswering", "connect timed out after 1 s")],
    ids=["refused-port", "no-handshake"],
)
def test_unreachable_host_is_named_retried_a_bounded_time_and_each_retry_is_logged(
    address: str, reason: str, tmp_path: Path, caplog: pytest.LogCaptureFixture, request: pytest.FixtureRequest,
) -> None:
    from imobench.tasks.answerbench import answerbench

    port = request.getfixturevalue("unanswering_port") if address == "unanswering" else _closed_port()
    caplog.set_level(logging.WARNING, logger="imobench.providers.failures")
    [log] = inspect_eval(
        answerbench(category="Algebra"), model=f"litellm/openai/x{address}", model_base_url=f"http://127.0.0.1:{port}/v1",
        model_args={"api_key": "k", "connect_timeout": 1}, limit=1, log_dir=str(tmp_path), display="none",
    )
    assert log.status == "error"
    assert f"cannot reach 127.0.0.1:{port} ({reason})" in log.error.message
    warnings = _retry_warnings(caplog)
    assert all(f"cannot reach 127.0.0.1:{port}" in w for w in warnings), warnings
    assert 2 <= len(warnings) <= 6, warnings  # a few of Inspect's retries, each visible, then a stop
    assert "not retrying" in warnings[-1] and all("Inspect retries it" in w for w in warnings[:-1])


def test_retries_of_an_unreachable_host_are_left_to_a_bound_the_user_gave(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from imobench.tasks.answerbench import answerbench

    port = _closed_port()
    caplog.set_level(logging.WARNING, logger="imobench.providers.failures")
    [log] = inspect_eval(
        answerbench(category="Algebra"), model="litellm/openai/bounded", model_base_url=f"http://127.0.0.1:{port}/v1",
        model_args={"api_key": "k"}, limit=1, log_dir=str(tmp_path), display="none", max_retries=1,
    )
    assert log.status == "error"
    # Inspect's own stop (tenacity's RetryError) ends it; each attempt's warning named the host
    assert "HostUnreachable" in log.error.message
    warnings = _retry_warnings(caplog)
    assert len(warnings) == 2, warnings  # the first attempt and its one retry, each logged
    assert all(f"cannot reach 127.0.0.1:{port} (Connection refused)" in w for w in warnings), warnings
    assert all("your --max-retries/--timeout decide" in w for w in warnings), warnings


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://127.0.0.1:8000/v1", "127.0.0.1:8000"),
        ("https://api.openai.com", "api.openai.com:443"),
        ("http://gpu-host/v1", "gpu-host:80"),
        ("gpu-host:8001", "gpu-host:8001"),
        (None, "the provider's endpoint"),
    ],
    ids=["loopback-port", "https-default", "http-default", "no-scheme", "none"],
)
def test_host_of_names_host_and_port(url: str | None, host: str) -> None:
    assert host_of(url, "the provider's endpoint") == host
