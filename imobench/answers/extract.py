"""Final-answer extraction from a model response: where in a long text the answer is stated.

Order of evidence, last statement wins:
1. the content of the last `<answer>…</answer>` tag (after any `</think>`), read by the same rules;
2. the last `\\boxed{…}` / `\\fbox{…}`, joined with the boxes just before it when only connectors ("and",
   commas, `\\quad`, labels such as `y =`, "for part (a) and") separate them; identical repeated boxes are
   one answer;
3. unless a later statement revises it: "Final answer: …", "The answer is …", a heading "**Answer**" or
   "## Final Answer" followed by the answer, "答案是 …", "【最终答案】…"; a statement ends at its first
   sentence outside math, so a note after it is not read;
4. else a short response that states one value by cases, one case a line;
5. else a concluding sentence near the end ("Therefore the smallest n is 7.", "Hence all solutions are …")
   whose conclusion says something ("so we can use this" concludes nothing);
6. else the last line that is not a closing formula (∎, "This completes the proof"); a last line cut off
   inside a formula is no answer (method "truncated": the response states none).

From a statement or a sentence the answer part is taken by `imobench.answers.sentence.answer_part`; a
part that denies a value ("not 12") states nothing (method "...-negated").  Besides the primary text,
`Extraction.alternatives` keeps wider readings: the whole sentence (answers in words), the sentence's one
number when it has exactly one and no hedge, negation or reference ("Step 3"), and a stated bound
("at least 16").

Pure string work, linear in the response; at most `MAX_BOXES` boxes are examined.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from imobench.answers.normalise import braced, fold, strip_bold, strip_presentation
from imobench.answers.piecewise import split_pieces
from imobench.answers.sentence import (
    AFTER_ANSWER,
    BOILERPLATE,
    BOUND,
    HAS_COPULA,
    JOINER,
    LEAD,
    QUALIFIED,
    MATH_SPAN,
    STATEMENT_OPENING,
    answer_part,
    first_sentence,
    lone_number,
    negated,
)

MAX_RESPONSE_CHARS = 200_000  # longer responses are cut from the front: answers come last
MAX_BOXES = 64
MAX_JOINED_BOXES = 24
MAX_STATEMENT_CHARS = 600
MAX_STATEMENT_WINDOW = 30_000  # how far after a marker a statement's formula may run (a 20,000-digit answer)
MAX_MARKERS = 8  # answer markers examined, from the end
MAX_SENTENCE_CHARS = 2_000  # a longer sentence or last line is read from its end (unless it is one formula)
MAX_LONE_NUMBER_WORDS = 12  # a last line longer than this is not read for its one number
MAX_PIECE_LINES = 4  # a short response of at most this many lines may state one value by cases

_BOX = re.compile(r"\\(?:boxed|fbox|framebox)\s*(?:\[[^\]]*\])?\s*\{")
_BOX_BARE = re.compile(r"\\boxed\s+([^\s{$\\]+)")
_ANSWER_TAG = re.compile(r"<answer>(.*?)(?:</answer>|$)", re.S | re.I)
_THINK_END = re.compile(r"</think>", re.I)
_MARKER = re.compile(
    r"(?:"
    r"\bfinal\s+answer(?:\s+is)?|\bthe\s+(?:final\s+|correct\s+)?answer(?:\s+to\s+(?:the|this)\s+(?:problem|question))?\s+(?:is|would\s+be|will\s+be)|"
    r"\banswer\s*[:：]|\*\*\s*(?:最终)?答案\s*[:：]?\s*\*\*|"
    r"\banswers?\s+(?:is|are)\b|^\s*#+\s*(?:final\s+)?answer\b|\*\*\s*(?:final\s+)?answer\s*[:：.]?\s*\*\*|"
    r"^\s*(?:final\s+)?answer\s*[.:：]|"
    r"【\s*(?:最终)?答案\s*】|最终答案(?:是|为)?|答案(?:是|为|应为)|答案\s*[:：]|故答案|所以答案"
    r")\s*[:：]?\s*",
    re.I | re.M,
)
_TURN_END = re.compile(r"<\|im_(?:start|end)\|>|<\|endoftext\|>|<\|eot_id\|>|<end_of_turn>")
_PART_LABEL = re.compile(
    r"(?:\\text\s*\{\s*)?(?:(?:,|and)?\s*(?:for\s+)?part\s*\(?[a-z0-9]{1,3}\)?|\((?:[a-h]|i{1,3}|iv|v)\))(?:\s*(?:and|,))?\s*\}?",
    re.I,
)  # "\boxed{(3, 3)} \text{ for part (a) and } \boxed{(1, 1)}": the parts of one answer
_LABEL_BEFORE = re.compile(r"(?:^|[\s,;$(])((?:\\?[A-Za-z]+(?:_\{?\w+\}?)?(?:\([^()]{0,20}\))?|\|[A-Z]{1,3}\|)\s*=)\s*\$?\s*$")
_TRAILING_CLOSING = re.compile(
    r"(?:\s*\$*\s*(?:\\blacksquare|\\square|\\qed|\\Box|∎|□|■)\s*\$*|\s*\bq\.?\s?e\.?\s?d\.?|\s*\(?\s*q\.e\.d\.?\s*\)?|"
    r"\s*\bthis\s+(?:completes|concludes|finishes)\s+the\s+(?:proof|solution)\.?|\s*(?:the\s+)?proof\s+is\s+(?:complete|finished|done)\.?|"
    r"\s*\\end\{proof\}|\s*证毕。?|\s*得证。?)+\s*$",
    re.I,
)
_CLOSING = re.compile(
    r"^\s*(?:\$*\s*(?:\\blacksquare|\\square|\\qed|\\Box|∎|□|■)\s*\$*|q\.?e\.?d\.?|this\s+completes\s+the\s+proof\.?|证毕|"
    r"(?:the\s+)?proof\s+is\s+complete\.?|\\end\{proof\})\s*$",
    re.I,
)
_CONCLUSION = re.compile(
    r"(?:\b(?:therefore|thus|hence|so|consequently|in\s+conclusion|in\s+summary|altogether|all\s+in\s+all|overall|to\s+conclude|"
    r"in\s+total|in\s+the\s+end|finally|we\s+conclude(?:\s+that)?|"
    r"this\s+shows\s+that|which\s+gives|it\s+follows\s+that|(?:shows|proves|implies|means)\s+that)\b|因此|所以|故|综上(?:所述)?|从而|于是)",
    re.I,
)


class Extraction(BaseModel):
    """What was taken from a response as its final answer, how, and wider readings of the same place."""

    model_config = ConfigDict(frozen=True)

    text: str
    method: str  # answer-tag | boxed | statement | sentence | last-line | last-lines | truncated | empty, "-negated" when denied
    alternatives: tuple[str, ...] = ()


def _boxes(text: str) -> list[tuple[int, int, str]]:
    """(start, end, content) of the closed boxes among the last few, in order."""
    starts = list(_BOX.finditer(text))[-MAX_BOXES:]
    out = []
    for m in starts:
        got = braced(text, m.end() - 1)
        if got is not None:
            out.append((m.start(), got[1], got[0]))
    if not out:
        out = [(m.start(), m.end(), m.group(1)) for m in list(_BOX_BARE.finditer(text))[-MAX_BOXES:]]
    return out


_RETRACTION = re.compile(
    r"\b(?:is|are|was|were|wrong|incorrect|answer|not|but|instead|actually|wait|correct|so|then|hence|thus|therefore)\b", re.I
)  # "\boxed{7} was wrong, the answer is \boxed{9}": the gap is a sentence, not a connector


def joint_boxes(text: str, every: bool = False) -> list[str]:
    """The distinct contents of boxes that state one answer together: `\\boxed{1} papers and \\boxed{2} bins`
    (each gap a few words with "and" or a comma), else only the last box; with `every`, also boxes with
    only symbols between them (a short gold `\\boxed{35} ++ \\boxed{4}` boxes its whole answer).  A last box left unclosed (`\\boxed{W(n) = 1`)
    runs to the end of the text."""
    boxes = _boxes(text)
    if not boxes:
        opened = list(_BOX.finditer(text))
        return [strip_presentation(text[opened[-1].end() :])] if opened else []
    out = [boxes[0]]
    for prev, box in zip(boxes, boxes[1:]):
        gap = text[prev[1] : box[0]]
        joined = len(gap.split()) <= 5 and re.search(r"\band\b|,|;|和|及", gap) and not _RETRACTION.search(gap)
        if not joined and not (every and not re.search(r"[^\W\d_]", re.sub(r"\\[A-Za-z]+", "", gap))):
            out = []  # words between two boxes make them separate statements; symbols alone do not
        out.append(box)
    return list(dict.fromkeys(strip_presentation(c) for _, _, c in out))


def label_of_last_box(text: str) -> str:
    """The label written just before the last box (`n = \\boxed{1,-2}` -> `n =`), or ""."""
    boxes = _boxes(text)
    if not boxes:
        return ""
    return _label_before(text, boxes[-1][0], boxes[-2][1] if len(boxes) > 1 else 0)[0]


def boxes_joined_by_and(text: str) -> bool:
    """Whether every gap between the boxes of a text says "and" (`\\boxed{1} and \\boxed{-2}`)."""
    boxes = _boxes(text)
    gaps = [text[a[1] : b[0]] for a, b in zip(boxes, boxes[1:])]
    return bool(gaps) and all(re.search(r"\band\b|和|及|以及", g) for g in gaps)


def _final_boxed(text: str) -> tuple[str, int, int] | None:
    """(content, start, end) of the last box, joined with the boxes right before it when only connectors
    (and labels such as `y =`) separate them."""
    boxes = _boxes(text)
    if not boxes:
        return None
    chain = [boxes[-1]]
    labels = [_label_before(text, boxes[-1][0], boxes[-2][1] if len(boxes) > 1 else 0)]
    for k in range(len(boxes) - 2, -1, -1):
        prev = boxes[k]
        gap = text[prev[1] : chain[0][0]]
        label = labels[0]
        core = _PART_LABEL.sub(" ", gap[: len(gap) - len(label[1])] if label[1] else gap)
        if prev[1] <= chain[0][0] and len(core) <= 40 and JOINER.match(core) and len(chain) < MAX_JOINED_BOXES:
            chain.insert(0, prev)
            labels.insert(0, _label_before(text, prev[0], boxes[k - 1][1] if k > 0 else 0))
        else:
            break
    contents = [c for _, _, c in chain]
    if len(set(contents)) == 1:
        return contents[0], chain[-1][0], chain[-1][1]  # the same box repeated is one answer
    parts = [(lab[0] + " " if lab[0] and len(chain) > 1 else "") + c for lab, c in zip(labels, contents)]
    return ", ".join(parts), chain[0][0], chain[-1][1]


def _label_before(text: str, start: int, floor: int) -> tuple[str, str]:
    """The label written just before a box (`x = \\boxed{3}`) and the raw text it occupies."""
    window = text[max(floor, start - 40) : start]
    m = _LABEL_BEFORE.search(window)
    if not m:
        return "", ""
    return m.group(1), window[m.start(1) :]


def _statements(text: str) -> list[tuple[str, int, int]]:
    """(the statement after each answer marker, marker start, statement end)."""
    out = []
    for m in list(_MARKER.finditer(text))[-MAX_MARKERS:]:  # the last statement wins: earlier ones are not read
        rest = text[m.end() : m.end() + MAX_STATEMENT_WINDOW]
        body = rest.lstrip(" \t*:：")
        if body.startswith("\n") or not body.strip():
            body = body.lstrip()  # "## Final Answer\n\nThe answer is $7$."
        first = re.split(r"\n\s*\n", body, maxsplit=1)[0]
        if first.lstrip().startswith(("\\[", "$$", "\\begin")):
            para = first
        else:
            para = first.split("\n", 1)[0] if not re.match(r"\s*(?:\\\[|\$\$)\s*$", first.split("\n", 1)[0]) else first
        para = first_sentence(para)
        if len(para) > MAX_STATEMENT_CHARS and not MATH_SPAN.fullmatch(para.strip().rstrip(".")):
            para = para[:MAX_STATEMENT_CHARS]  # a long statement is prose; a long formula (a 600-digit answer) is kept whole
        if para.strip(" .*"):
            out.append((para, m.start(), m.end() + len(rest) - len(body) + len(para)))
    return out


def strip_closing(text: str) -> str:
    """A response or a line without the closing marks of a proof at its end (`$\\square$`, "Q.E.D.",
    "This completes the proof.")."""
    return _TRAILING_CLOSING.sub("", text).rstrip()


def _last_sentence_answer(text: str) -> str | None:
    """The body of a concluding sentence among the last paragraphs ("Therefore, the answer is ...",
    "Hence n = 7."): what follows its last conclusion word, if that states something (math, a number, or
    "all"/"no"/"every" words) -- "so we can use this to our advantage" concludes nothing."""
    tail = text[-4000:]
    sentences = re.split(r"(?<=[.!?。！])\s+|\n+", tail)
    for sentence in reversed(sentences[-12:]):
        if not sentence.strip() or _CLOSING.match(sentence) or not _CONCLUSION.search(sentence):
            continue
        m = None
        for m in _CONCLUSION.finditer(sentence):
            pass
        body = sentence[m.end() :].lstrip(" ,，:") if m else sentence
        if MATH_SPAN.search(body) or re.search(r"\d|\b(?:all|no|none|every)\b|所有|不存在|无解", body, re.I):
            return body
    return None


def extract_final_answer(response: str) -> Extraction:
    """The response's final answer, cleaned for parsing."""
    text = response[-MAX_RESPONSE_CHARS:] if len(response) > MAX_RESPONSE_CHARS else response
    text = fold(text)
    thinking = list(_THINK_END.finditer(text))
    if thinking and text[thinking[-1].end() :].strip():
        text = text[thinking[-1].end() :]
    tags = list(_ANSWER_TAG.finditer(text))
    if tags and tags[-1].group(1).strip():
        inner = extract_final_answer(tags[-1].group(1))
        return Extraction(text=inner.text, method="answer-tag", alternatives=inner.alternatives)
    turn = _TURN_END.search(text)
    if turn and text[: turn.start()].strip():
        text = text[: turn.start()]  # a chat template's next turn is not part of the answer
    text = strip_closing(BOILERPLATE.sub(" ", text))
    boxed = _final_boxed(text)
    statements = _statements(text)
    statement = statements[-1] if statements else None
    if boxed is not None and (statement is None or statement[1] < boxed[2] or _final_boxed(statement[0]) is not None):
        inner = boxed[0]
        nested = _final_boxed(inner)  # \boxed{\boxed{5}}
        return Extraction(text=strip_presentation(nested[0] if nested else inner), method="boxed")
    if statement is not None:
        inner = statement[0]
        b = _final_boxed(inner)
        if b is not None:
            return Extraction(text=strip_presentation(b[0]), method="statement")
        return _from_sentence(inner, "statement")
    lines = [strip_closing(ln) for ln in text.strip().splitlines() if ln.strip() and not _CLOSING.match(ln)]
    lines = [ln for ln in lines if ln.strip()]
    if not lines:
        return Extraction(text="", method="empty")
    last = lines[-1]
    if len(lines) > 1 and QUALIFIED.match(last):
        last = lines[-2] + " " + last  # "(answer)\nfor $n \ge 1$": the qualifier continues the answer
    if len(lines) > 1 and re.fullmatch(r"\s*(?:\\\]|\$\$)\s*", last):
        block = _display_block(lines)
        if block is not None:
            return Extraction(text=strip_presentation(block), method="last-line")
    joined = " ".join(ln.strip() for ln in lines[-MAX_PIECE_LINES:])
    if 1 < len(lines) <= MAX_PIECE_LINES and len(joined) <= MAX_STATEMENT_CHARS and split_pieces(joined) and not split_pieces(last):
        return Extraction(text=strip_presentation(joined), method="last-lines")  # a value by cases, one case a line
    concluded = _last_sentence_answer(text)
    if concluded is not None and not _looks_like_answer(last):
        return _from_sentence(concluded, "sentence")
    if truncated(last) and len(lines) > 1:
        return Extraction(text="", method="truncated")
    return _from_sentence(last, "last-line", short_only=True)


def _from_sentence(sentence: str, method: str, short_only: bool = False) -> Extraction:
    """The answer part of a statement, a concluding sentence or the last line, with wider readings: the
    whole sentence (answers in words) and the sentence's one number (answers stated in prose)."""
    if len(sentence) > MAX_SENTENCE_CHARS and not MATH_SPAN.fullmatch(sentence.strip().rstrip(".")):
        tail = sentence[-MAX_SENTENCE_CHARS:]
        cut = re.search(r"[.!?。](?:\s+|$)", tail)
        sentence = tail[cut.end() :] if cut and tail[cut.end() :].strip() else tail  # a wall of text: its end
    part, wide = answer_part(sentence)
    opening = LEAD.sub("", STATEMENT_OPENING.sub("", strip_bold(sentence).strip())).strip()
    if negated(part) or (negated(opening) and not HAS_COPULA.search(opening)):
        return Extraction(text="", method=f"{method}-negated")
    extra = []
    if not short_only or len(sentence.split()) <= MAX_LONE_NUMBER_WORDS:
        plain = AFTER_ANSWER.sub("", BOILERPLATE.sub("", strip_bold(sentence)))
        number = lone_number(plain)
        if number is not None:
            extra.append(number)
        bound = BOUND.search(plain)
        if bound and not MATH_SPAN.search(plain):
            extra.append(bound.group(0))  # "at least 16 such subsets" states a bound, never the value 16
    return Extraction(text=strip_presentation(part), method=method, alternatives=_clean((*wide, *extra)))


def truncated(line: str) -> bool:
    """Whether a line ends inside a formula (an open `\\(`, `$`, `\\[` or brace): a response cut off by a
    length limit, whose last line is no answer."""
    s = re.sub(r"\\[{}$]", "", line)
    opens = len(re.findall(r"\\\(", s)) - len(re.findall(r"\\\)", s))
    brackets = len(re.findall(r"\\\[", s)) - len(re.findall(r"\\\]", s))
    return opens > 0 or brackets > 0 or s.count("{") > s.count("}") or s.count("$") % 2 == 1


def _display_block(lines: list[str]) -> str | None:
    """The display math that ends the response (`\\[` … `\\]` or `$$` … `$$` on lines of their own)."""
    closing = lines[-1].strip()
    opening = "\\[" if closing == "\\]" else "$$"
    for k in range(len(lines) - 2, max(-1, len(lines) - 12), -1):
        if lines[k].strip().endswith(opening):
            head = lines[k].strip()[: -len(opening)]
            body = " ".join(ln.strip() for ln in lines[k + 1 : -1])
            return body if not head.strip() or _MARKER.search(head) or True else None
    return None


def _looks_like_answer(line: str) -> bool:
    """A short last line that is itself an answer ("**17**", "$x = 3$", "n = 4")."""
    s = strip_presentation(line)
    return len(s) <= 60 and not re.search(r"[A-Za-z]{4,}", re.sub(r"\\[A-Za-z]+", "", s))


def _clean(wide: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(strip_presentation(w) for w in wide if w.strip())
