"""The litellm provider's edges: tools refused by name, cost as litellm priced it, public Inspect names
only, and no litellm import until a litellm model is made (start-up of every other provider)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai import Task
from inspect_ai import eval as inspect_eval
from inspect_ai.dataset import Sample
from inspect_ai.model import get_model
from inspect_ai.solver import generate, use_tools
from inspect_ai.tool import tool

from tests.fake_openai import FakeOpenAI

REPO = Path(__file__).resolve().parents[2]
OWN_MODULES = sorted([*(REPO / "imobench" / "providers").glob("*.py"), REPO / "imobench" / "hooks.py",
                      REPO / "imobench" / "offline.py", REPO / "imobench" / "_registry.py"])


@tool
def addition():
    async def execute(x: int, y: int) -> int:
        """Add two numbers.

        Args:
            x: First number.
            y: Second number.
        """
        return x + y

    return execute


def test_a_solver_with_tools_is_refused_naming_them_and_nothing_is_sent(tmp_path: Path) -> None:
    task = Task(dataset=[Sample(input="What is 1 + 1?", target="2")], solver=[use_tools(addition()), generate()])
    with FakeOpenAI(lambda body: "2") as server:
        [log] = inspect_eval(task, model="litellm/openai/tooluser", model_base_url=server.base_url,
                             model_args={"api_key": "k"}, log_dir=str(tmp_path), display="none")
        sent = list(server.requests)
    assert log.status == "error"
    assert "offers tools (addition" in log.error.message
    assert "does not pass to the model" in log.error.message
    assert sent == []  # refused before the request, not answered as if there were no tools


def _usage_of_one_call(model: str, tmp_path: Path):
    with FakeOpenAI(lambda body: "four words of reply") as server:
        m = get_model(f"litellm/{model}", base_url=server.base_url, api_key="k", memoize=False)
        [log] = inspect_eval(Task(dataset=[Sample(input="one two three", target="x")], solver=generate()), model=m,
                             log_dir=str(tmp_path), display="none")
    assert log.status == "success", log.error
    return log.samples[0].output.usage


def test_cost_of_a_priced_model_is_litellms_price_of_the_call(tmp_path: Path) -> None:
    import litellm

    usage = _usage_of_one_call("openai/gpt-4o", tmp_path)
    expected = litellm.cost_per_token(model="openai/gpt-4o", prompt_tokens=usage.input_tokens,
                                      completion_tokens=usage.output_tokens)
    assert usage.total_cost == pytest.approx(sum(expected), rel=1e-9)
    assert usage.total_cost > 0


def test_cost_of_a_model_litellm_has_no_price_for_is_none_never_zero(tmp_path: Path) -> None:
    usage = _usage_of_one_call("openai/no-such-model-for-pricing", tmp_path)
    assert usage.total_cost is None


def test_importing_imobench_for_inspect_does_not_import_litellm() -> None:
    code = ("import sys, imobench._registry\n"
            "from inspect_ai.model import get_model\n"
            "get_model('mockllm/model')\n"
            "print('litellm' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.parametrize("path", OWN_MODULES, ids=[p.name for p in OWN_MODULES])
def test_only_public_inspect_modules_are_imported(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    names += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    private = [n for n in names if n.startswith("inspect_ai") and any(part.startswith("_") for part in n.split("."))]
    assert private == []


def test_the_cost_map_setting_is_written_in_one_place() -> None:
    literal = '"LITELLM_LOCAL_MODEL_COST_MAP"'
    writers = [p.relative_to(REPO).as_posix() for folder in ("imobench", "bench")
               for p in sorted((REPO / folder).rglob("*.py")) if literal in p.read_text(encoding="utf-8")]
    assert writers == ["imobench/offline.py"]
