"""`--model litellm/<litellm model string>`: any model litellm can reach, as an Inspect model.

Examples: `litellm/openai/gpt-4o`, `litellm/anthropic/claude-...`, `litellm/hosted_vllm/<name>` with
`--model-base-url http://host:8000/v1`.  Inspect's generate config (temperature, max tokens, top_p,
stop sequences, seed, reasoning effort, timeout) is mapped onto litellm's arguments; `-M key=value`
model args are passed to `litellm.acompletion` unchanged, except `-M router=FILE`: requests then go
through a litellm Router over the deployments that FILE lists (litellm's proxy format), so one run
spreads over several servers; litellm's own environment variables
(OPENAI_API_KEY, ANTHROPIC_API_KEY, ...) apply.  Rate limits and server errors are retried by
Inspect with backoff (`should_retry`); concurrency is Inspect's `max_connections`.  Token usage and
litellm's cost estimate are recorded on every call.

litellm fetches a model cost map from the network at import unless told to use its bundled copy;
this module sets LITELLM_LOCAL_MODEL_COST_MAP before importing it, and imports it only when a model
is created, so importing imobench never reaches the network.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from inspect_ai.model import (
    ChatCompletionChoice,
    ChatMessage,
    ChatMessageAssistant,
    GenerateConfig,
    ModelAPI,
    ModelOutput,
    ModelUsage,
    modelapi,
)
from inspect_ai.model._model_call import ModelCall
from inspect_ai.tool import ToolChoice, ToolInfo

_RETRYABLE = (
    "RateLimitError",
    "APIConnectionError",
    "Timeout",
    "InternalServerError",
    "ServiceUnavailableError",
    "BadGatewayError",
)


def _litellm():
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    os.environ.setdefault("LITELLM_LOG", "ERROR")
    import litellm

    litellm.telemetry = False
    litellm.suppress_debug_info = True
    litellm.drop_params = True  # a parameter a provider does not take is dropped, not an error
    return litellm


def _message(m: ChatMessage) -> dict[str, Any]:
    role = m.role if m.role in ("system", "user", "assistant") else "user"
    return {"role": role, "content": m.text}


class LiteLLMAPI(ModelAPI):
    """Inspect ModelAPI over `litellm.acompletion`."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig = GenerateConfig(),
        **model_args: Any,
    ) -> None:
        super().__init__(model_name=model_name, base_url=base_url, api_key=api_key, api_key_vars=[], config=config)
        self._router_file = model_args.pop("router", None)
        self.model_args = model_args
        self._litellm = _litellm()
        self._router_spec = load_router_spec(self._router_file, model_name) if self._router_file else None
        self._router = None  # made on first use, inside the event loop that runs the eval

    def _completion(self):
        if self._router_spec is None:
            return self._litellm.acompletion
        if self._router is None:
            self._router = self._litellm.Router(**self._router_spec)
        return self._router.acompletion

    def _request(self, input: list[ChatMessage], config: GenerateConfig) -> dict[str, Any]:
        request: dict[str, Any] = {"model": self.model_name, "messages": [_message(m) for m in input]}
        if self.base_url and self._router_spec is None:
            request["api_base"] = self.base_url
        if self.api_key and self._router_spec is None:
            request["api_key"] = self.api_key
        mapping = {
            "temperature": config.temperature,
            "max_tokens": config.max_tokens,
            "top_p": config.top_p,
            "seed": config.seed,
            "stop": config.stop_seqs,
            "reasoning_effort": config.reasoning_effort,
            "timeout": config.timeout,
            "frequency_penalty": config.frequency_penalty,
            "presence_penalty": config.presence_penalty,
        }
        request.update({k: v for k, v in mapping.items() if v is not None})
        request["num_retries"] = 0  # Inspect retries (with backoff and logging), not litellm
        request.update(self.model_args)
        return request

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> tuple[ModelOutput, ModelCall]:
        request = self._request(input, config)
        started = time.monotonic()
        response = await self._completion()(**request)
        elapsed = time.monotonic() - started
        choices = []
        for choice in response.choices:
            content = choice.message.content or ""
            choices.append(
                ChatCompletionChoice(
                    message=ChatMessageAssistant(content=content, model=self.model_name, source="generate"),
                    stop_reason=_stop_reason(choice.finish_reason),
                )
            )
        usage = getattr(response, "usage", None)
        cost = None
        try:
            cost = float(self._litellm.completion_cost(completion_response=response))
        except Exception:  # noqa: BLE001 - litellm has no price for local or unknown models
            cost = None
        output = ModelOutput(
            model=getattr(response, "model", None) or self.model_name,
            choices=choices,
            usage=ModelUsage(
                input_tokens=getattr(usage, "prompt_tokens", 0) or 0,
                output_tokens=getattr(usage, "completion_tokens", 0) or 0,
                total_tokens=getattr(usage, "total_tokens", 0) or 0,
                total_cost=cost,
            )
            if usage is not None
            else None,
            time=elapsed,
            metadata={"litellm_cost_usd": cost, "litellm_model": self.model_name},
        )
        shown = {k: v for k, v in request.items() if k != "api_key"}
        call = ModelCall.create(request=shown, response=response.model_dump() if hasattr(response, "model_dump") else {}, time=elapsed)
        return output, call

    def should_retry(self, ex: Exception) -> bool:
        return type(ex).__name__ in _RETRYABLE or getattr(ex, "status_code", None) in (408, 409, 429, 500, 502, 503, 504)

    def connection_key(self) -> str:
        return f"{self._router_file or self.base_url or 'default'}|{self.model_name}"

    def canonical_name(self) -> str:
        return self.model_name


def load_router_spec(path: str, model_name: str) -> dict[str, Any]:
    """litellm Router arguments from a YAML or JSON file in the litellm proxy's format: `model_list`
    (deployments; several under one `model_name` share the load) and optional `router_settings`
    (e.g. `routing_strategy: least-busy`).  The model string after `litellm/` names the group."""
    import yaml

    from imobench.errors import ImobenchError

    try:
        spec = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ImobenchError(f"-M router={path}: cannot read it as YAML or JSON ({err})") from None
    deployments = spec.get("model_list") if isinstance(spec, dict) else None
    if not isinstance(deployments, list) or not all(isinstance(d, dict) and "model_name" in d and "litellm_params" in d for d in deployments):
        raise ImobenchError(f"-M router={path}: needs a model_list of {{model_name, litellm_params}} entries (litellm's proxy format)")
    names = sorted({d["model_name"] for d in deployments})
    if model_name not in names:
        raise ImobenchError(f"-M router={path}: no deployment is named {model_name!r}; use --model litellm/NAME with NAME one of {', '.join(names)}")
    settings = spec.get("router_settings") or {}
    # Inspect retries (with backoff and logging); the router only spreads and fails over
    return {"model_list": deployments, **settings, "num_retries": 0}


def _stop_reason(reason: str | None) -> str:
    return {"stop": "stop", "length": "max_tokens", "content_filter": "content_filter", "tool_calls": "tool_calls"}.get(
        reason or "", "unknown"
    )


@modelapi(name="litellm")
def litellm_provider() -> type[ModelAPI]:
    return LiteLLMAPI
