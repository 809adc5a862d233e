"""Inspect hooks (`inspect_ai.hooks`), registered when Inspect loads imobench (`imobench._registry`).

One hook: a warning at task start when the model under test has a base URL (`--model-base-url`)
and a model role does not.  Inspect applies `--model-base-url` to the main model only, so
`--model-base-url http://127.0.0.1:P/v1 --model-role grader=litellm/openai/x` sends the grader to
the provider's public endpoint (api.openai.com for `openai/`), which offline means minutes of
retries and online means a bill, while the user believed the grader was local.  The hook sees
the eval's spec, the one place where both the main model's and the roles' settings are known.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from typing import Any

from inspect_ai.hooks import Hooks, SampleStart, TaskStart, hooks
from inspect_ai.log import transcript
from inspect_ai.model import ModelConfig

ROLE_URL_ARGS = ("base_url", "api_base", "router")  # model args that give a role a server of its own
NO_SERVER_APIS = ("mockllm/", "none/")  # model APIs that never reach a server

logger = logging.getLogger(__name__)


def _own_base_url(config: ModelConfig) -> bool:
    return bool(config.base_url) or any(config.args.get(key) for key in ROLE_URL_ARGS)


def roles_without_base_url(main_base_url: str | None, roles: Mapping[str, Any] | None) -> list[str]:
    """One warning per role that has no base URL of its own while the main model has one
    (empty when the main model has none: then every model goes where its provider says)."""
    if not main_base_url or not roles:
        return []
    warnings = []
    for role, bound in roles.items():
        configs = bound if isinstance(bound, list) else [bound]
        for config in configs:
            if not isinstance(config, ModelConfig) or config.model.startswith(NO_SERVER_APIS) or _own_base_url(config):
                continue
            warnings.append(
                f"model role '{role}' ({config.model}) has no base URL of its own: --model-base-url "
                f"({main_base_url}) applies only to the model under test, so '{role}' goes to its provider's "
                f"default endpoint. To send it to your server: --model-role "
                f"'{role}={{model: {config.model}, model_args: {{base_url: \"{main_base_url}\", api_key: KEY}}}}'"
            )
    return warnings


@hooks(name="role_base_url", description="warns when a model role has no base URL while the model under test has one")
class RoleBaseUrlWarning(Hooks):
    """Warns on the console (and Inspect's trace log) when a task starts, and records the same
    text once in the eval log, as an info event of the task's first sample (a log has no
    task-level place for it, and a warning logged outside a sample reaches only the console)."""

    def __init__(self) -> None:
        self._warned: set[tuple[str, str]] = set()  # (run, warning): once per run, whatever the tasks
        self._pending: dict[str, list[str]] = {}  # eval id -> warnings its first sample records
        self._lock = threading.Lock()

    async def on_task_start(self, data: TaskStart) -> None:
        for text in roles_without_base_url(data.spec.model_base_url, data.spec.model_roles):
            with self._lock:
                if (data.run_id, text) in self._warned:
                    continue
                self._warned.add((data.run_id, text))
                self._pending.setdefault(data.eval_id, []).append(text)
            logger.warning(text)

    async def on_sample_start(self, data: SampleStart) -> None:
        with self._lock:
            texts = self._pending.pop(data.eval_id, [])
        for text in texts:
            transcript().info({"warning": text}, source="imobench/role_base_url")
