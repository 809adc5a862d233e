"""Prompt templates from `rubrics/prompts/`, filled in one pass, with model text escaped.

Templates use `{{name}}` placeholders, filled in one pass so that a value containing `{{...}}` is
never expanded again.  Values that come from a model (a proof, an answer) are escaped so that they
cannot open or close a section of the prompt: every variant of a section tag the templates use is
found on a normalised view of the text (compatibility forms such as fullwidth `＜／tag＞` folded,
zero-width and other format characters and combining marks dropped, case folded, look-alike angle
brackets and slashes mapped), and the whole tag, with its attributes, spaces (`< /tag >`) and
hidden characters, is rewritten as `&lt;/tag&gt;`.  Other text, `a < b` included, is left as it is.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from imobench.resources import resource_dir

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
_TEMPLATE_TAG = re.compile(r"</?([A-Za-z_][\w\-]*)>")
# any bare <name>, </name> or <name/> (no attributes); `\s*(?:/\s*)?` rather than `\s*/?\s*`, whose two
# adjacent stars backtrack quadratically over a long run of spaces
_PLAIN_TAG = re.compile(r"<\s*(?:/\s*)?[a-z_][\w\-]*\s*(?:/\s*)?>")
_SIMPLE = re.compile(r"[\x20-\x7e\t\n\r]+")
_LT = "<\uff1c\ufe64\u2039\u3008\u27e8\u2329\u276e\u02c2"
_GT = ">\uff1e\ufe65\u203a\u3009\u27e9\u232a\u276f\u02c3"
_SLASH = "/\uff0f\u2215\u2044\u29f8"
_FOLD = str.maketrans({**{c: "<" for c in _LT}, **{c: ">" for c in _GT}, **{c: "/" for c in _SLASH}})
_DROPPED = ("Cf", "Mn", "Me", "Cc")  # format (zero-width, bidi), combining marks, controls (not \n\t)


@lru_cache(maxsize=None)
def template(name: str) -> str:
    path = resource_dir("rubrics") / "prompts" / name
    if not path.is_file():
        raise FileNotFoundError(f"prompt template {name} not found in {path.parent}")
    return path.read_text(encoding="utf-8")


def template_version(name: str) -> str:
    """The template's file name and content hash: part of every grader cache key and score."""
    return f"{name}@{hashlib.sha256(template(name).encode()).hexdigest()[:12]}"


@lru_cache(maxsize=1)
def section_tags() -> tuple[str, ...]:
    """Every tag name any template uses (problem, candidate_proof, points, student_answer, ...)."""
    names = set()
    for path in sorted((resource_dir("rubrics") / "prompts").glob("*.md")):
        names.update(m.group(1).casefold() for m in _TEMPLATE_TAG.finditer(path.read_text(encoding="utf-8")))
    return tuple(sorted(names))


def normalised_view(text: str) -> tuple[str, list[int]]:
    """`text` folded for tag matching, and for each character of the view its index in `text`.

    Runs of printable ASCII (most of any proof) are only lower-cased, in C; each other character is
    decomposed, folded and dropped one by one, so the view costs one pass over the text."""
    view: list[str] = []
    where: list[int] = []
    pos = 0
    for m in _SIMPLE.finditer(text):
        _fold_each(text, pos, m.start(), view, where)
        view.append(m.group().lower())
        where.extend(range(m.start(), m.end()))
        pos = m.end()
    _fold_each(text, pos, len(text), view, where)
    return "".join(view), where


def _fold_each(text: str, start: int, end: int, view: list[str], where: list[int]) -> None:
    for i in range(start, end):
        for c in unicodedata.normalize("NFKD", text[i]).translate(_FOLD):
            if unicodedata.category(c) in _DROPPED:
                continue
            for f in c.casefold():
                view.append(f)
                where.append(i)


@lru_cache(maxsize=1)
def _section_tag_re() -> re.Pattern[str]:
    # a tag name whose "_" may be written "-", " " or nothing, then attributes up to ">" (or the line end)
    names = "|".join(r"[\s_\-]*".join(re.escape(part) for part in name.split("_")) for name in section_tags())
    return re.compile(rf"<\s*(?:/\s*)?(?:{names})(?![\w\-])(?:[^<>\n]*>)?")


def escape_untrusted(text: str) -> str:
    """Neutralise tag-like sequences so model text cannot open or close a prompt section."""
    view, where = normalised_view(text)
    spans = [(m.start(), m.end()) for m in _section_tag_re().finditer(view)]
    spans += [(m.start(), m.end()) for m in _PLAIN_TAG.finditer(view)]
    out: list[str] = []
    last = 0
    for start, end in sorted(_merge(spans)):
        lo, hi = where[start], where[end - 1] + 1
        if lo < last:
            continue
        inner = view[start:end].strip("<>")
        out += [text[last:lo], "&lt;", inner, "&gt;" if view[end - 1] == ">" else ""]
        last = hi
    out.append(text[last:])
    return "".join(out)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def render(name: str, **values: str) -> str:
    """Fill a template; every placeholder must have a value."""
    text = template(name)
    missing = {m.group(1) for m in _PLACEHOLDER.finditer(text)} - values.keys()
    if missing:
        raise KeyError(f"template {name} needs values for {', '.join(sorted(missing))}")
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)
