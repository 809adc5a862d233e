"""ProofBench logs written by the real task through litellm to the fake OpenAI server, for the human
grading tests (a helper module: the dashboard and human-grade test folders both build theirs here)."""

from __future__ import annotations

from pathlib import Path

from tests.fake_openai import last_user_text
from tests.tasks.responders import PROOFS, by_statement, solver_or_grader

# per solver model, problem id -> its proof (the fake grader grades FULL-PROOF 7, PARTIAL-PROOF 1,
# GARBLE unscored, anything else 0; PB-Basic-005's FULL-PROOF has a wrong final answer: flagged)
MODEL_PROOFS = {
    "strong": PROOFS,
    "middle": {**PROOFS, "PB-Basic-001": "PARTIAL-PROOF by cases.", "PB-Basic-002": "FULL-PROOF by AM-GM, all steps."},
    "weak": {k: "Nothing useful, a restatement." for k in PROOFS},
}


def model_responder(tables: dict[str, dict[str, str]]):
    """The solver's reply chosen by the model asked (`openai/NAME` reaches the server as NAME) and the
    problem; the grader's by the proof it is shown (tests.tasks.responders)."""
    by_model = {name: by_statement("proofbench", table) for name, table in tables.items()}
    graders = {name: solver_or_grader(table) for name, table in by_model.items()}

    def respond(body: dict) -> str:
        name = str(body.get("model", "")).split("/")[-1]
        text = last_user_text(body)
        if "<candidate_proof>" in text or "<student_answer>" in text or name not in graders:
            return graders["strong"](body)
        return graders[name](body)

    return respond


def write_proof_logs(folder: Path, models: tuple[str, ...] = ("strong",), limit: int = 5,
                     tables: dict[str, dict[str, str]] | None = None) -> Path:
    from inspect_ai import eval as inspect_eval
    from inspect_ai.model import get_model

    from imobench.tasks.proofbench import proofbench
    from tests.fake_openai import FakeOpenAI

    folder.mkdir(parents=True, exist_ok=True)
    with FakeOpenAI(model_responder(tables or MODEL_PROOFS)) as server:
        grader = get_model("litellm/openai/grader", base_url=server.base_url, api_key="k")
        for name in models:
            [log] = inspect_eval(proofbench(level="basic"), model=f"litellm/openai/{name}", model_base_url=server.base_url,
                                 model_args={"api_key": "k"}, model_roles={"grader": grader}, limit=limit,
                                 log_dir=str(folder), display="none")
            assert log.status == "success", log.error
    return folder


def off_the_loop(fn, *args, **kwargs):
    """Run `fn` in a thread of its own: Inspect starts an event loop, which it cannot do in a thread where
    playwright's sync API already runs one (a browser fixture made before the logs)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()
