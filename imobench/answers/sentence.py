"""The answer inside one sentence: what a statement, a concluding sentence or a last line states.

`answer_part` takes its math span(s), the value after "is"/"=", a value restated at the end ("which is V",
"i.e. V"), and cuts the prose after the answer ("since ...", "with equality when ...", "(attained by ...)",
"where c is any constant", "，其中 c 为任意常数"); `negated` tells a denied value ("not 12"); `lone_number`
finds the one number of a plain sentence.  `imobench.answers.extract` finds the sentence in a response
and calls these.  Pure string work on one sentence.
"""

from __future__ import annotations

import re

from imobench.answers.normalise import SPELLED_NUMBER, strip_bold

BOILERPLATE = re.compile(r"\s*I\s+hope\s+it\s+is\s+correct\s*[.!]?", re.I)
MATH_SPAN = re.compile(r"\$\$(.+?)\$\$|(?<!\\)\$(.+?)(?<!\\)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)
JOINER = re.compile(
    r"^(?:\s|,|;|\$|\\\)|\\\(|\\\]|\\\[|\\quad|\\qquad|\\,|\\;|\\text\s*\{\s*(?:,|and|or|,\s*and)?\s*\}|\band\b|\bor\b|和|或|且|并且|以及|及|、|，)*$"
)
QUALIFIED = re.compile(r"^\s*,?\s*(?:for|where|with)\b", re.I)
AFTER_ANSWER = re.compile(
    r"(?:,?\s+(?:since|because|as\s+(?:shown|required|computed|claimed|stated|asserted|expected|needed|promised|we)|which\s+(?:is|was|gives|satisfies|completes)|"
    r"as\s+desired|and\s+this|so\s+that|where\s+the|by\s+the|from\s+the|for\s+the\s+reason|"
    r"(?:with\s+)?equality\s+(?:holds\s+|occurs\s+)?(?:if|iff|when|at|for|exactly)|(?:attained|achieved|reached)\s+(?:when|at|for|by|iff|if|exactly))\b|"
    r"[，,]?\s*(?:因为|由于|这是|其中|当且仅当.*时(?:取(?:等号|到|得)|成立)|(?:在|当).{0,40}时取(?:等号|到|得)))"
    r".*$",
    re.I | re.S,
)
WORDY_ANSWER = re.compile(
    r"\b(?:all|every|each|any|no|none|odd|even|primes?|multiples?|powers?|divisible|integers?|numbers?|form|"
    r"except|excluding|natural|positive|negative|nonnegative|squares?|there\s+is\s+no)\b|所有|奇数|偶数|素数|质数|倍数|幂|整数|不存在|无解",
    re.I,
)


_SENTENCE_STOP = re.compile(r"[.!?](?=\s+(?:[A-Z\[]|\\\[|\*\*|$))|[。！？](?!$)")


def first_sentence(text: str) -> str:
    """The text up to the end of its first sentence, found outside math ("The answer is $12$. I hope it
    is correct. Note: ..." -> "The answer is $12$."); a decimal point or `i.e.` does not end a sentence."""
    masked = MATH_SPAN.sub(lambda m: "x" * len(m.group(0)), text)
    masked = re.sub(r"\b(?:i\.e|e\.g|cf|vs|resp|approx|Thm|Eq|Fig)\.", lambda m: "x" * len(m.group(0)), masked, flags=re.I)
    m = _SENTENCE_STOP.search(masked)
    return text[: m.end()] if m else text


def answer_part(line: str) -> tuple[str, tuple[str, ...]]:
    """The answer inside a sentence (its math span, or what follows the last ' is '), and wider readings."""
    s = BOILERPLATE.sub("", strip_bold(line)).strip()
    s = re.sub(r'\\"|"(?=\s*\$)|(?<=\$)\s*"', " ", s).strip()  # "The final answer is \\"$12$ and $13$\\"."
    s = restated_value(s) or s
    s = _SPAN_REMARK.sub("$", s)  # "$g(x)=c$ (constant), ...", "$2x^2+bx$ ($b$ real)"
    sibling = re.search(r"\$\s*([A-Za-z])\s*\(\s*([a-z])\s*\)\s*=", s)
    if sibling:  # "the constant functions, $g(x) = \\lfloor x \\rfloor$ and ...": a family g(x) = c
        s = _CONSTANT_FUNCTIONS.sub(f"${sibling.group(1)}({sibling.group(2)}) = c$", s)
    if not MATH_SPAN.fullmatch(s.strip()):
        s = AFTER_ANSWER.sub("", s).strip()
        s = _ARBITRARY.sub("", s).strip()
        s = _PAREN_QUALIFIER.sub(_parameter_qualifier, s).strip()
        head = _IE_WORDS.sub("", s).strip()
        s = head if head and head != s and MATH_SPAN.search(head) or (head and re.search(r"[\u4e00-\u9fff]", s)) else s
        s = _REMARK.sub("", s).strip()
        s = _DENIED_ALTERNATIVE.sub("", s).strip() if not _NEGATED.match(s) else s
    s = LEAD.sub("", s).strip() or s
    head, sep, rest = s.partition("; ")
    if sep and head.strip() and not MATH_SPAN.search(rest) and not re.search(r"\d", rest) and (MATH_SPAN.search(head) or re.search(r"\d", head)):
        s = head  # "the answer is 4; the bound cannot be improved"
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
    matches = list(MATH_SPAN.finditer(s))
    spans = [_span_text(m) for m in matches]
    subject = _stated_subject(s, matches)
    if subject is not None:
        return subject, wide  # "$k = 2024$ is the largest integer with the required property"
    if WORDY_ANSWER.search(_strip_spans(s)) and not _single_value_sentence(s, matches):
        part = _after_copula(s)
        before = s[: len(s) - len(part)] if part != s and s.endswith(part) else ""
        if (re.search(r"\b(?:or|and)\b|或|且|,", before) and not re.search(r"\bnot\b|n't|不是", before)) or part == s:
            return _unmath(s), wide  # "$m=1$ or $m$ is a prime": both clauses (words and formulas) are the answer
        return _unmath(part), wide  # "All numbers of the form $4k+3$", "n is prime": the words are the answer
    if len(matches) >= 2 and QUALIFIED.match(s[matches[0].end() : matches[1].start()]) and not s[: matches[0].start()].strip():
        return _unmath(s), wide  # "$f(x) = ...$ for some $a > 0$": the qualifier belongs to the answer
    joined = _joined_spans(s)
    if joined is not None:
        return joined, wide
    tail = _after_copula(s) if HAS_COPULA.search(s) else ""
    if spans:
        tail_matches = list(MATH_SPAN.finditer(tail)) if tail else []
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
STATEMENT_OPENING = re.compile(r"^(?:the\s+(?:final\s+)?answer\s+(?:is|would\s+be)|answer\s*[:：])\s*", re.I)
HAS_COPULA = re.compile(r"\s(?:is|are|equals|measures|be)\s|\bit's\s|[是为]")
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
    """The formula of a math span, with the bound written before it ("at most $21$" is a bound, not 21)."""
    inner = next(g for g in m.groups() if g is not None)
    bound = _BOUND_BEFORE.search(m.string[max(0, m.start() - 30) : m.start()])
    return f"{bound.group(1)} {inner}" if bound and re.fullmatch(r"\s*-?\d+\s*", inner) else inner


_BOUND_BEFORE = re.compile(
    r"\b(at\s+least|at\s+most|more\s+than|less\s+than|fewer\s+than|no\s+more\s+than|no\s+less\s+than|up\s+to|"
    r"not\s+more\s+than|not\s+less\s+than|greater\s+than|smaller\s+than)\s*$",
    re.I,
)


def _unmath(s: str) -> str:
    return re.sub(r"(?<!\\)\$", " ", s).strip()


def _joined_spans(s: str, lead_ok: bool = False) -> str | None:
    """Several math spans that state one answer together ("$a = s+t$, $b = 2$", "$x<0$ 或 $x=\\frac12$",
    "$k=3$ and $k=4$ are the only solutions"), joined with their connecting word; None if they do not."""
    matches = list(MATH_SPAN.finditer(s))
    if len(matches) < 2 or not all(JOINER.match(s[a.end() : b.start()]) for a, b in zip(matches, matches[1:])):
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
LEAD = re.compile(
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


BOUND = re.compile(r"\b(?:at\s+least|at\s+most|more\s+than|less\s+than|fewer\s+than|no\s+more\s+than|no\s+less\s+than)\s+\d+\b", re.I)


_COUNT_PHRASE = re.compile(
    r"\bthere\s+(?:are|is|exist|exists|will\s+be)\s+(?:exactly\s+|precisely\s+|only\s+)?(\d+(?:,\d{3})*)\s+[a-z]", re.I
)


def lone_number(sentence: str) -> str | None:
    """The one number of a plain sentence that states it ("Jane started growing Sphere 3 hours ago.",
    "there are 12 distinct sequences that meet the conditions"): no math span, exactly one numeral, and no
    negation, hedge or reference ("Step 3", "Lemma 2") that would make the number something else."""
    s = sentence.strip()
    if MATH_SPAN.search(s) or "\\" in s or _NEGATION_WORDS.search(s) or _HEDGE_WORDS.search(s) or _REFERENCE_WORDS.search(s):
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


def _stated_subject(s: str, matches: list) -> str | None:
    """The formula before a copula when what follows it is only a description: "$n = 3$ is the only
    solution", "$k = 2024$ is the largest integer ...".  The formula must state a value (an "=" or a
    number): in "$n$ is prime" the words are the answer."""
    part = _after_copula(s)
    if part == s or MATH_SPAN.search(part) or re.search(r"\d", part):
        return None
    before = [m for m in matches if m.end() <= len(s) - len(part)]
    if len(before) != 1 or before[0] is not matches[-1]:
        return None
    inner = _span_text(before[0])
    lead = s[: before[0].start()]
    if not re.search(r"=|\d", inner) or (lead.strip(" ,") and not re.fullmatch(r"\s*(?:the\s+)?(?:value|answer)?\s*", lead, re.I)):
        return None
    return inner


def _strip_spans(s: str) -> str:
    return MATH_SPAN.sub(" ", s)


def _single_value_sentence(s: str, matches: list) -> bool:
    """"The smallest positive integer is $7$": words around a single value, not an answer in words."""
    if len(matches) != 1:
        return False
    before = s[: matches[0].start()]
    return bool(re.search(r"(?:\b(?:is|are|equals|be)|=|:|为|是)\s*$", before)) and not s[matches[0].end() :].strip(" .")


def _after_copula(s: str) -> str:
    """What follows the last "is"/"are"/"为"/"是" that is followed by the answer."""
    m = None
    for m in re.finditer(
        r"\s(?:is|are|equals|measures|(?:would|will|can|could|must|may)\s+(?:only\s+|also\s+)?be)\s+|(?:^|\s)(?:is|are):\s*|\bit's\s+|是|为", s
    ):
        pass
    if m is None:
        return s
    rest = _ADVERB.sub("", s[m.end() :].strip())
    return rest if rest.strip(" .") else s


_ADVERB = re.compile(r"^(?:exactly|precisely|only|just|namely|simply)\s+(?=\S)", re.I)  # "are exactly 0, 2 and 6"
