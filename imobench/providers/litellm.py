"""`--model litellm/<litellm model string>`: any model litellm can reach, as an Inspect model.

Examples: `litellm/openai/gpt-4o`, `litellm/anthropic/claude-...`, `litellm/hosted_vllm/<name>` with
`--model-base-url http://host:8000/v1`.  Inspect's generate config (temperature, max tokens, top_p,
stop sequences, seed, reasoning effort, timeout) is mapped onto litellm's arguments; `-M key=value`
model args are passed to `litellm.acompletion` unchanged, except `-M router=FILE`: requests then go
through a litellm Router over the deployments that FILE lists (litellm's proxy format), so one run
spreads over several servers; litellm's own environment variables
(OPENAI_API_KEY, ANTHROPIC_API_KEY, ...) apply.  Rate limits and server errors are retried by
Inspect with backoff (`should_retry`); concurrency is Inspect's `max_connections`.  Token usage and
litellm's cost estimate are recorded on every call.  A missing API key fails when the model is
created; an unreachable host is named and retried a bounded time (`imobench.providers.failures`).
Tools are refused (the tasks use none): a solver that offers tools gets an error naming them.

Start-up: importing litellm costs about 3 s of CPU (its package imports its whole surface, every
provider's types included), so it is imported only when a litellm model is created, never when
Inspect loads imobench; `imobench.offline` first points litellm at its bundled cost map (one place
sets it) so that the import never reaches the network.  Per call, the cost litellm already
computed for its own logging is read back (`_hidden_params["response_cost"]`, litellm's documented
way) instead of being computed a second time.
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
    ModelCall,
    ModelOutput,
    ModelUsage,
    modelapi,
)
from inspect_ai.tool import ToolChoice, ToolInfo

from imobench.providers.failures import (
    CONNECT_TIMEOUT_S,
    HostUnreachable,
    ProviderSetupError,
    Reachability,
    chain,
    connect_failure,
    host_of,
    is_missing_credentials,
    missing_key_message,
)

_RETRYABLE = (
    "RateLimitError",
    "APIConnectionError",
    "Timeout",
    "InternalServerError",
    "ServiceUnavailableError",
    "BadGatewayError",
)


_REACHABILITY = Reachability()  # per host, shared by every model of the process


def _litellm():
    from imobench.offline import apply_offline_defaults

    apply_offline_defaults()  # before the import: litellm reads its cost-map setting at import
    os.environ.setdefault("LITELLM_LOG", "ERROR")
    import litellm

    litellm.telemetry = False
    litellm.suppress_debug_info = True
    litellm.drop_params = True  # a parameter a provider does not take is dropped, not an error
    return litellm


def _message(m: ChatMessage, index: int, model: str) -> dict[str, Any]:
    if m.role == "tool" or getattr(m, "tool_calls", None):
        raise ProviderSetupError(
            f"--model litellm/{model}: message {index} is a tool {'result' if m.role == 'tool' else 'call'}; "
            f"imobench's litellm provider does not pass tool calls (tools, tool_choice). Use one of Inspect's "
            f"own providers for a tool-using solver (e.g. --model openai/{model.split('/')[-1]})")
    return {"role": m.role, "content": m.text}


def _refuse_tools(model: str, tools: list[ToolInfo], tool_choice: ToolChoice) -> None:
    """Tools would be dropped silently by the request mapping (and the model would answer as if
    it had none), so they are refused, naming them."""
    if tools:
        names = ", ".join(t.name for t in tools)
        raise ProviderSetupError(
            f"--model litellm/{model}: the solver offers tools ({names}; tool_choice={tool_choice!r}), which "
            f"imobench's litellm provider does not pass to the model. Run it without tools, or use one of "
            f"Inspect's own providers for a tool-using solver (e.g. --model openai/{model.split('/')[-1]})")


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
        self._connect_timeout = float(model_args.pop("connect_timeout", CONNECT_TIMEOUT_S))
        self.model_args = model_args
        self._router_spec = load_router_spec(self._router_file, model_name) if self._router_file else None
        self._litellm = _litellm()
        if self._router_spec is None:
            self._check_credentials()
        self._router = None  # made on first use, inside the event loop that runs the eval
        self._host = host_of(self.base_url or model_args.get("api_base") or self._default_base(), "the provider's endpoint")

    def _default_base(self) -> str | None:
        try:
            return self._litellm.get_api_base(model=self.model_name, optional_params={})
        except Exception:  # noqa: BLE001 - litellm knows no default endpoint for this provider
            return None

    def _check_credentials(self) -> None:
        """Fail now, not after minutes of retries, when litellm finds no API key for a provider
        that needs one.  Only providers whose every missing setting is an `*_API_KEY` are checked:
        cloud providers (Bedrock, Vertex, Azure) authenticate in other ways litellm cannot see."""
        if self.api_key or self.model_args.get("api_key"):
            return
        try:
            env = self._litellm.validate_environment(model=self.model_name, api_base=self.base_url)
        except Exception:  # noqa: BLE001 - an unknown provider: litellm will say so at the first call
            return
        missing = list(env.get("missing_keys") or [])
        if not env.get("keys_in_environment") and missing and all(k.endswith("_API_KEY") for k in missing):
            raise ProviderSetupError(missing_key_message(self.model_name, missing))

    def _completion(self):
        if self._router_spec is None:
            return self._litellm.acompletion
        if self._router is None:
            self._router = self._litellm.Router(**self._router_spec)
        return self._router.acompletion

    def _request(self, input: list[ChatMessage], config: GenerateConfig) -> dict[str, Any]:
        request: dict[str, Any] = {"model": self.model_name,
                                   "messages": [_message(m, i, self.model_name) for i, m in enumerate(input)]}
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
            "frequency_penalty": config.frequency_penalty,
            "presence_penalty": config.presence_penalty,
        }
        request.update({k: v for k, v in mapping.items() if v is not None})
        # the connect phase is bounded on its own, so an unroutable host fails in seconds
        request["timeout"] = self._timeout(config.timeout)
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
        _refuse_tools(self.model_name, tools, tool_choice)
        request = self._request(input, config)
        started = time.monotonic()
        try:
            response = await self._completion()(**request)
        except Exception as ex:
            explained = self._explain(ex, config)
            if explained is ex:
                raise
            raise explained from None  # the message says it all; litellm's chain is ~600 lines of panel
        _REACHABILITY.answered(self._host)
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
        cost = _cost(response)
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

    def _timeout(self, total: float | None) -> Any:
        import httpx

        read = total or self._litellm.request_timeout  # litellm's own default when Inspect gives none
        return httpx.Timeout(read, connect=min(self._connect_timeout, read))

    def _explain(self, ex: Exception, config: GenerateConfig) -> Exception:
        """litellm's exception, or one that says what to do when litellm's does not."""
        if is_missing_credentials(ex):
            return ProviderSetupError(missing_key_message(self.model_name, _key_names(self._litellm, self.model_name)))
        reason = connect_failure(ex, self._connect_timeout)
        if reason is not None:
            user_bounded = config.max_retries is not None or config.timeout is not None
            return HostUnreachable(self._host if self._router_spec is None else _host_in(ex, self._host), reason, user_bounded)
        return ex

    def should_retry(self, ex: Exception) -> bool:
        if isinstance(ex, ProviderSetupError):
            return False
        if isinstance(ex, HostUnreachable):
            return _REACHABILITY.should_retry(ex)
        return type(ex).__name__ in _RETRYABLE or getattr(ex, "status_code", None) in (408, 409, 429, 500, 502, 503, 504)

    def connection_key(self) -> str:
        return f"{self._router_file or self.base_url or 'default'}|{self.model_name}"

    def canonical_name(self) -> str:
        return self.model_name


def _cost(response: Any) -> float | None:
    """The cost litellm computed for this response (None: litellm has no price for the model)."""
    hidden = getattr(response, "_hidden_params", None) or {}
    cost = hidden.get("response_cost") if isinstance(hidden, dict) else getattr(hidden, "response_cost", None)
    return float(cost) if isinstance(cost, (int, float)) else None


def _key_names(litellm: Any, model: str) -> list[str]:
    try:
        missing = litellm.validate_environment(model=model).get("missing_keys") or []
    except Exception:  # noqa: BLE001
        missing = []
    return list(missing) or ["the provider's API key variable"]


def _host_in(ex: BaseException, fallback: str) -> str:
    """The host named by the socket-level error (a router's deployment), else `fallback`."""
    for link in chain(ex):
        host, port = getattr(link, "host", None), getattr(link, "port", None)
        if isinstance(host, str) and host:
            return f"{host}:{port}" if port else host
    return fallback


def load_router_spec(path: str, model_name: str) -> dict[str, Any]:
    """litellm Router arguments from a YAML or JSON file in the litellm proxy's format: `model_list`
    (deployments; several under one `model_name` share the load) and optional `router_settings`
    (e.g. `routing_strategy: least-busy`).  The model string after `litellm/` names the group."""
    import yaml

    try:
        spec = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ProviderSetupError(f"-M router={path}: cannot read it as YAML or JSON ({err})") from None
    deployments = spec.get("model_list") if isinstance(spec, dict) else None
    if not isinstance(deployments, list) or not all(isinstance(d, dict) and "model_name" in d and "litellm_params" in d for d in deployments):
        raise ProviderSetupError(f"-M router={path}: needs a model_list of {{model_name, litellm_params}} entries (litellm's proxy format)")
    names = sorted({d["model_name"] for d in deployments})
    if model_name not in names:
        raise ProviderSetupError(f"-M router={path}: no deployment is named {model_name!r}; use --model litellm/NAME with NAME one of {', '.join(names)}")
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
