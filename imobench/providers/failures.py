"""What goes wrong between the litellm provider and a model server, said so that a user can act on it.

litellm reports a missing API key and a refused connection both as a 500 `InternalServerError`
("Missing credentials…", "Connection error."), so a provider that retries every 500 retries a run
with no key or no network for as long as Inspect is willing to (forever by default), printing
nothing.  This module tells those cases apart from a real server error by walking the exception
chain litellm keeps (`__cause__`/`__context__` down to the socket error):

- no credentials: never retried; the message says which environment variable to set;
- a host that cannot be reached (refused, unknown name, connect timeout): retried by Inspect, each
  retry logged as a warning naming the host, and given up once the host has not answered for
  `UNREACHABLE_GIVE_UP_S` (about three of Inspect's backoff retries) unless the user bounded the
  retries themselves (`--max-retries`, `--timeout`);
- anything else keeps litellm's own exception and Inspect's usual retry rules.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import click

from imobench.errors import ImobenchError

CONNECT_TIMEOUT_S = 20.0  # connect phase only: a host that never completes a handshake fails in seconds
UNREACHABLE_GIVE_UP_S = 20.0  # without an answer from a host for this long, its connection errors stop being retried
MAX_CHAIN = 12  # exception links followed from litellm's error down to the socket error

# exception class names (anywhere in the chain) that mean "the connection was never made"
_CONNECT_FAILURES = frozenset({
    "ConnectError", "ConnectTimeout",  # httpx
    "ClientConnectorError", "ClientConnectorDNSError", "ConnectionTimeoutError", "ServerTimeoutError",  # aiohttp
    "ConnectionRefusedError", "gaierror",  # the socket layer
})
_MISSING_KEY_PHRASES = ("missing credentials", "api_key client option must be set", "no api key provided")

logger = logging.getLogger(__name__)


class ProviderSetupError(ImobenchError, click.ClickException):
    """A model that cannot work as configured (no key, bad router file, unsupported option).

    A `click.ClickException`, so that `inspect eval` (a click command) prints `Error: <message>`
    and exits 2 without a traceback; an `ImobenchError` for imobench's own command line."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        click.ClickException.__init__(self, message)

    def __str__(self) -> str:
        return self.message


class HostUnreachable(ConnectionError):
    """The connection to a model server was never made; `host` is what could not be reached."""

    def __init__(self, host: str, reason: str, user_bounded: bool) -> None:
        super().__init__(f"cannot reach {host} ({reason}); check that the server is running and the address "
                         f"(--model-base-url, -M api_base, a role's base_url) is right")
        self.host = host
        self.reason = reason
        self.user_bounded = user_bounded


def chain(ex: BaseException) -> Iterator[BaseException]:
    """The exception and its causes, outermost first (bounded: chains can be cyclic)."""
    seen: set[int] = set()
    current: BaseException | None = ex
    while current is not None and id(current) not in seen and len(seen) < MAX_CHAIN:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _names(ex: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(ex).__mro__}


def is_missing_credentials(ex: BaseException) -> bool:
    """litellm's wrapping of the OpenAI SDK's "Missing credentials" (raised before any request)."""
    return any(phrase in str(link).lower() for link in chain(ex) for phrase in _MISSING_KEY_PHRASES)


def connect_failure(ex: BaseException, connect_timeout: float = CONNECT_TIMEOUT_S) -> str | None:
    """The innermost reason a connection was never made ("Connection refused", "connect timed
    out", a name that does not resolve), or None when the error happened after connecting."""
    links = list(chain(ex))
    if not any(_names(link) & _CONNECT_FAILURES for link in links):
        return None
    for link in reversed(links):
        if isinstance(link, OSError) and link.errno:  # errno > 0: the socket's; < 0: the resolver's
            return os.strerror(link.errno) if link.errno > 0 else (link.strerror or str(link))
        if "Timeout" in type(link).__name__:
            return f"connect timed out after {connect_timeout:g} s"
    return type(links[-1]).__name__


def host_of(url: str | None, fallback: str) -> str:
    """`host:port` of a base URL, for messages; `fallback` when there is none."""
    if not url:
        return fallback
    parts = urlsplit(url if "//" in url else f"//{url}")
    if not parts.hostname:
        return url
    default = {"https": 443, "http": 80}.get(parts.scheme or "", None)
    return f"{parts.hostname}:{parts.port or default}" if (parts.port or default) else parts.hostname


class Reachability:
    """Per host: when it last stopped answering.  Shared by every request to the host, so 64
    concurrent samples against a dead server give up together, and one answer resets it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._down_since: dict[str, float] = {}

    def answered(self, host: str) -> None:
        with self._lock:
            self._down_since.pop(host, None)

    def should_retry(self, err: HostUnreachable) -> bool:
        now = time.monotonic()
        with self._lock:
            since = self._down_since.setdefault(err.host, now)
        down = now - since
        if err.user_bounded:
            logger.warning("%s; your --max-retries/--timeout decide whether Inspect retries it", err)
            return True
        if down >= UNREACHABLE_GIVE_UP_S:
            logger.warning("%s; no answer from it for %.0f s, not retrying", err, down)
            return False
        logger.warning("%s; Inspect retries it (giving up once it has not answered for %g s; "
                       "--max-retries or --timeout set your own bound)", err, UNREACHABLE_GIVE_UP_S)
        return True


def missing_key_message(model: str, keys: list[str]) -> str:
    which = keys[0] if len(keys) == 1 else "one of " + ", ".join(keys)
    return (f"--model litellm/{model}: no API key: set {which} in the environment (or pass -M api_key=KEY; "
            f"a local server that takes any key: -M api_key=local)")
