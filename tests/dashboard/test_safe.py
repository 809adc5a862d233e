"""Model text as page markdown (dashboard/views/safe.py): hostile payloads come out inert, math stays
math, sizes and lengths are bounded.  The check reads the produced markdown independently: outside
math every ASCII punctuation character must be backslash-escaped; inside math nothing that could
become a request, a link or a giant box may remain."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "dashboard"))

from views.safe import MATH_SEGMENTS, TEXT_CHARS, inline, safe_markdown  # noqa: E402

_UNESCAPED_DOLLARS = re.compile(r"(?<!\\)(?:\\\\)*(\$\$?)")
_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_DIMENSION = re.compile(r"(\d*\.?\d+)\s*(em|pt|px|cm|mm|in|ex)")
_LIMITS_PT = {"em": 10, "ex": 4.3, "pt": 1, "px": 0.75, "cm": 28.5, "mm": 2.85, "in": 72.3}


def parts(markdown: str) -> tuple[list[str], list[str]]:
    """(text parts, math parts) of produced markdown, read as CommonMark with remark-math would: in
    text a backslash escapes the next character and an unescaped `$` or `$$` opens math, which runs
    to the next `$` or `$$`."""
    texts, maths, current, i = [], [], [], 0
    while i < len(markdown):
        c = markdown[i]
        if c == "\\":
            current.append(markdown[i:i + 2])
            i += 2
        elif c == "$":
            fence = "$$" if markdown.startswith("$$", i) else "$"
            end = markdown.find(fence, i + len(fence))
            assert end != -1, f"unclosed math at {markdown[i:i + 40]!r}"
            texts.append("".join(current))
            current = []
            maths.append(markdown[i + len(fence):end])
            i = end + len(fence)
        else:
            current.append(c)
            i += 1
    texts.append("".join(current))
    return texts, maths


def assert_inert(markdown: str) -> None:
    texts, maths = parts(markdown)
    for text in texts:
        i = 0
        while i < len(text):
            if text[i] == "\\":
                assert i + 1 < len(text) and (text[i + 1] in _PUNCT or text[i + 1] == "\n" or text[i + 1] == " "), text[i:i + 20]
                i += 2
                continue
            assert text[i] not in _PUNCT, f"unescaped {text[i]!r} in {text[max(0, i - 20):i + 20]!r}"
            i += 1
        plain = re.sub(r"\\(.)", r"\1", text)  # the text node GFM's autolinking runs on, after parsing
        assert not re.search(r"(?i)[a-z]://|www\.|[\w.+-]@", plain), f"a bare URL or address GFM would link: {plain[:80]!r}"
    # an indented code block starts a line; a text part after inline math does not (math stands in as "M")
    assert not re.search(r"^( {4}|\t)", "M".join(texts), re.M), "an indented code block"
    for math in maths:
        lowered = math.lower()
        for bad in ("](", "://", "www.", "@", "\\href", "\\url", "\\includegraphics", "\\html", "<", ">", "&#"):
            assert bad not in lowered, (bad, math)
        for number, unit in _DIMENSION.findall(math):
            assert float(number) * _LIMITS_PT[unit] <= 51, math


BEACON = "http://127.0.0.1:9/b"


@pytest.mark.parametrize(
    "payload",
    [
        f"![a]({BEACON}/inline.png)",
        f"![b][r]\n\n[r]: {BEACON}/ref.png",
        "![c](&#104;ttp://127.0.0.1:9/entity.png) ![d](http&#58;//127.0.0.1:9/e2.png) ![e](&#x68;&#x74;tp://127.0.0.1:9/e3)",
        f'<img src="{BEACON}/html.png"> <iframe src="{BEACON}/frame"></iframe>',
        f"<{BEACON}/autolink> {BEACON}/bare www.example.com/x someone@example.com",
        f"[click]({BEACON}/link) [ref][l]\n\n[l]: {BEACON}/l",
        f"$\\href{{{BEACON}/href}}{{x}}$ $\\url{{{BEACON}/url}}$ \\(\\includegraphics{{{BEACON}/g.png}}\\)",
        f"$ ![m]({BEACON}/math.png) $ and $$ [x]({BEACON}/dm) $$",
        "$\\rule{100000em}{100000em}$ $$\\rule{1e5pt}{99999in}\\hspace{5000cm}$$ \\[\\kern 900000px x\\]",
        f"<style>@import url({BEACON}/css)</style><script>fetch('{BEACON}/js')</script>",
        "    indented code\n\t\ttab code\n# heading\n> quote\n* list\n---\n```\nfence\n```",
        "&lt;img src=x&gt; &#60;img&#62; \\$ escaped dollar \\\\$x$",
        ":red[coloured] :material/home: :smile:",
    ],
    ids=["inline-image", "reference-image", "entity-encoded-urls", "html", "autolinks-and-bare-urls", "links", "katex-urls",
         "markdown-inside-math", "giant-dimensions", "style-and-script", "block-syntax", "entities-and-escapes", "streamlit-directives"],
)
def test_hostile_text_comes_out_inert(payload: str) -> None:
    shown, truncated = safe_markdown(payload)
    assert not truncated
    assert_inert(shown)


@pytest.mark.parametrize(
    ("text", "math"),
    [
        ("Let $x^2 + y^2 = z^2$ hold.", ["x^2 + y^2 = z^2"]),
        ("Then $$\\sum_{i=1}^n i = \\frac{n(n+1)}{2}$$ follows.", ["\\sum_{i=1}^n i = \\frac{n(n+1)}{2}"]),
        ("As \\(a < b\\) and \\[b > c\\].", ["a \\lt b", "b \\gt c"]),
        ("intervals $[0, 1]$ and $(a, b]$", ["[0, 1]", "(a, b]"]),
    ],
    ids=["inline", "display", "paren-and-bracket-delimiters", "brackets-inside-math"],
)
def test_math_stays_math(text: str, math: list[str]) -> None:
    shown, _ = safe_markdown(text)
    assert_inert(shown)
    assert [m.strip() for m in parts(shown)[1] if m.strip()] == math


def test_long_text_and_many_formulas_are_bounded() -> None:
    shown, truncated = safe_markdown("$x$ " * 10_000 + "y" * 1_000_000)
    assert truncated and len(shown) < 4 * TEXT_CHARS
    assert len([m for m in parts(shown)[1] if m.strip()]) == MATH_SEGMENTS
    assert_inert(shown)


def test_a_name_is_one_escaped_line() -> None:
    assert inline("![x](http://h/)\nnext") == "\\!\\[x\\]\\(http\\:\\/\u2060\\/h\\/\\) next"


@settings(max_examples=300, deadline=None, derandomize=True)  # the same 300 in every run; searched with 60,000 random ones on 2026-12-01
@example(pieces=["$", " ", "$"])  # found by this test in CI: blank inline math came out as `$$`, opening display math
@given(st.lists(st.sampled_from(list("ab $\\![](){}<>&#;:/.@_*`\n \t^-=+|~\"'") + ["http://", "\\href", "\\rule", "99999em", "\\(",
                                                                                  "\\)", "\\[", "\\]", "$$"]), max_size=80))
def test_any_text_comes_out_inert(pieces: list[str]) -> None:
    assert_inert(safe_markdown("".join(pieces))[0])


@pytest.mark.parametrize("text", ["$ $", "$\t$", "$$ $$", "a $  $ b", "\\( \\)", "\\[ \\]"], ids=["space", "tab", "display", "in-text", "paren", "bracket"])
def test_blank_math_is_shown_as_text(text: str) -> None:
    shown, _ = safe_markdown(text)
    assert parts(shown)[1] == [] and "$$" not in shown.replace("\\$\\$", "")
    assert_inert(shown)
