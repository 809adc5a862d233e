"""The markdown report renders log text inertly, in GitHub's own renderer (cmark-gfm, raw HTML allowed):
no image, link or HTML from a file name, model name, group label or warning; warnings closed before
the tables; every table row keeps its cells."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from inspect_ai.log import read_eval_log, write_eval_log

from imobench.cli import main
from imobench.results.markdown import md_text

pytestmark = pytest.mark.hostile

BEACON = "http://127.0.0.1:9/beacon.png"


def gfm(text: str) -> str:
    """GitHub-flavoured markdown to HTML as GitHub renders it, with raw HTML let through (the strictest case)."""
    return cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)


ACTIVE = re.compile(r"<(?!/?(?:p|code|table|thead|tbody|tr|th|td|blockquote|ul|li|h1|h2|strong)\b)[a-z!/]", re.I)

PAYLOADS = [
    pytest.param(f"![x]({BEACON})", id="inline-image"),
    pytest.param(f"![x][r]\n\n[r]: {BEACON}", id="reference-image"),
    pytest.param("&#33;&#91;x&#93;&#40;http&#58;//127.0.0.1:9/e.png&#41;", id="entity-encoded-image"),
    pytest.param(f"<img src={BEACON}>", id="html-image"),
    pytest.param(f"[click]({BEACON})", id="link"),
    pytest.param(f"<{BEACON}>", id="autolink"),
    pytest.param(BEACON, id="bare-url"),
    pytest.param("www.example.com/x.png", id="www-autolink"),
    pytest.param("user@example.com", id="email-autolink"),
    pytest.param("<script>alert(1)</script>", id="script"),
    pytest.param("a | b | c", id="pipes"),
    pytest.param("first\nsecond\r\nthird\u2028fourth", id="line-breaks"),
    pytest.param("``` fenced ` and `` ticks", id="backticks"),
    pytest.param("> quote\n# heading\n- item", id="block-syntax"),
    pytest.param("**bold** _em_ ~~del~~ $x^2$ \\[x\\]", id="inline-syntax"),
    pytest.param("nul\x00 bell\x07 esc\x1b[31m", id="control-characters"),
]


def _shown(text: str) -> str:
    """What the reader should see: the text, one line, control characters visible."""
    one_line = re.sub(r"\r\n|[\n\r\u2028]", " ⏎ ", text)
    return re.sub(r"[\x00-\x08\x0e-\x1f]", lambda m: f"\\x{ord(m.group()):02x}", one_line)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_log_text_renders_as_itself_in_a_table_cell(payload: str) -> None:
    page = gfm(f"| a | b | c |\n|---|---|---|\n| {md_text(payload, in_table=True)} | two | three |\n")
    assert not ACTIVE.search(page), page
    [row] = re.findall(r"<tr>\s*(<td>.*?)</tr>", page, re.S)
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert cells[1:] == ["two", "three"]
    assert html.unescape(re.sub(r"</?code>", "", cells[0])) == _shown(payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_log_text_renders_as_itself_in_a_warning(payload: str) -> None:
    page = gfm(f"> - {md_text(payload)}\n\nafter\n")
    assert not ACTIVE.search(page), page
    [item] = re.findall(r"<li>(.*?)</li>", page, re.S)
    assert html.unescape(re.sub(r"</?code>", "", item)) == _shown(payload)
    assert page.rstrip().endswith("</blockquote>\n<p>after</p>")


def test_the_report_of_a_hostile_log_renders_inert(task_logs: Path, tmp_path: Path, capsys) -> None:
    """Model name, category and file names carrying markup; the warnings stay in their blockquote."""
    [source] = [p for p in task_logs.glob("*_answerbench_*.eval") if read_eval_log(str(p), header_only=True).eval.model.endswith("strong")]
    log = read_eval_log(str(source))
    log.eval.model = f"litellm/![m]({BEACON})|x"
    for s in log.samples:
        s.metadata["category"] = f"<img src={BEACON}> | www.example.com\n> quoted"
    write_eval_log(log, str(tmp_path / source.name))
    (tmp_path / "<img src=x>![f](beacon.png) user@example.com.eval").write_bytes(b"\x00 not a log")
    shutil.copy(next(task_logs.glob("*_proofbench_*.eval")), tmp_path)

    assert main(["report", str(tmp_path), "--bootstrap", "50"]) == 0
    page = gfm(capsys.readouterr().out)
    assert not ACTIVE.search(page), ACTIVE.search(page)
    assert page.count("<blockquote>") == 1
    assert page.index("</blockquote>") < page.index("<table>")  # the tables are not inside the warning
    results = page[page.index("<table>"):page.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", results, re.S)
    assert len(rows) > 2 and {len(re.findall(r"<t[hd]>", row)) for row in rows} == {9}  # every row keeps its 9 cells
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert log.eval.model in shown and "litellm/openai/strong" in shown
    assert "<img src=x>![f](beacon.png) user@example.com.eval: skipped, cannot be read" in shown
    assert f"<img src={BEACON}> | www.example.com ⏎ > quoted" in shown
