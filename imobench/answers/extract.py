"""Final-answer extraction from a model response.

Order: the last `\\boxed{...}` / `\\fbox{...}` (nested braces, `\\boxed {...}`), unless the text after
it revises the answer ("Final answer: ..." later wins); else a "Final answer:" / "The answer is"
statement (the last one); else the last non-empty line.  The extracted text is then cleaned of math
delimiters (`$...$`, `\\(...\\)`, `\\[...\\]`), `\\text{}` wrappers, markdown bold and a trailing period.

Pure string work, linear in the response length.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

MAX_RESPONSE_CHARS = 200_000  # responses longer than this are cut from the front: answers come last

_BOX = re.compile(r"\\(?:boxed|fbox)\s*\{")
_STATEMENT = re.compile(
    r"(?:final\s+answer|the\s+(?:final\s+)?answer\s+is|answer\s*:|therefore,?\s+the\s+answer\s+is)\s*[:：]?\s*",
    re.IGNORECASE,
)


class Extraction(BaseModel):
    """What was taken from a response as its final answer, and how."""

    model_config = ConfigDict(frozen=True)

    text: str
    method: str  # boxed | statement | last-line | empty


def _braced(text: str, start: int) -> tuple[str, int] | None:
    """Content of the brace group opening at text[start] == '{', and the index after it."""
    depth = 0
    i = start
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n:
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1 : i], i + 1
        i += 1
    return None


def _last_boxed(text: str) -> tuple[str, int] | None:
    last = None
    for m in _BOX.finditer(text):
        got = _braced(text, m.end() - 1)
        if got is not None:
            last = (got[0], got[1])
    return last


def _last_statement(text: str) -> tuple[str, int] | None:
    last = None
    for m in _STATEMENT.finditer(text):
        rest = text[m.end() :]
        line = rest.split("\n\n", 1)[0].split("\n", 1)[0]
        if line.strip():
            last = (line, m.start())
    return last


def extract_final_answer(response: str) -> Extraction:
    """The response's final answer, cleaned for parsing."""
    text = response[-MAX_RESPONSE_CHARS:] if len(response) > MAX_RESPONSE_CHARS else response
    boxed = _last_boxed(text)
    statement = _last_statement(text)
    if boxed is not None and (statement is None or statement[1] < boxed[1]):
        inner = boxed[0]
        nested = _last_boxed(inner)  # \boxed{\boxed{5}}
        return Extraction(text=clean(nested[0] if nested else inner), method="boxed")
    if statement is not None:
        inner = statement[0]
        b = _last_boxed(inner)
        return Extraction(text=clean(b[0] if b else inner), method="statement")
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    if not lines:
        return Extraction(text="", method="empty")
    return Extraction(text=clean(lines[-1]), method="last-line")


_DELIMS = [
    (re.compile(r"^\$\$(.*)\$\$$", re.S), 1),
    (re.compile(r"^\$(.*)\$$", re.S), 1),
    (re.compile(r"^\\\((.*)\\\)$", re.S), 1),
    (re.compile(r"^\\\[(.*)\\\]$", re.S), 1),
]


def clean(text: str) -> str:
    """Strip presentation around an answer without touching its mathematical content."""
    s = text.strip()
    s = s.replace("**", "").replace("__", "")
    for _ in range(4):
        before = s
        s = s.strip().rstrip(".;").strip()
        for pattern, group in _DELIMS:
            m = pattern.match(s)
            if m:
                s = m.group(group).strip()
        m = re.fullmatch(r"\\(?:text|textbf|mathrm|mathbf)\s*\{(.*)\}", s, re.S)
        if m and _braced("{" + m.group(1) + "}", 0) == (m.group(1), len(m.group(1)) + 2):
            s = m.group(1)
        if s == before:
            break
    return s.strip()
