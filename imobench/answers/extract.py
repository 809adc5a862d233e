"""Final-answer extraction from a model response.

Order: the last `\\boxed{...}` / `\\fbox{...}` (nested braces, `\\boxed {...}`; boxes in a row joined
only by "and", commas or spacing are one answer: `\\boxed{1} and \\boxed{2}`), unless a later
"Final answer: ..." / "The answer is ..." statement revises it; else that statement; else the last
non-empty line.  From a statement or a line the answer part is taken: the math span (`$...$`,
`\\(...\\)`, `\\[...\\]`) if there is one, else what follows the last "is".  The result is cleaned of
delimiters, `\\text{}` wrappers, markdown bold and a trailing period.

Pure string work; each step is linear in the response, and at most the last 64 boxes are tried.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

MAX_RESPONSE_CHARS = 200_000  # longer responses are cut from the front: answers come last
_MAX_BOXES = 64

_BOX = re.compile(r"\\(?:boxed|fbox)\s*\{")
_STATEMENT = re.compile(
    r"(?:final\s+answer(?:\s+is)?|the\s+(?:final\s+)?answer\s+is|\banswer\s*:|\banswer\s+is)\s*[:：]?\s*",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(r"\s*(?:I\s+hope\s+it\s+is\s+correct|<\|im_(?:start|end)\|>).*$", re.IGNORECASE | re.S)
_MATH_SPAN = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)
_JOINER = re.compile(r"^(?:\s|,|;|\$|\\\)|\\\(|\\quad|\\qquad|\\,|\\;|\\text\s*\{\s*(?:and|or)\s*\}|\band\b|\bor\b)*$")


_QUALIFIED = re.compile(r"^\s*,?\s*(?:for|where|with)\b", re.I)


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


def _boxes(text: str) -> list[tuple[int, int, str]]:
    """(start, end, content) of the closed boxes among the last few, in order."""
    starts = [m for m in _BOX.finditer(text)][-_MAX_BOXES:]
    out = []
    for m in starts:
        got = _braced(text, m.end() - 1)
        if got is not None:
            out.append((m.start(), got[1], got[0]))
    return out


def _final_boxed(text: str) -> tuple[str, int] | None:
    """The last box, joined with the boxes right before it when only connectors separate them."""
    boxes = _boxes(text)
    if not boxes:
        return None
    chain = [boxes[-1]]
    for prev in reversed(boxes[:-1]):
        gap = text[prev[1] : chain[0][0]]
        if prev[1] <= chain[0][0] and len(gap) <= 40 and _JOINER.match(gap):
            chain.insert(0, prev)
        else:
            break
    content = ", ".join(c for _, _, c in chain)
    return content, chain[-1][1]


def _last_statement(text: str) -> tuple[str, int] | None:
    last = None
    for m in _STATEMENT.finditer(text):
        rest = text[m.end() :]
        line = rest.split("\n\n", 1)[0].split("\n", 1)[0]
        if line.strip():
            last = (line, m.start())
    return last


def answer_part(line: str) -> str:
    """The answer inside a sentence: its math span, or what follows the last ' is '."""
    from imobench.answers.words import words_form

    s = _BOILERPLATE.sub("", line).strip()
    if words_form(clean(s)) is not None:
        return s  # "All numbers of the form $4k+3$", "n is prime": the words are the answer
    matches = list(_MATH_SPAN.finditer(s))
    spans = [next(g for g in m.groups() if g is not None) for m in matches]
    if len(matches) >= 2 and _QUALIFIED.match(s[matches[0].end() : matches[1].start()]) and not s[: matches[0].start()].strip():
        return re.sub(r"(?<!\\)\$", " ", s)  # "$f(x) = ...$ for some $a > 0$": the qualifier belongs to the answer
    if len(matches) >= 2 and not s[: matches[0].start()].strip() and all(
        _JOINER.match(s[a.end() : b.start()]) for a, b in zip(matches, matches[1:])
    ) and not s[matches[-1].end() :].strip(" ."):
        return ", ".join(spans)  # "$a = s+t$, $b = 2$": one answer in several spans
    tail = s[s.rfind(" is ") + 4 :].strip() if " is " in s else ""
    if spans:
        tail_spans = [next(g for g in m.groups() if g is not None) for m in _MATH_SPAN.finditer(tail)]
        if tail_spans:
            return tail_spans[0]
        if re.search(r"\d", tail):
            return tail  # "The largest $n$ is 34."
        return spans[-1]
    if re.search(r"\d", tail):
        return tail
    return s


def extract_final_answer(response: str) -> Extraction:
    """The response's final answer, cleaned for parsing."""
    text = response[-MAX_RESPONSE_CHARS:] if len(response) > MAX_RESPONSE_CHARS else response
    boxed = _final_boxed(text)
    statement = _last_statement(text)
    if boxed is not None and (statement is None or statement[1] < boxed[1]):
        inner = boxed[0]
        nested = _final_boxed(inner)  # \boxed{\boxed{5}}
        return Extraction(text=clean(nested[0] if nested else inner), method="boxed")
    if statement is not None:
        inner = statement[0]
        b = _final_boxed(inner)
        return Extraction(text=clean(b[0] if b else answer_part(inner)), method="statement")
    lines = [ln for ln in _BOILERPLATE.sub("", text).strip().splitlines() if ln.strip()]
    if not lines:
        return Extraction(text="", method="empty")
    last = lines[-1]
    if len(lines) > 1 and _QUALIFIED.match(last):
        last = lines[-2] + " " + last  # "(answer)\nfor $n \ge 1$": the qualifier continues the answer
    return Extraction(text=clean(answer_part(last)), method="last-line")


_DELIMS = [
    re.compile(r"^\$\$(.*)\$\$$", re.S),
    re.compile(r"^\$(.*)\$$", re.S),
    re.compile(r"^\\\((.*)\\\)$", re.S),
    re.compile(r"^\\\[(.*)\\\]$", re.S),
]


def clean(text: str) -> str:
    """Strip presentation around an answer without touching its mathematical content."""
    s = text.strip()
    s = s.replace("**", "")
    for _ in range(4):
        before = s
        s = s.strip().rstrip(".;").strip()
        for pattern in _DELIMS:
            m = pattern.match(s)
            if m:
                s = m.group(1).strip()
        m = re.fullmatch(r"\\(?:text|textbf|mathrm|mathbf)\s*\{(.*)\}", s, re.S)
        if m and _braced("{" + m.group(1) + "}", 0) == (m.group(1), len(m.group(1)) + 2):
            s = m.group(1)
        if s == before:
            break
    return s.strip()
