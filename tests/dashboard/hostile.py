"""Logs whose every text attacks the page: responses, grader replies and proofs carrying image, link
and HTML payloads (inline, reference style, entity-encoded, autolinks, KaTeX \\href and
\\includegraphics) pointing at a loopback "beacon", a `\\rule{100000em}{100000em}`, a 1 MB response,
and log files named like a payload.  Written by the real tasks through the fake OpenAI server (a
helper module of the browser test)."""

from __future__ import annotations

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.fake_openai import last_user_text
from tests.tasks.responders import PROBLEM_ANSWERS, PROOFS, by_statement

MEGABYTE = 1_000_000


class Beacon:
    """An HTTP server on 127.0.0.1 that records every request it receives and answers 200 with a tiny GIF."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _hit(self) -> None:
                outer.requests.append(f"{self.command} {self.path} (Referer: {self.headers.get('Referer')})")
                body = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
                self.send_response(200)
                self.send_header("Content-Type", "image/gif")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_HEAD = do_OPTIONS = _hit

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def payload(base: str, where: str) -> str:
    host = base.removeprefix("http://")
    return (
        f"![inline]({base}/{where}/inline.png) and ![ref][r{where}] and ![entity](&#104;ttp://{host}/{where}/entity.png) "
        f"![colon](http&#58;//{host}/{where}/colon.png) ![hex](&#x68;&#x74;tp://{host}/{where}/hex.png) "
        f'<img src="{base}/{where}/html.png"> <iframe src="{base}/{where}/frame"></iframe> '
        f"<style>@import url({base}/{where}/css);</style> [a link]({base}/{where}/link) <{base}/{where}/autolink> "
        f"{base}/{where}/bare $\\href{{{base}/{where}/href}}{{x}}$ $\\includegraphics{{{base}/{where}/g.png}}$ "
        f"$ ![m]({base}/{where}/math.png) $ $\\rule{{100000em}}{{100000em}}$ and $x^2 + y^2$\n\n"
        f"[r{where}]: {base}/{where}/ref.png\n"
    )


def responder(base: str):
    """Solver replies and grader replies, each carrying the payload; one AnswerBench reply is 1 MB."""
    answers = by_statement("answerbench", PROBLEM_ANSWERS)
    proofs = by_statement("proofbench", PROOFS)
    first = next(iter(answers))

    def respond(body: dict) -> str:
        text = last_user_text(body)
        if "<student_answer>" in text:
            return payload(base, "answer-grader") + "\n\\boxed{Correct}"
        if "<candidate_proof>" in text:
            return payload(base, "proof-grader") + "\n<points>7 out of 7</points>"
        for statement, reply in proofs.items():
            if statement in text:
                return "FULL-PROOF. " + payload(base, "proof") + reply
        for statement, reply in answers.items():
            if statement in text:
                big = ("x " * (MEGABYTE // 2)) if statement == first else ""
                return payload(base, "response") + big + reply
        return "\\boxed{0}"

    return respond


def write_hostile_logs(folder: Path, base: str) -> Path:
    from inspect_ai import eval as inspect_eval
    from inspect_ai.model import get_model

    from imobench.tasks.answerbench import answerbench
    from imobench.tasks.proofbench import proofbench
    from tests.fake_openai import FakeOpenAI

    folder.mkdir(parents=True, exist_ok=True)
    with FakeOpenAI(responder(base)) as server:
        grader = get_model("litellm/openai/grader", base_url=server.base_url, api_key="k")
        for task, model in ((answerbench(category="Algebra"), "hostile"), (answerbench(category="Algebra"), "other"),
                            (proofbench(level="basic"), "hostile")):
            [log] = inspect_eval(task, model=f"litellm/openai/{model}", model_base_url=server.base_url, model_args={"api_key": "k"},
                                 model_roles={"grader": grader}, limit=5, log_dir=str(folder), display="none")
            assert log.status == "success", log.error
    host = base.removeprefix("http://")
    named = f"![file](&#x2F;&#x2F;{host}&#x2F;file-name.png)"
    source = sorted(folder.glob("*proofbench*.eval"))[0]
    shutil.copy(source, folder / f"{named}.eval")  # a readable log named like a payload
    (folder / f"{named} [x](&#x2F;&#x2F;{host}&#x2F;corrupt).eval").write_bytes(b"\x00 not a log")  # and one that warns
    return folder
