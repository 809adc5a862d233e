"""Final-answer extraction from a model response: where in a long text the answer is stated.

Order of evidence, last statement wins:
1. the content of the last `<answer>…</answer>` tag (after any `</think>`), read by the same rules;
2. the last `\\boxed{…}` / `\\fbox{…}`, joined with the boxes just before it when only connectors ("and",
   commas, `\\quad`, labels such as `y =`) separate them; identical repeated boxes are one answer;
3. unless a later statement revises it: "Final answer: …", "The answer is …", a heading "**Answer**" or
   "## Final Answer" followed by the answer, "答案是 …", "【最终答案】…", "所以 … 为 …";
4. else a concluding sentence near the end ("Therefore the smallest n is 7.", "Hence all solutions are …");
5. else the last line that is not a closing formula (∎, "This completes the proof").

From a statement or a sentence the answer part is taken (`answer_part`): its math span, the value after
"is"/"=", and the prose after the answer ("since …", "because …") cut off.  Besides the primary text,
`Extraction.alternatives` keeps wider readings (the whole sentence) for answers in words.

Pure string work, linear in the response; at most `MAX_BOXES` boxes are examined.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from imobench.answers.normalise import braced, fold, strip_bold, strip_presentation

MAX_RESPONSE_CHARS = 200_000  # longer responses are cut from the front: answers come last
MAX_BOXES = 64
MAX_JOINED_BOXES = 24
MAX_STATEMENT_CHARS = 600

_BOX = re.compile(r"\\(?:boxed|fbox|framebox)\s*(?:\[[^\]]*\])?\s*\{")
_BOX_BARE = re.compile(r"\\boxed\s+([^\s{$\\]+)")
_ANSWER_TAG = re.compile(r"<answer>(.*?)(?:</answer>|$)", re.S | re.I)
_THINK_END = re.compile(r"</think>", re.I)
_MARKER = re.compile(
    r"(?:"
    r"\bfinal\s+answer(?:\s+is)?|\bthe\s+(?:final\s+|correct\s+)?answer\s+(?:is|would\s+be|will\s+be)|\banswer\s*[:：]|"
    r"\banswers?\s+(?:is|are)\b|^\s*#+\s*(?:final\s+)?answer\b|\*\*\s*(?:final\s+)?answer\s*[:：]?\s*\*\*|"
    r"【\s*(?:最终)?答案\s*】|最终答案(?:是|为)?|答案(?:是|为|应为)|答案\s*[:：]|故答案|所以答案"
    r")\s*[:：]?\s*",
    re.I | re.M,
)
_BOILERPLATE = re.compile(r"\s*I\s+hope\s+it\s+is\s+correct\s*[.!]?", re.I)
_TURN_END = re.compile(r"<\|im_(?:start|end)\|>|<\|endoftext\|>|<\|eot_id\|>|<end_of_turn>")
_MATH_SPAN = re.compile(r"\$\$(.+?)\$\$|(?<!\\)\$(.+?)(?<!\\)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)
_JOINER = re.compile(
    r"^(?:\s|,|;|\$|\\\)|\\\(|\\\]|\\\[|\\quad|\\qquad|\\,|\\;|\\text\s*\{\s*(?:,|and|or|,\s*and)?\s*\}|\band\b|\bor\b|和|或|以及|及|、|，)*$"
)
_LABEL_BEFORE = re.compile(r"(?:^|[\s,;$(])((?:\\?[A-Za-z]+(?:_\{?\w+\}?)?(?:\([^()]{0,20}\))?|\|[A-Z]{1,3}\|)\s*=)\s*\$?\s*$")
_QUALIFIED = re.compile(r"^\s*,?\s*(?:for|where|with)\b", re.I)
_CLOSING = re.compile(
    r"^\s*(?:\$*\s*(?:\\blacksquare|\\square|\\qed|\\Box|∎|□|■)\s*\$*|q\.?e\.?d\.?|this\s+completes\s+the\s+proof\.?|证毕|"
    r"(?:the\s+)?proof\s+is\s+complete\.?|\\end\{proof\})\s*$",
    re.I,
)
_CONCLUSION = re.compile(
    r"(?:\b(?:therefore|thus|hence|so|consequently|in\s+conclusion|in\s+summary|altogether|finally|we\s+conclude(?:\s+that)?|"
    r"this\s+shows\s+that|which\s+gives|it\s+follows\s+that)\b|因此|所以|故|综上所述?|从而|于是)",
    re.I,
)
_AFTER_ANSWER = re.compile(
    r"(?:,?\s+(?:since|because|as\s+(?:shown|required|computed|we)|which\s+(?:is|was|gives|satisfies|completes)|"
    r"as\s+desired|and\s+this|so\s+that|where\s+the|by\s+the|from\s+the|for\s+the\s+reason)\b|[，,]?\s*(?:因为|由于|这是|其中))"
    r".*$",
    re.I | re.S,
)
_WORDY_ANSWER = re.compile(
    r"\b(?:all|every|each|any|no|none|odd|even|primes?|multiples?|powers?|divisible|integers?|numbers?|form|"
    r"except|excluding|natural|positive|negative|nonnegative|squares?|there\s+is\s+no)\b|所有|奇数|偶数|素数|质数|倍数|幂|整数|不存在|无解",
    re.I,
)


class Extraction(BaseModel):
    """What was taken from a response as its final answer, how, and wider readings of the same place."""

    model_config = ConfigDict(frozen=True)

    text: str
    method: str  # answer-tag | boxed | statement | sentence | last-line | empty
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


def joint_boxes(text: str) -> list[str]:
    """The distinct contents of boxes that state one answer together: `\\boxed{1} papers and \\boxed{2} bins`
    (each gap a few words with "and" or a comma), else only the last box."""
    boxes = _boxes(text)
    if not boxes:
        return []
    out = [boxes[0]]
    for prev, box in zip(boxes, boxes[1:]):
        gap = text[prev[1] : box[0]]
        if not (len(gap.split()) <= 5 and re.search(r"\band\b|,|;|和|及", gap)):
            out = []
        out.append(box)
    return list(dict.fromkeys(strip_presentation(c) for _, _, c in out))


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
        core = gap[: len(gap) - len(label[1])] if label[1] else gap
        if prev[1] <= chain[0][0] and len(core) <= 40 and _JOINER.match(core) and len(chain) < MAX_JOINED_BOXES:
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
    for m in _MARKER.finditer(text):
        rest = text[m.end() : m.end() + MAX_STATEMENT_CHARS * 2]
        body = rest.lstrip(" \t*:：")
        if body.startswith("\n") or not body.strip():
            body = body.lstrip()  # "## Final Answer\n\nThe answer is $7$."
        first = re.split(r"\n\s*\n", body, maxsplit=1)[0]
        if first.lstrip().startswith(("\\[", "$$", "\\begin")):
            para = first
        else:
            para = first.split("\n", 1)[0] if not re.match(r"\s*(?:\\\[|\$\$)\s*$", first.split("\n", 1)[0]) else first
        para = para[:MAX_STATEMENT_CHARS]
        if para.strip(" .*"):
            out.append((para, m.start(), m.end() + len(rest) - len(body) + len(para)))
    return out


def answer_part(line: str) -> tuple[str, tuple[str, ...]]:
    """The answer inside a sentence (its math span, or what follows the last ' is '), and wider readings."""
    s = _BOILERPLATE.sub("", strip_bold(line)).strip()
    s = _AFTER_ANSWER.sub("", s).strip() if not _MATH_SPAN.fullmatch(s.strip()) else s
    whole = s
    wide = (re.sub(r"(?<!\\)\$", " ", whole).strip(),)
    matches = list(_MATH_SPAN.finditer(s))
    spans = [next(g for g in m.groups() if g is not None) for m in matches]
    if _WORDY_ANSWER.search(_strip_spans(s)) and not _single_value_sentence(s, matches):
        return _after_copula(s), wide  # "All numbers of the form $4k+3$", "n is prime": the words are the answer
    if len(matches) >= 2 and _QUALIFIED.match(s[matches[0].end() : matches[1].start()]) and not s[: matches[0].start()].strip():
        return re.sub(r"(?<!\\)\$", " ", s), wide  # "$f(x) = ...$ for some $a > 0$": the qualifier belongs to the answer
    if len(matches) >= 2 and all(_JOINER.match(s[a.end() : b.start()]) for a, b in zip(matches, matches[1:])) and (
        not s[: matches[0].start()].strip() or re.search(r"(?:\b(?:is|are|be)|=|:|为|是)\s*$", s[: matches[0].start()])
    ) and not s[matches[-1].end() :].strip(" ."):
        return ", ".join(spans), wide  # "$a = s+t$, $b = 2$": one answer in several spans
    tail = _after_copula(s) if re.search(r"\s(?:is|are|equals|be)\s|[是为]", s) else ""
    if spans:
        tail_spans = [next(g for g in m.groups() if g is not None) for m in _MATH_SPAN.finditer(tail)] if tail else []
        if tail_spans:
            after = tail[_MATH_SPAN.search(tail).end() :].strip(" .")
            unit = re.match(r"^(?:\\?%|percent|[A-Za-z]{1,12}\b\.?)$", after)
            return tail_spans[0] + (" " + after if unit else ""), wide
        if tail and re.search(r"\d", tail):
            return tail, wide  # "The largest $n$ is 34."
        last = matches[-1]
        after = s[last.end() :].strip(" .")
        if re.fullmatch(r"\\?%|percent|pct", after):
            return spans[-1] + "%", wide  # "$28$ %"
        return spans[-1], wide
    if tail and re.search(r"\d", tail):
        return tail, wide
    return s, wide


def _strip_spans(s: str) -> str:
    return _MATH_SPAN.sub(" ", s)


def _single_value_sentence(s: str, matches: list) -> bool:
    """"The smallest positive integer is $7$": words around a single value, not an answer in words."""
    if len(matches) != 1:
        return False
    before = s[: matches[0].start()]
    return bool(re.search(r"(?:\b(?:is|are|equals|be)|=|:|为|是)\s*$", before)) and not s[matches[0].end() :].strip(" .")


def _after_copula(s: str) -> str:
    """What follows the last "is"/"are"/"为"/"是" that is followed by the answer."""
    m = None
    for m in re.finditer(r"\s(?:is|are|equals|would\s+be|will\s+be)\s+|(?:^|\s)(?:is|are):\s*|是|为", s):
        pass
    if m is None:
        return s
    rest = s[m.end() :].strip()
    return rest if rest.strip(" .") else s


def _last_sentence_answer(text: str) -> tuple[str, tuple[str, ...]] | None:
    """A concluding sentence among the last paragraphs ("Therefore, the answer is ...", "Hence n = 7.")."""
    tail = text[-4000:]
    sentences = re.split(r"(?<=[.!?。！])\s+|\n+", tail)
    for sentence in reversed(sentences[-12:]):
        if not sentence.strip() or _CLOSING.match(sentence):
            continue
        if _CONCLUSION.search(sentence) and (_MATH_SPAN.search(sentence) or re.search(r"\d|\b(?:all|no|none|every)\b", sentence, re.I)):
            m = None
            for m in _CONCLUSION.finditer(sentence):
                pass
            body = sentence[m.end() :].lstrip(" ,，:") if m else sentence
            return answer_part(body)
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
    text = _BOILERPLATE.sub(" ", text)
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
        part, wide = answer_part(inner)
        return Extraction(text=strip_presentation(part), method="statement", alternatives=_clean(wide))
    lines = [ln for ln in text.strip().splitlines() if ln.strip() and not _CLOSING.match(ln)]
    if not lines:
        return Extraction(text="", method="empty")
    last = lines[-1]
    if len(lines) > 1 and _QUALIFIED.match(last):
        last = lines[-2] + " " + last  # "(answer)\nfor $n \ge 1$": the qualifier continues the answer
    if len(lines) > 1 and re.fullmatch(r"\s*(?:\\\]|\$\$)\s*", last):
        block = _display_block(lines)
        if block is not None:
            return Extraction(text=strip_presentation(block), method="last-line")
    concluded = _last_sentence_answer(text) if len(text) > 200 or len(lines) > 2 else None
    if concluded is not None and not _looks_like_answer(last):
        part, wide = concluded
        return Extraction(text=strip_presentation(part), method="sentence", alternatives=_clean(wide))
    part, wide = answer_part(last)
    return Extraction(text=strip_presentation(part), method="last-line", alternatives=_clean(wide))


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
