"""The local model's failure paths end in seconds with the reason, never a hang.

A server that dies (here: killed with SIGILL, as a library built for another CPU's instruction set dies)
is reported with how it died and the tail of its log: before a run (the first completion), during a
quickstart run (the watcher), and under `imobench serve-local`.  Ctrl-C stops everything with one line.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from imobench.errors import ImobenchError
from imobench.local import server

IMOBENCH = str(Path(sys.executable).with_name("imobench"))
END_WITHIN = 60  # seconds a dead server may take to end a run (a bound for the test, not a speed target)

DIES_ON_COMPLETION = textwrap.dedent(
    """
    import json, os, signal, sys
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class H(BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps({"data": [{"id": "gemma-3-270m"}]}).encode()
            self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            print("ggml: about to run the first kernel", flush=True)
            os.kill(os.getpid(), signal.SIGILL)

    print("fake server: listening", flush=True)
    HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
    """
)


def test_a_server_that_dies_on_its_first_completion_is_reported_before_any_run(tmp_path, monkeypatch) -> None:
    script = tmp_path / "dies.py"
    script.write_text(DIES_ON_COMPLETION)
    monkeypatch.setattr(server, "model_file", lambda: tmp_path / "unused.gguf")
    monkeypatch.setattr(server, "server_command", lambda gguf, port, n_ctx, threads: [sys.executable, str(script), str(port)])
    with pytest.raises(ImobenchError) as err:
        server.start(port=0, log_file=tmp_path / "server.log", timeout=60, smoke_timeout=30)
    message = str(err.value)
    assert "was killed by SIGILL (an illegal instruction" in message
    assert "imobench.local.build" in message  # what to do about it
    assert str(tmp_path / "server.log") in message and "about to run the first kernel" in message


@pytest.mark.parametrize(
    ("code", "expected"),
    [(0, "exited with code 0"), (1, "exited with code 1"), (-signal.SIGKILL, "was killed by SIGKILL"),
     (-signal.SIGILL, "was killed by SIGILL (an illegal instruction"), (-200, "was killed by signal 200"), (None, "is running")],
    ids=["clean", "error", "sigkill", "sigill", "unknown-signal", "running"],
)
def test_exits_are_described(code, expected) -> None:
    assert server.describe_exit(code).startswith(expected)


def _read_until(proc: subprocess.Popen, marker: str, seen: list[str]) -> None:
    for line in proc.stdout:
        seen.append(line)
        if marker in line:
            return
    raise AssertionError(f"{marker!r} never printed; output: {''.join(seen)}; stderr: {proc.stderr.read()}")


def _quickstart(tmp_path: Path) -> subprocess.Popen:
    return subprocess.Popen([IMOBENCH, "quickstart", "--log-dir", str(tmp_path / "logs"), "--answerbench", "3",
                             "--proofbench", "1", "--max-tokens", "256"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=dict(os.environ))


def _server_pid(lines: list[str]) -> int:
    m = re.search(r"\(process (\d+);", "".join(lines))
    assert m, lines
    return int(m.group(1))


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # a zombie of another parent still answers kill(0): read its state
    state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] if Path(f"/proc/{pid}/stat").exists() else "X"
    return state in ("Z", "X")


def test_a_server_killed_during_the_quickstart_ends_the_run_with_its_log(tmp_path) -> None:
    proc = _quickstart(tmp_path)
    seen: list[str] = []
    try:
        _read_until(proc, "Running AnswerBench", seen)
        os.kill(_server_pid(seen), signal.SIGILL)
        out, err = proc.communicate(timeout=END_WITHIN)
    finally:
        proc.kill()
    assert proc.returncode == 2, (out, err)
    assert "the local model server was killed by SIGILL" in err
    assert "its log (" in err and "ends with:" in err
    assert "Traceback" not in err + out
    assert "The run was stopped" in err


def test_ctrl_c_stops_the_quickstart_and_its_server_with_one_line(tmp_path) -> None:
    proc = _quickstart(tmp_path)
    seen: list[str] = []
    try:
        _read_until(proc, "Running AnswerBench", seen)
        pid = _server_pid(seen)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=END_WITHIN)
    finally:
        proc.kill()
    assert proc.returncode == 130, (out, err)
    assert err.strip().splitlines() == ["imobench: interrupted; the local model server was stopped"], err
    assert _gone(pid)


def test_serve_local_says_why_its_server_exited() -> None:
    proc = subprocess.Popen([IMOBENCH, "serve-local", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: list[str] = []
    try:
        _read_until(proc, "serving until", seen)
        pid = int(re.search(r"^process:\s+(\d+)", "".join(seen), re.M).group(1))
        os.kill(pid, signal.SIGILL)
        out, err = proc.communicate(timeout=END_WITHIN)
    finally:
        proc.kill()
    assert proc.returncode == 2
    assert "imobench: error: the local model server was killed by SIGILL" in err and "ends with:" in err
    assert "Traceback" not in err
