"""The real thing: `imobench dashboard` serves the app, headless Debian Chromium (driven by
playwright with its executable path; no browser download) loads every page, and each page shows
its title and no exception text."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(log_dir: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    exe = Path(sys.executable).with_name("imobench")
    proc = subprocess.Popen([str(exe), "dashboard", "--log-dir", str(log_dir), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(os.environ))
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    pytest.fail("the dashboard did not answer within 90 s: " + proc.stderr.read().decode()[-2000:])


@pytest.fixture(scope="module")
def server(task_logs: Path):
    proc, url = _start(task_logs)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def test_stopping_the_command_stops_the_server(tmp_path: Path) -> None:
    """`imobench dashboard` is the server process itself: stopping it leaves no server behind."""
    proc, url = _start(tmp_path)
    proc.terminate()
    proc.wait(timeout=20)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM, "Debian's chromium is required for the browser test (scripts/test.sh installs it)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.mark.parametrize("page_name", ["Leaderboard", "Model", "Compare", "Graders", "Datasets"])
def test_page_renders_in_chromium(server: str, browser, page_name: str) -> None:
    page = browser.new_page()
    try:
        page.goto(f"{server}/?page={page_name}")
        page.get_by_role("heading", name=page_name).wait_for(timeout=90_000)
        page.wait_for_timeout(1500)  # let the rest of the script's output arrive
        text = page.inner_text("body")
    finally:
        page.close()
    assert "imobench" in text
    for bad in ("Traceback", "StreamlitAPIException", "Error running app"):
        assert bad not in text, text[:2000]
