"""Text from logs, made inert in markdown: the one escaping helper of reports (and pages).

File names, model names, dataset and group labels, warnings and error text come from logs that
anyone can write, and `imobench report --format md` is pasted into issues, papers and pages that
render markdown.  Rendered, such text must read as itself and do nothing: fetch no image, make no
link or HTML, open or close no table cell or blockquote, and stay on its line.

How: as a code span.  Inside one, markdown and GitHub-flavoured markdown recognise nothing (no
emphasis, link, image, HTML, entity, math or autolink; backslash escapes could not stop GFM's
e-mail autolinks, which are found after escapes are resolved), so the only work left is a fence of
more backticks than the text holds, one line (line breaks and other control characters become a
visible `⏎` or `\\xNN`) and, in a table cell, `\\|` for a pipe (GFM reads it as a pipe inside a code
span).  The raw report stays readable too: the text is there as written, between backticks.
"""

from __future__ import annotations

import re

LINE_BREAKS = re.compile(r"\r\n|[\n\r\u2028\u2029\x85\v\f]")
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
BACKTICKS = re.compile(r"`+")


def md_text(value: object, *, in_table: bool = False) -> str:
    """`value` (shown with `str`) as an inline markdown code span that renders as that text, inertly;
    `in_table` when it goes into a table cell.  Empty text is the empty string."""
    s = LINE_BREAKS.sub(" ⏎ ", str(value))
    s = CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", s)
    if not s:
        return ""
    if in_table:
        s = s.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in BACKTICKS.findall(s)), default=0) + 1)
    pad = " " if s.startswith("`") or s.endswith("`") or (s.startswith(" ") and s.endswith(" ")) else ""
    return f"{fence}{pad}{s}{pad}{fence}"
