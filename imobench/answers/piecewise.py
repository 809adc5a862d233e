"""Piecewise answers split into (value, condition) pieces: the text side of `forms.Piecewise`.

Read forms: `\\begin{cases} v_1 & c_1 \\\\ v_2 & \\text{otherwise} \\end{cases}` (with or without a label
`f(n) =` before it), and in words "v_1 if c_1, v_2 otherwise", "v_1 if c_1, otherwise v_2", "v_1 for c_1
and v_2 for c_2", "v_1 (c_1), v_2 (c_2)", "v_1 (c_1) v_2 (c_2)", "v_1 when c_1; v_2 otherwise".  Every
piece must carry a condition, except one piece written "otherwise", so that a list such as "60, 100, 8p
(for all odd primes p)" is never read as pieces.  Pure string work; the form builder reads each value
and condition (`imobench.answers.build`).
"""

from __future__ import annotations

import re

from imobench.answers.normalise import fold

MAX_PIECES = 12

_CASES = re.compile(r"^(.*?)\\begin\s*\{\s*[dr]?cases\*?\s*\}(.*?)\\end\s*\{\s*[dr]?cases\*?\s*\}\s*[.,]?\s*$", re.S)
_LABEL = re.compile(r"^\s*((?:\\?[A-Za-z]+)(?:_\{?\w+\}?)?(?:\s*\([^()]*\))?)\s*=\s*(?=\S)")
_OTHERWISE = re.compile(
    r"^\s*(?:\\text\s*\{\s*)?(?:otherwise|else|in\s+general|generally|in\s+all\s+other\s+cases|for\s+all\s+other\s+\w+|否则|其他|其它)\s*\}?\s*[.,]?\s*$",
    re.I,
)
_COND_WORD = re.compile(r"^\s*(?:\\text\s*\{\s*)?(?:if|when|whenever|for|where|当)\b\s*\}?\s*", re.I)
_RELATION = re.compile(r"[<>=]|\\(?:le|ge|leq|geq|ne|neq|in|notin|equiv|mid)(?![a-zA-Z])|\b(?:odd|even|prime|divisible|is|are)\b|奇|偶")
_PIECE_WORDS = re.compile(
    r"^(?P<value>.+?)\s+(?:if|when|whenever|for)\s+(?P<cond>.+)$|^(?P<value2>.+?)\s+(?:otherwise|in\s+general|generally)$|"
    r"^(?:otherwise|else|in\s+general|generally),?\s+(?P<value3>.+)$",
    re.I | re.S,
)
_PAREN_COND = re.compile(r"\(\s*([^()]*?)\s*\)")


def _plain(text: str) -> str:
    s = fold(text)
    s = re.sub(r"(?<!\\)\$", " ", s)
    s = re.sub(r"\\text\s*\{\s*(if|when|for|otherwise|else|and)\s*\}", r" \1 ", s, flags=re.I)
    return " ".join(s.split())


def _top_level_split(s: str) -> list[str]:
    """Split at commas, semicolons and " and " outside brackets and braces."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(s):
        c = s[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth == 0 and c in ",;":
            out.append(s[start:i])
            start = i + 1
        elif depth == 0 and s.startswith(" and ", i):
            out.append(s[start:i])
            start = i + 5
            i += 4
        i += 1
    out.append(s[start:])
    return [re.sub(r"^and\s+", "", p.strip()) for p in out if p.strip()]


def _condition(cell: str) -> str | None:
    """The condition of a piece ("" for otherwise, None if the cell is no condition)."""
    c = cell.strip().rstrip(".,")
    if _OTHERWISE.match(c):
        return ""
    c = _COND_WORD.sub("", c).strip()
    c = re.sub(r"^\\text\s*\{\s*\}\s*", "", c)
    return c if c and _RELATION.search(c) or (c and re.search(r"[A-Za-z]{3,}", c)) else None


def split_pieces(text: str) -> tuple[str | None, list[tuple[str, str]]] | None:
    """(label, [(value, condition)]) of a piecewise answer, condition "" for "otherwise"; None if the text
    is not piecewise."""
    s = fold(text).strip()
    m = _CASES.match(s.replace("$", " ").strip())
    if m:
        head, body = m.group(1).strip(), m.group(2)
        label = None
        lm = _LABEL.match(head + " ")
        if head:
            if not (lm and head[lm.end() - 1 :].strip() in ("", "=")) and not head.rstrip().endswith("="):
                return None
            label = head.rstrip().rstrip("=").strip()
        pieces = []
        for row in re.split(r"\\\\", body):
            if not row.strip():
                continue
            cells = row.split("&")
            if len(cells) != 2:
                return None
            cond = _condition(_plain(cells[1]))
            if cond is None:
                return None
            pieces.append((_plain(cells[0]).rstrip(",").strip(), cond))
        return _checked(label, pieces)
    plain = _plain(s).rstrip(".")
    label = None
    lm = _LABEL.match(plain)
    if lm and re.search(r"\b(?:if|otherwise|when)\b", plain[lm.end() :], re.I):
        label, plain = lm.group(1).strip(), plain[lm.end() :]
    pieces = []
    for part in _top_level_split(plain):
        got = _piece_in_words(part)
        if got is None:
            return None
        pieces.extend(got)
    return _checked(label, pieces)


def _piece_in_words(part: str) -> list[tuple[str, str]] | None:
    m = _PIECE_WORDS.match(part)
    if m and m.group("value"):
        cond = _condition(m.group("cond"))
        return [(m.group("value").strip(), cond)] if cond is not None else None
    if m and (m.group("value2") or m.group("value3")):
        return [((m.group("value2") or m.group("value3")).strip(), "")]
    conds = [c for c in _PAREN_COND.finditer(part) if _RELATION.search(c.group(1))]
    if not conds:
        return None
    out, start = [], 0
    for c in conds:  # "a^2 - a + 1 (a >= 2) 0 (a = 1)": values between the conditions
        value = part[start : c.start()].strip()
        cond = _condition(c.group(1))
        if not value or cond is None:
            return None
        out.append((value, cond))
        start = c.end()
    return out if not part[start:].strip() else None


def _checked(label: str | None, pieces: list[tuple[str, str]]) -> tuple[str | None, list[tuple[str, str]]] | None:
    if not 2 <= len(pieces) <= MAX_PIECES or sum(1 for _, c in pieces if c == "") > 1:
        return None
    if any(not v for v, _ in pieces):
        return None
    return label, pieces
