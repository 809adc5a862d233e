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

From a statement or a sentence the answer part is taken (`answer_part`): its math span(s), the value after
"is"/"=", a value restated at the end ("which is V", "i.e. V"); the prose after the answer ("since …",
"with equality when …", "(attained by …)", "where c is any constant", "，其中 c 为任意常数") cut off.  A part
that denies a value ("not 12") states nothing (method "...-negated").  Besides the primary text,
`Extraction.alternatives` keeps wider readings: the whole sentence (answers in words), the sentence's one
number when it has exactly one and no hedge, negation or reference ("Step 3"), and a stated bound
("at least 16").

Pure string work, linear in the response; at most `MAX_BOXES` boxes are examined.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from imobench.answers.normalise import SPELLED_NUMBER, braced, fold, strip_bold, strip_presentation
from imobench.answers.piecewise import split_pieces

MAX_RESPONSE_CHARS = 200_000  # longer responses are cut from the front: answers come last
MAX_BOXES = 64
MAX_JOINED_BOXES = 24
MAX_STATEMENT_CHARS = 600
MAX_STATEMENT_WINDOW = 30_000  # how far after a marker a statement's formula may run (a 20,000-digit answer)
MAX_MARKERS = 8  # answer markers examined, from the end
MAX_SENTENCE_CHARS = 2_000  # a longer sentence or last line is read from its end (unless it is one formula)
MAX_LONE_NUMBER_WORDS = 12
MAX_PIECE_LINES = 4  # a short response of at most this many lines may state one value by cases  # a last line longer than this is not read for its one number

_BOX = re.compile(r"\\(?:boxed|fbox|framebox)\s*(?:\[[^\]]*\])?\s*\{")
_BOX_BARE = re.compile(r"\\boxed\s+([^\s{$\\]+)")
_ANSWER_TAG = re.compile(r"<answer>(.*?)(?:</answer>|$)", re.S | re.I)
_THINK_END = re.compile(r"</think>", re.I)
_MARKER = re.compile(
    r"(?:"
    r"\bfinal\s+answer(?:\s+is)?|\bthe\s+(?:final\s+|correct\s+)?answer\s+(?:is|would\s+be|will\s+be)|\banswer\s*[:：]|"
    r"\banswers?\s+(?:is|are)\b|^\s*#+\s*(?:final\s+)?answer\b|\*\*\s*(?:final\s+)?answer\s*[:：.]?\s*\*\*|"
    r"^\s*(?:final\s+)?answer\s*[.:：]|"
    r"【\s*(?:最终)?答案\s*】|最终答案(?:是|为)?|答案(?:是|为|应为)|答案\s*[:：]|故答案|所以答案"
    r")\s*[:：]?\s*",
    re.I | re.M,
)
_BOILERPLATE = re.compile(r"\s*I\s+hope\s+it\s+is\s+correct\s*[.!]?", re.I)
_TURN_END = re.compile(r"<\|im_(?:start|end)\|>|<\|endoftext\|>|<\|eot_id\|>|<end_of_turn>")
_MATH_SPAN = re.compile(r"\$\$(.+?)\$\$|(?<!\\)\$(.+?)(?<!\\)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)
_JOINER = re.compile(
    r"^(?:\s|,|;|\$|\\\)|\\\(|\\\]|\\\[|\\quad|\\qquad|\\,|\\;|\\text\s*\{\s*(?:,|and|or|,\s*and)?\s*\}|\band\b|\bor\b|和|或|且|并且|以及|及|、|，)*$"
)
_PART_LABEL = re.compile(
    r"(?:\\text\s*\{\s*)?(?:(?:,|and)?\s*(?:for\s+)?part\s*\(?[a-z0-9]{1,3}\)?|\((?:[a-h]|i{1,3}|iv|v)\))(?:\s*(?:and|,))?\s*\}?",
    re.I,
)  # "\boxed{(3, 3)} \text{ for part (a) and } \boxed{(1, 1)}": the parts of one answer
_LABEL_BEFORE = re.compile(r"(?:^|[\s,;$(])((?:\\?[A-Za-z]+(?:_\{?\w+\}?)?(?:\([^()]{0,20}\))?|\|[A-Z]{1,3}\|)\s*=)\s*\$?\s*$")
_QUALIFIED = re.compile(r"^\s*,?\s*(?:for|where|with)\b", re.I)
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
    r"(?:\b(?:therefore|thus|hence|so|consequently|in\s+conclusion|in\s+summary|altogether|finally|we\s+conclude(?:\s+that)?|"
    r"this\s+shows\s+that|which\s+gives|it\s+follows\s+that|(?:shows|proves|implies|means)\s+that)\b|因此|所以|故|综上(?:所述)?|从而|于是)",
    re.I,
)
_AFTER_ANSWER = re.compile(
    r"(?:,?\s+(?:since|because|as\s+(?:shown|required|computed|claimed|stated|asserted|expected|needed|promised|we)|which\s+(?:is|was|gives|satisfies|completes)|"
    r"as\s+desired|and\s+this|so\s+that|where\s+the|by\s+the|from\s+the|for\s+the\s+reason|"
    r"(?:with\s+)?equality\s+(?:holds\s+|occurs\s+)?(?:if|iff|when|at|for|exactly)|(?:attained|achieved|reached)\s+(?:when|at|for|by|iff|if|exactly))\b|"
    r"[，,]?\s*(?:因为|由于|这是|其中|当且仅当.*时(?:取(?:等号|到|得)|成立)|(?:在|当).{0,40}时取(?:等号|到|得)))"
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
        if len(para) > MAX_STATEMENT_CHARS and not _MATH_SPAN.fullmatch(para.strip().rstrip(".")):
            para = para[:MAX_STATEMENT_CHARS]  # a long statement is prose; a long formula (a 600-digit answer) is kept whole
        if para.strip(" .*"):
            out.append((para, m.start(), m.end() + len(rest) - len(body) + len(para)))
    return out


_SENTENCE_STOP = re.compile(r"[.!?](?=\s+(?:[A-Z\[]|\\\[|\*\*|$))|[。！？](?!$)")


def first_sentence(text: str) -> str:
    """The text up to the end of its first sentence, found outside math ("The answer is $12$. I hope it
    is correct. Note: ..." -> "The answer is $12$."); a decimal point or `i.e.` does not end a sentence."""
    masked = _MATH_SPAN.sub(lambda m: "x" * len(m.group(0)), text)
    masked = re.sub(r"\b(?:i\.e|e\.g|cf|vs|resp|approx|Thm|Eq|Fig)\.", lambda m: "x" * len(m.group(0)), masked, flags=re.I)
    m = _SENTENCE_STOP.search(masked)
    return text[: m.end()] if m else text


def strip_closing(text: str) -> str:
    """A response or a line without the closing marks of a proof at its end (`$\\square$`, "Q.E.D.",
    "This completes the proof.")."""
    return _TRAILING_CLOSING.sub("", text).rstrip()


def answer_part(line: str) -> tuple[str, tuple[str, ...]]:
    """The answer inside a sentence (its math span, or what follows the last ' is '), and wider readings."""
    s = _BOILERPLATE.sub("", strip_bold(line)).strip()
    s = re.sub(r'\\"|"(?=\s*\$)|(?<=\$)\s*"', " ", s).strip()  # "The final answer is \\"$12$ and $13$\\"."
    s = restated_value(s) or s
    s = _SPAN_REMARK.sub("$", s)  # "$g(x)=c$ (constant), ...", "$2x^2+bx$ ($b$ real)"
    sibling = re.search(r"\$\s*([A-Za-z])\s*\(\s*([a-z])\s*\)\s*=", s)
    if sibling:  # "the constant functions, $g(x) = \\lfloor x \\rfloor$ and ...": a family g(x) = c
        s = _CONSTANT_FUNCTIONS.sub(f"${sibling.group(1)}({sibling.group(2)}) = c$", s)
    if not _MATH_SPAN.fullmatch(s.strip()):
        s = _AFTER_ANSWER.sub("", s).strip()
        s = _ARBITRARY.sub("", s).strip()
        s = _PAREN_QUALIFIER.sub(_parameter_qualifier, s).strip()
        head = _IE_WORDS.sub("", s).strip()
        s = head if head and head != s and _MATH_SPAN.search(head) or (head and re.search(r"[\u4e00-\u9fff]", s)) else s
        s = _REMARK.sub("", s).strip()
        s = _DENIED_ALTERNATIVE.sub("", s).strip() if not _NEGATED.match(s) else s
    s = _LEAD.sub("", s).strip() or s
    if _PIECEWISE.search(s):
        body = _THERE_IS.sub("", s)
        subject = _PIECE_SUBJECT.match(body)
        if subject:
            body = body[subject.end() :]  # "The number of such $b$ is $a^2-a+1$ when ..."
        return _unmath(body), (_unmath(s),)  # "1 if the triangle is isosceles, and 2 otherwise"
    iff = _IFF.match(s)
    if iff and s[iff.end() :].strip(" ,."):
        s = s[iff.end() :].strip(" ,")  # "the property holds if and only if $n$ is a prime"
    wide = (_unmath(s),)
    matches = list(_MATH_SPAN.finditer(s))
    spans = [_span_text(m) for m in matches]
    if _WORDY_ANSWER.search(_strip_spans(s)) and not _single_value_sentence(s, matches):
        part = _after_copula(s)
        before = s[: len(s) - len(part)] if part != s and s.endswith(part) else ""
        if (re.search(r"\b(?:or|and)\b|或|且|,", before) and not re.search(r"\bnot\b|n't|不是", before)) or part == s:
            return _unmath(s), wide  # "$m=1$ or $m$ is a prime": both clauses (words and formulas) are the answer
        return _unmath(part), wide  # "All numbers of the form $4k+3$", "n is prime": the words are the answer
    if len(matches) >= 2 and _QUALIFIED.match(s[matches[0].end() : matches[1].start()]) and not s[: matches[0].start()].strip():
        return _unmath(s), wide  # "$f(x) = ...$ for some $a > 0$": the qualifier belongs to the answer
    joined = _joined_spans(s)
    if joined is not None:
        return joined, wide
    tail = _after_copula(s) if _HAS_COPULA.search(s) else ""
    if spans:
        tail_matches = list(_MATH_SPAN.finditer(tail)) if tail else []
        if tail_matches:
            joined = _joined_spans(tail, lead_ok=True)
            if joined is not None:
                return joined, wide  # "The valid $n$ are $0, 1, 2, 4$ and $12$."
            after = tail[tail_matches[0].end() :].strip(" .")
            unit = re.match(r"^(?:\\?%|percent|[A-Za-z]{1,12}\b\.?)$", after)
            return _span_text(tail_matches[0]) + (" " + after if unit else ""), wide
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


_SPAN_REMARK = re.compile(
    r"\$\s*\(\s*(?:\$?[a-zA-Z]\$?\s+)?(?:an?\s+)?(?:constant|const\.?|arbitrary|any|real|real\s+constant|arbitrary\s+constant|"
    r"any\s+constant|any\s+real|real\s+number|常数|任意常数)\s*\)",
    re.I,
)
_CONSTANT_FUNCTIONS = re.compile(
    r"(?:all\s+|the\s+)?(?:non-?zero\s+)?constant\s+(?:functions?|polynomials?|solutions?)(?:\s*\$[^$]{1,20}=\s*c\s*\$)?|(?:所有)?常数函数",
    re.I,
)
_STATEMENT_OPENING = re.compile(r"^(?:the\s+(?:final\s+)?answer\s+(?:is|would\s+be)|answer\s*[:：])\s*", re.I)
_HAS_COPULA = re.compile(r"\s(?:is|are|equals|measures|be)\s|\bit's\s|[是为]")
_PIECEWISE = re.compile(
    r"\\begin\s*\{\s*cases|\b(?:if|when)\b.{0,300}?\b(?:otherwise|else|in\s+general)\b|"
    r"\b(?:otherwise|else|in\s+general)\b.{0,300}?\b(?:if|when)\b|"
    r"\b(if|when|for)\b[^,;]{1,200}[,;]\s*(?:and\s+)?[^,;]{1,200}?\b\1\b",
    re.I | re.S,
)  # spans are bounded: a long line of words must not make these searches quadratic
_PIECE_SUBJECT = re.compile(r"^[^,;]*?\b(?:is|are|equals|equal\s+to)\s+(?=[^,;]*?\b(?:if|when|for|whenever)\b)", re.I)
_THERE_IS = re.compile(r"^(?:there\s+(?:is|are)|we\s+(?:get|have))\s+", re.I)
_IFF = re.compile(r"^.*?(?:\b(?:if\s+and\s+only\s+if|iff|exactly\s+when|precisely\s+when|exactly\s+if)\b|当且仅当)", re.I | re.S)
_SPAN_LEAD = re.compile(
    r"(?:\b(?:is|are|be|equals|need|needs|require|requires|have|has|get|obtain|find|either)|=|:|为|是)\s*$", re.I
)
_TRAILING_PREDICATE = re.compile(
    r"^(?:(?:are|is)\s+(?:(?:the|all|both)\s+)?(?:only\s+)?(?:possible\s+)?(?:solutions?|answers?|values?|ones?|possibilities)|"
    r"(?:both\s+)?(?:work|satisfy(?:\s+the\s+\w+)?|are\s+possible|are\s+valid))\b",
    re.I,
)


def _span_text(m: re.Match) -> str:
    return next(g for g in m.groups() if g is not None)


def _unmath(s: str) -> str:
    return re.sub(r"(?<!\\)\$", " ", s).strip()


def _joined_spans(s: str, lead_ok: bool = False) -> str | None:
    """Several math spans that state one answer together ("$a = s+t$, $b = 2$", "$x<0$ 或 $x=\\frac12$",
    "$k=3$ and $k=4$ are the only solutions"), joined with their connecting word; None if they do not."""
    matches = list(_MATH_SPAN.finditer(s))
    if len(matches) < 2 or not all(_JOINER.match(s[a.end() : b.start()]) for a, b in zip(matches, matches[1:])):
        return None
    before = s[: matches[0].start()]
    if before.strip() and not (
        _SPAN_LEAD.search(before) or (lead_ok and re.fullmatch(r"\s*(?:either|both|exactly|precisely|only|just|simply)?\s*", before, re.I))
    ):
        return None
    trailing = s[matches[-1].end() :].strip(" .")
    qualifier = bool(re.match(r"(?:with|for|where)\b", trailing, re.I))
    if trailing and not qualifier and not _TRAILING_PREDICATE.match(trailing):
        return None
    joined = _span_text(matches[0])
    for a, b in zip(matches, matches[1:]):
        gap = s[a.end() : b.start()]
        word = " or " if re.search(r"\bor\b|或", gap) else " and " if re.search(r"\band\b|且|并且|以及|和", gap) else ", "
        joined += word + _span_text(b)
    if qualifier:
        joined += " " + _unmath(trailing)  # "... or $n = 8p$ with $p$ an odd prime"
    return joined


_RESTATED = re.compile(r",?\s+(?:which\s+is|that\s+is|i\.e\.,?|namely|or\s+equivalently|equivalently)\s+(.+?)\s*\.?$", re.I | re.S)
_VALUE_ONLY = re.compile(
    r"^(?:\$[^$]+\$|\\\([^()]+\\\)|[-+]?(?:\d[\d,]*(?:\.\d+)?|\.\d+))\s*(?:\\?%|[€£¥]|[A-Za-z]{1,3}(?:\^\{?\d\}?|[²³])?)?$"
)
_IE_WORDS = re.compile(r"\s*(?:,\s*|\s)(?:i\.e\.,?|that\s+is,|namely|即)\s*(?![^$]*\$\s*\.?$).*$", re.I | re.S)
_ARBITRARY = re.compile(
    r"[,，]?\s*(?:\b(?:where|with|for)\s+(?:some\s+|any\s+|an?\s+)?(?:\$[^$]{1,12}\$|[A-Za-z])\s+(?:is|are|being)?\s*"
    r"(?:an?\s+|any\s+)?(?:arbitrary|any|some|real|integer|rational|positive|nonnegative|complex)?\s*"
    r"(?:arbitrary\s+)?(?:real\s+|integer\s+|rational\s+)?(?:constants?|numbers?|parameters?|reals?|integers?)\b"
    r"|\b(?:for\s+(?:some|any|every|all|an?\s+arbitrary)\s+(?:real\s+|integer\s+)?(?:constants?|numbers?|parameters?)\s+"
    r"(?:\$[^$]{1,12}\$|[A-Za-z]))"
    r"|其中\s*(?:\$[^$]{1,12}\$|[A-Za-z])\s*(?:为|是)\s*任意(?:实|整)?(?:常|实|整)?数)\s*[.。]?\s*$",
    re.I,
)
_PAREN_QUALIFIER = re.compile(
    r"\s*\(\s*(?:where\s+|其中\s*)?\$?\s*[A-Za-z](?:_\{?\w+\}?)?\s*\$?\s*(?:,\s*\$?\s*[A-Za-z]\s*\$?\s*)*"
    r"(?:为|是|\bis\b|\bare\b|\\in\b|\\ge(?:q)?\b|\\le(?:q)?\b|\\ne(?:q)?\b|>|<)\s*[^()]{0,40}\)\s*\.?$"
)  # "(c 为任意实数)", "(k \in \mathbb{Z})", "(k \ge 0)": the range of a parameter of the answer, set aside
_CHINESE_RANGES = [  # the range of a parameter said in Chinese, as the relation the form builder reads
    (re.compile(r"(?:为|是)\s*(?:任意|任一|一切)?(?:的)?(?:实数|常数|实常数|复数)"), None),
    (re.compile(r"(?:为|是)\s*(?:任意)?(?:的)?非负整数"), r" \\ge 0"),
    (re.compile(r"(?:为|是)\s*(?:任意)?(?:的)?正整数"), r" \\ge 1"),
    (re.compile(r"(?:为|是)\s*(?:任意)?(?:的)?(?:整数)"), r" \\in \\mathbb{Z}"),
]


def _parameter_qualifier(m: re.Match) -> str:
    """A parenthesised range of a parameter: set aside when it allows any value ("(c 为任意实数)", "(k \\in
    \\mathbb{Z})"), kept as ", k \\ge 1" when it restricts the answer ("$2^k$ ($k \\ge 1$)" is not every power)."""
    inner = m.group(0).strip().rstrip(".").strip()[1:-1].strip()
    inner = re.sub(r"^(?:where\s+|其中\s*)", "", inner)
    for pattern, relation in _CHINESE_RANGES:
        if pattern.search(inner):
            if relation is None:
                return ""
            inner = pattern.sub(relation, inner)
            break
    if re.search(r"\\(?:ge|le|ne|geq|leq|neq)\b|[<>]|\\in\s*\\mathbb\s*\{?\s*[NZ]\s*\}?\s*(?:\^|_)", inner):
        return ", $" + _unmath(inner) + "$"
    return ""


_REMARK = re.compile(
    r"\s*\((?:attained|achieved|reached|realised|realized|see|by|from|as|since|because|which|this|verified|checked|obtained|"
    r"proved|proven|shown|given|note|e\.g\.|i\.e\.|for\s+example|here|using|via|with\s+equality)\b[^()]*\)\s*\.?$",
    re.I,
)
_DENIED_ALTERNATIVE = re.compile(r"(?<=\S)\s*(?:(?:,|;)\s*(?:and\s+)?not|\s+and\s+not|\s+rather\s+than|\s+instead\s+of)\s+[^,;]+$", re.I)
_NEGATED = re.compile(r"^\s*(?:not|never|no\s+longer|不是|并非)\b\s*", re.I)
_LEAD = re.compile(
    r"^\s*(?:(?:and\s+)?(?:therefore|thus|hence|so|consequently|finally|in\s+conclusion|in\s+summary|altogether)\b|"
    r"所以|因此|故|综上(?:所述)?|从而|于是)\s*[,，:：]?\s*",
    re.I,
)


def restated_value(s: str) -> str | None:
    """"the number is not 10, which is 1,000.99€" -> "1,000.99€": a value restated at the end of a sentence
    ("which is", "i.e.", "namely") is the one the sentence ends on.  Only a bare value is taken ("which is
    prime" is a remark, cut elsewhere)."""
    m = _RESTATED.search(s)
    if not m or not _VALUE_ONLY.match(m.group(1).strip()):
        return None
    return m.group(1).strip()


def negated(part: str) -> bool:
    """Whether an answer part denies a value ("not 12") instead of stating one."""
    return bool(_NEGATED.match(part))


_NEGATION_WORDS = re.compile(r"\b(?:not|no|never|cannot|neither|nor|none)\b|n't|不|没有|并非|无", re.I)
_HEDGE_WORDS = re.compile(
    r"\b(?:or|maybe|perhaps|probably|possibly|likely|approximately|about|around|roughly|nearly|almost|at\s+least|at\s+most|"
    r"more\s+than|less\s+than|fewer\s+than|up\s+to|between|either|guess|unsure|might|could)\b|或|大约|约|至少|至多|不超过|可能",
    re.I,
)
_REFERENCE_WORDS = re.compile(
    r"\b(?:lemma|step|case|part|figure|fig|theorem|equation|eq|claim|section|problem|question|condition|line|page|item|"
    r"proposition|corollary|example|exercise|chapter|remark|note)s?\.?\s*\(?\s*(?:\d|[ivx]+\b|[a-h]\))|"
    r"(?:引理|步骤|第\s*\d|情形|情况)",
    re.I,
)  # "Step 3", "Lemma 2", "condition (2)": the number labels something, it is not the answer
_LONE_NUMBER = re.compile(r"(?<![\w.^_{])[-+]?(?:\d+,\d{2}(?!\d)|\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s*(?:\\?%|percent\b))?(?![\w.]*\d)")


_BOUND = re.compile(r"\b(?:at\s+least|at\s+most|more\s+than|less\s+than|fewer\s+than|no\s+more\s+than|no\s+less\s+than)\s+\d+\b", re.I)


_COUNT_PHRASE = re.compile(
    r"\bthere\s+(?:are|is|exist|exists|will\s+be)\s+(?:exactly\s+|precisely\s+|only\s+)?(\d+(?:,\d{3})*)\s+[a-z]", re.I
)


def lone_number(sentence: str) -> str | None:
    """The one number of a plain sentence that states it ("Jane started growing Sphere 3 hours ago.",
    "there are 12 distinct sequences that meet the conditions"): no math span, exactly one numeral, and no
    negation, hedge or reference ("Step 3", "Lemma 2") that would make the number something else."""
    s = sentence.strip()
    if _MATH_SPAN.search(s) or "\\" in s or _NEGATION_WORDS.search(s) or _HEDGE_WORDS.search(s) or _REFERENCE_WORDS.search(s):
        return None
    count = _COUNT_PHRASE.search(s)
    if count:
        return count.group(1)  # "there are 12 distinct sequences that meet the three given conditions"
    numbers = _LONE_NUMBER.findall(s)
    spelled = [m.group(0) for m in SPELLED_NUMBER.finditer(s) if not re.fullmatch(r"one", m.group(0), re.I)]
    if not numbers and len(spelled) == 1:
        return spelled[0]  # "there are exactly sixteen such subsets" ("one" alone is a pronoun as often as a number)
    if len(numbers) != 1 or len(re.findall(r"\d+(?:[.,]\d+)*", s)) != 1 or spelled:
        return None
    return numbers[0].strip()


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
    for m in re.finditer(r"\s(?:is|are|equals|measures|(?:would|will|can|could|must|may)\s+be)\s+|(?:^|\s)(?:is|are):\s*|\bit's\s+|是|为", s):
        pass
    if m is None:
        return s
    rest = s[m.end() :].strip()
    return rest if rest.strip(" .") else s


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
        if _MATH_SPAN.search(body) or re.search(r"\d|\b(?:all|no|none|every)\b|所有|不存在|无解", body, re.I):
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
    text = strip_closing(_BOILERPLATE.sub(" ", text))
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
    if len(lines) > 1 and _QUALIFIED.match(last):
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
    if len(sentence) > MAX_SENTENCE_CHARS and not _MATH_SPAN.fullmatch(sentence.strip().rstrip(".")):
        tail = sentence[-MAX_SENTENCE_CHARS:]
        cut = re.search(r"[.!?。](?:\s+|$)", tail)
        sentence = tail[cut.end() :] if cut and tail[cut.end() :].strip() else tail  # a wall of text: its end
    part, wide = answer_part(sentence)
    opening = _LEAD.sub("", _STATEMENT_OPENING.sub("", strip_bold(sentence).strip())).strip()
    if negated(part) or (negated(opening) and not _HAS_COPULA.search(opening)):
        return Extraction(text="", method=f"{method}-negated")
    extra = []
    if not short_only or len(sentence.split()) <= MAX_LONE_NUMBER_WORDS:
        plain = _AFTER_ANSWER.sub("", _BOILERPLATE.sub("", strip_bold(sentence)))
        number = lone_number(plain)
        if number is not None:
            extra.append(number)
        bound = _BOUND.search(plain)
        if bound and not _MATH_SPAN.search(plain):
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
