"""A small OpenAI-compatible chat server on 127.0.0.1 for end-to-end tests (and the provider bench).

It answers POST /v1/chat/completions (and /chat/completions) with a reply chosen by a Python
function of the request, after an optional delay, and records every request it saw.  A responder
that raises `HTTPFailure` makes that request fail with an HTTP error.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Responder = Callable[[dict], str]


class HTTPFailure(Exception):
    """Raised by a responder to answer a request with an HTTP error instead of a completion (a test
    that needs a sample to fail: 400 is not retried, so the sample errors at once)."""

    def __init__(self, status: int = 400, message: str = "the fake server refused this request") -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class FakeOpenAI:
    def __init__(self, responder: Responder, delay: float = 0.0, fail_first: int = 0) -> None:
        self.responder = responder
        self.delay = delay
        self.fail_first = fail_first  # answer this many requests with HTTP 429 first
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    self._send(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]})
                else:
                    self._send(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                    return
                with outer._lock:
                    outer.requests.append(body)
                    failing = outer.fail_first > 0
                    if failing:
                        outer.fail_first -= 1
                if failing:
                    self._send(429, {"error": {"message": "rate limited", "type": "rate_limit_error"}})
                    return
                if outer.delay:
                    time.sleep(outer.delay)
                try:
                    text = outer.responder(body)
                except HTTPFailure as failure:
                    self._send(failure.status, {"error": {"message": failure.message, "type": "invalid_request_error"}})
                    return
                prompt_tokens = sum(len(str(m.get("content", "")).split()) for m in body.get("messages", []))
                completion_tokens = len(text.split())
                self._send(
                    200,
                    {
                        "id": f"chatcmpl-{len(outer.requests)}",
                        "object": "chat.completion",
                        "created": int(time.time()),
                        "model": body.get("model", "fake"),
                        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens, "total_tokens": prompt_tokens + completion_tokens},
                    },
                )

            def _send(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> FakeOpenAI:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def last_user_text(body: dict) -> str:
    msgs = [m for m in body.get("messages", []) if m.get("role") == "user"]
    return str(msgs[-1]["content"]) if msgs else ""
