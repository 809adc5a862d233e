"""Model text on a page: inert markdown with math, bounded in length and size.

Everything a log holds is hostile (responses, grader replies, proof text, file names, warnings,
model names).  Streamlit's markdown renders images and links, fetches images from anywhere, and its
KaTeX draws a `\\rule{100000em}{100000em}` over the page, so text is never handed to it as written:

- outside math, every ASCII punctuation character is backslash-escaped (CommonMark lets any be), so
  nothing becomes an image, a link (inline, reference style, autolink), an HTML tag, an entity or a
  heading; line breaks are kept as hard breaks and leading spaces as no-break spaces (no code
  blocks either).  GitHub-flavoured markdown also links bare URLs, `www.` names and e-mail
  addresses *after* parsing, on the unescaped text, so a word joiner (U+2060, invisible) is put
  inside `://`, after `www` and before `@`: the text reads the same and links nowhere;
- `$...$`, `$$...$$`, `\\(...\\)` and `\\[...\\]` become math only when the math holds nothing that
  markdown or KaTeX could turn into a request or a link (`](`, `://`, `www.`, `@`, `\\href`,
  `\\url`, `\\includegraphics`, `\\html...`); `<` and `>` are written `\\lt`, `\\gt`; every
  dimension is clamped (`MAX_POINTS` points), a segment longer than `MATH_CHARS` and the segments
  past `MATH_SEGMENTS` are shown as escaped text;
- at most `TEXT_CHARS` characters are rendered this way; the page offers the whole text as plain
  text behind a "show all" control, and shows it inside a height-bounded scrolling box.
"""

from __future__ import annotations

import re

TEXT_CHARS = 12_000  # rendered as markdown with math; the rest behind "show all"
MATH_SEGMENTS = 200  # math segments typeset per text (KaTeX in the browser is the slow part)
MATH_CHARS = 1_500  # a longer math segment is shown as text
MAX_POINTS = 50.0  # the largest dimension math may ask for (about 5em)
FULL_TEXT_CHARS = 2_000_000  # "show all" shows at most this much (a 1 MB response whole)

_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_AUTOLINKED = re.compile(r"(:/)(/)|(www)(\.)|()(@)", re.I)  # what GFM links in plain text
JOINER = "\u2060"
_MATH = re.compile(r"(?<!\\)\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|(?<!\\)\$([^$\n]+?)\$", re.S)  # \$ is a dollar sign
_DANGEROUS = re.compile(r"\]\s*\(|\]\s*\[|://|www\.|@|\\(?:href|url|includegraphics|html)|&#|javascript", re.I)
_DIMENSION = re.compile(r"(-?\d*\.?\d+)\s*(em|ex|pt|pc|mm|cm|in|bp|dd|cc|sp|mu|px|nd|nc)")
_POINTS_PER = {"em": 10.0, "ex": 4.3, "pt": 1.0, "pc": 12.0, "mm": 2.85, "cm": 28.5, "in": 72.3, "bp": 1.0, "dd": 1.07,
               "cc": 12.8, "sp": 1 / 65536, "mu": 10.0 / 18, "px": 0.75, "nd": 1.07, "nc": 12.8}


def escape_text(text: str, line_start: bool = True) -> str:
    """Plain text as markdown that renders as exactly that text and nothing else.  `line_start`:
    whether `text` begins a line (its leading spaces are kept as no-break spaces, not read as an
    indented code block); every later line does."""
    lines = []
    for n, line in enumerate(text.replace("\r", "").split("\n")):
        body = line.lstrip(" \t") if n or line_start else line
        lead = "\u00a0" * (len(line) - len(body))
        body = _AUTOLINKED.sub(lambda m: JOINER.join(g for g in m.groups() if g is not None), body)
        lines.append(lead + _PUNCT.sub(r"\\\1", body))
    return "  \n".join(lines)


def inline(text: object, limit: int = 300) -> str:
    """A short text (a name, a file name, a warning) for a markdown sentence: escaped, one line, cut."""
    flat = " ".join(str(text).split())
    return escape_text(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def _clamp(match: re.Match) -> str:
    number, unit = float(match.group(1)), match.group(2)
    largest = MAX_POINTS / _POINTS_PER[unit]
    return f"{max(-largest, min(number, largest)):g}{unit}"


def _math(body: str) -> str | None:
    """The body of a math segment made safe, or None when it must be shown as text."""
    if not body.strip() or len(body) > MATH_CHARS or _DANGEROUS.search(body) or "$" in body:
        return None  # blank math is text too: `$ $` emitted as `$$` would open display math
    body = _DIMENSION.sub(_clamp, body)
    return body.replace("<", r"\lt ").replace(">", r"\gt ")


def safe_markdown(text: str, limit: int = TEXT_CHARS) -> tuple[str, bool]:
    """(markdown, truncated): the first `limit` characters of `text` rendered as the module says."""
    truncated = len(text) > limit
    text = text[:limit]
    out: list[str] = []
    pos = 0
    segments = 0
    after_display = False  # display math ends a paragraph: what follows starts a line
    for m in _MATH.finditer(text):
        display = m.group(1) is not None or m.group(2) is not None
        body = next(g for g in m.groups() if g is not None)
        safe = _math(body) if segments < MATH_SEGMENTS else None
        if safe is None:
            continue
        segments += 1
        out.append(escape_text(text[pos:m.start()], line_start=after_display or pos == 0 or text[pos - 1] == "\n"))
        flat = " ".join(safe.split())
        out.append(f"\n\n$$\n{flat}\n$$\n\n" if display else f"${flat.strip()}$")
        pos = m.end()
        after_display = display
    out.append(escape_text(text[pos:], line_start=after_display or pos == 0 or text[pos - 1] == "\n"))
    return "".join(out), truncated
