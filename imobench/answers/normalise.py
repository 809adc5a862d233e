"""The one text normaliser: every layer that reads answer text reads it through these functions.

Normalisation is string rewriting only: it never evaluates anything.  Three views of one text:

- `fold`: Unicode math (≤ √ π · −, superscripts ⁵, fullwidth ０-９ and （）, circled ①) and invisible
  characters folded into plain LaTeX-like ASCII.  Every other function starts from it.
- `strip_presentation`: what surrounds an answer (math delimiters, `\\text{}` and `\\textbf{}` wrappers,
  markdown bold, a trailing period) removed without touching its content.
- `to_latex`: presentation inside the answer (`\\left`, `\\dfrac`, thin spaces, digit groups, `\\neq`,
  degrees, percent, matrices, e-notation) rewritten into the plain form that the tokenizer reads.
- `words_text`: the lower-case plain text that the word reader reads (`\\text{}` unwrapped, `$` gone).
- `identity_key`: the text with all presentation and spacing removed, for identity before parsing.
"""

from __future__ import annotations

import re
import unicodedata

# ---- Unicode ----------------------------------------------------------------------------------------

_UNICODE = {
    "≤": r" \le ", "⩽": r" \le ", "≥": r" \ge ", "⩾": r" \ge ", "≠": r" \ne ", "√": r"\sqrt ", "∛": r"\sqrt[3]",
    "π": r"\pi ", "·": r" \cdot ", "⋅": r" \cdot ", "×": r" \times ", "−": "-", "–": "-", "—": "-", "‐": "-",
    "∞": r"\infty ", "∪": r" \cup ", "∩": r" \cap ", "∈": r" \in ", "∉": r" \notin ", "ℝ": r"\mathbb{R}",
    "ℤ": r"\mathbb{Z}", "ℕ": r"\mathbb{N}", "ℚ": r"\mathbb{Q}", "ℂ": r"\mathbb{C}", "±": r" \pm ",
    "∓": r" \mp ", "÷": " / ", "⌊": r"\lfloor ", "⌋": r"\rfloor ", "⌈": r"\lceil ", "⌉": r"\rceil ",
    "∅": r"\emptyset ", "≡": r" \equiv ", "…": r" \ldots ", "⋯": r" \cdots ", "°": r"^\circ ", "∖": r" \setminus ",
    "α": r"\alpha ", "β": r"\beta ", "γ": r"\gamma ", "δ": r"\delta ", "θ": r"\theta ", "λ": r"\lambda ",
    "μ": r"\mu ", "ρ": r"\rho ", "σ": r"\sigma ", "τ": r"\tau ", "φ": r"\varphi ", "ϕ": r"\varphi ", "ω": r"\omega ",
    "≈": r" \approx ", "∠": r"\angle ", "⁄": "/", "∣": r" \mid ", "∀": " for all ", "∧": " and ", "∨": " or ", "→": r" \to ",
    "⟹": r" \implies ", "⇒": r" \implies ", "∎": " ", "□": " ", "■": " ", "▢": " ",
    "\u2009": " ", "\u202f": " ", "\u00a0": " ", "\u2007": " ", "\u3000": " ", "\u2028": " ", "\u2029": " ",
    "\u0085": " ", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "", "\u00ad": "",
    "，": ", ", "；": "; ", "：": ": ", "。": ". ", "、": ", ",
}
_SUPER = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ", "0123456789+-=()n", strict=True))
_SUB = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", "0123456789+-=()", strict=True))
_SUPER_RUN = re.compile("[" + "".join(_SUPER) + "]+")
_SUB_RUN = re.compile("[" + "".join(_SUB) + "]+")
_UNICODE_RE = re.compile("|".join(re.escape(k) for k in sorted(_UNICODE, key=len, reverse=True)))


def _circled(c: str) -> str | None:
    """① … ⑳ and ⑴ … as their number (models use them for items; the value is the number)."""
    name = unicodedata.name(c, "")
    m = re.match(r"(?:CIRCLED|PARENTHESIZED|DOUBLE CIRCLED) (?:DIGIT|NUMBER) (\w+)$", name)
    if not m:
        return None
    words = {"ZERO": 0, "ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5, "SIX": 6, "SEVEN": 7, "EIGHT": 8,
             "NINE": 9, "TEN": 10, "ELEVEN": 11, "TWELVE": 12, "THIRTEEN": 13, "FOURTEEN": 14, "FIFTEEN": 15,
             "SIXTEEN": 16, "SEVENTEEN": 17, "EIGHTEEN": 18, "NINETEEN": 19, "TWENTY": 20}
    w = m.group(1)
    return str(words[w]) if w in words else (w if w.isdigit() else None)


_DOUBLE_ESCAPE = re.compile(r"\\\\(?=(?:boxed|frac|dfrac|tfrac|left|right|sqrt|pi|cdot|times|text|mathrm|infty|le|ge|ne|pm|cup|cap|begin|end)(?![a-zA-Z]))")


def fold(text: str) -> str:
    """Unicode math and invisible characters as ASCII LaTeX; lone surrogates dropped; a command escaped
    twice (`\\\\frac`, text that went through JSON twice) read once."""
    s = text.encode("utf-8", "replace").decode("utf-8") if _has_surrogate(text) else text
    if "\\\\" in s:
        s = _DOUBLE_ESCAPE.sub(lambda m: "\\", s)
    s = _SUPER_RUN.sub(lambda m: "^{" + "".join(_SUPER[c] for c in m.group(0)) + "}", s)
    s = _SUB_RUN.sub(lambda m: "_{" + "".join(_SUB[c] for c in m.group(0)) + "}", s)
    s = _UNICODE_RE.sub(lambda m: _UNICODE[m.group(0)], s)
    if not s.isascii():
        out = []
        for c in s:
            if c.isascii():
                out.append(c)
                continue
            circled = _circled(c)
            if circled is not None:
                out.append(circled)
                continue
            k = unicodedata.normalize("NFKC", c)  # fullwidth ０ ＝ （ → 0 = (
            out.append(k if k.isascii() and k.strip() else (" " if unicodedata.category(c).startswith("Z") else c))
        s = "".join(out)
    return s


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


# ---- presentation around an answer --------------------------------------------------------------------

_DELIMS = [
    re.compile(r"^\$\$(.*)\$\$$", re.S),
    re.compile(r"^\$(.*)\$$", re.S),
    re.compile(r"^\\\((.*)\\\)$", re.S),
    re.compile(r"^\\\[(.*)\\\]$", re.S),
    re.compile(r"^\\begin\{(?:equation|align|displaymath|gather)\*?\}(.*)\\end\{(?:equation|align|displaymath|gather)\*?\}$", re.S),
]
_WRAPPER = re.compile(r"\\(?:text|textbf|textit|mathrm|mathbf|textnormal|mbox|emph)\s*\{(.*)\}", re.S)
_BOLD = re.compile(r"(?<![*\w])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![*\w])|(?<![_\w])__(?=\S)(.+?)(?<=\S)__(?![_\w])", re.S)


def braced(text: str, start: int) -> tuple[str, int] | None:
    """Content of the brace group opening at text[start] == '{', and the index after it (escapes skipped)."""
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


def strip_bold(text: str) -> str:
    """Markdown bold around words (`**7**`), never a power written `2**10`."""
    return _BOLD.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)


def strip_presentation(text: str) -> str:
    """Strip what surrounds an answer without touching its mathematical content."""
    s = strip_bold(fold(text)).strip()
    for _ in range(6):
        before = s
        s = re.sub(r"(?:\\[,;:! ]|\\q?quad|~|\s)+$", "", s)  # trailing spacing commands
        s = s.strip().rstrip(".;,").strip()
        s = re.sub(r"\\$", "", s).strip()  # a stray trailing backslash
        for pattern in _DELIMS:
            m = pattern.match(s)
            if m:
                s = m.group(1).strip()
        m = _WRAPPER.fullmatch(s)
        if m and braced("{" + m.group(1) + "}", 0) == (m.group(1), len(m.group(1)) + 2):
            s = m.group(1)
        if s.count("$") == 1 and (s.startswith("$") or s.endswith("$")):
            s = s.strip("$")  # "$5" cut from "$5$ is the answer"
        if s == before:
            break
    return s.strip()


# ---- presentation inside an answer --------------------------------------------------------------------

_MATRIX_ENV = re.compile(
    r"\\begin\s*\{\s*([pbBvV]?matrix|smallmatrix|array)\s*\}(?:\s*\{[^{}]*\})?(.*?)\\end\s*\{\s*\1\s*\}", re.S
)
_TRIG_DEGREES = re.compile(
    r"(\\(?:sin|cos|tan|cot|sec|csc)(?:\s*\^\s*(?:\{[^{}]*\}|\d))?\s*(?:\\left)?\s*[({]?\s*)(-?\d+(?:\.\d+)?)\s*(?:\^\s*\{?\s*\\circ\s*\}?|\\degree)"
)
_E_NOTATION = re.compile(r"(?<![\w.\\])(\d+(?:\.\d+)?|\.\d+)[eE]([+-]?\d{1,6})(?![\w.])")

_REWRITES: list[tuple[re.Pattern, object]] = [
    (re.compile(r"\\(?:d|t|c)frac"), r"\\frac"),
    (re.compile(r"\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|bigm|Bigm|big|Big|bigg|Bigg)(?![a-zA-Z])\s*\.?"), ""),
    (re.compile(r"\\(?:displaystyle|textstyle|scriptstyle|limits|nolimits|!|noindent|nonumber|notag|hfill|phantom\{[^{}]*\})(?![a-zA-Z])"), ""),
    (re.compile(r"\^\s*\{\s*\\circ\s*\}|\^\s*\\circ|\\circ|\\degree|\^\s*\{\s*o\s*\}(?![a-zA-Z])"), ""),
    (re.compile(r"\\%|%|\b(?:percent|percentage|pct)\b"), r" \\percent "),
    (re.compile(r"\\(?:leq|leqslant|le)(?![a-zA-Z])"), r" \\le "),
    (re.compile(r"\\(?:geq|geqslant|ge)(?![a-zA-Z])"), r" \\ge "),
    (re.compile(r"\\(?:neq|ne)(?![a-zA-Z])|!=|=/="), r" \\ne "),
    (re.compile(r"<=(?!>)"), r" \\le "),
    (re.compile(r">="), r" \\ge "),
    (re.compile(r"\\(?:lt)(?![a-zA-Z])"), " < "),
    (re.compile(r"\\(?:gt)(?![a-zA-Z])"), " > "),
    (re.compile(r"\\(?:dots|ldots|cdots|dotsc|dotsb|dotso)(?![a-zA-Z])|\.\.\.+"), r" \\ldots "),
    (re.compile(r"\\(?:lbrace)(?![a-zA-Z])"), r"\\{"),
    (re.compile(r"\\(?:rbrace)(?![a-zA-Z])"), r"\\}"),
    (re.compile(r"\\(?:langle)(?![a-zA-Z])"), "("),
    (re.compile(r"\\(?:rangle)(?![a-zA-Z])"), ")"),
    (re.compile(r"\\(?:varnothing)(?![a-zA-Z])"), r"\\emptyset"),
    (re.compile(r"\\(?:times|ast)(?![a-zA-Z])"), r" \\cdot "),
    (re.compile(r"\\(?:div)(?![a-zA-Z])"), " / "),
    (re.compile(r"\\(?:colon)(?![a-zA-Z])"), " : "),
    (re.compile(r"\\(?:mid|vert|divides)(?![a-zA-Z])"), r" \\mid "),
    (re.compile(r"\\(?:wedge|land)(?![a-zA-Z])"), " and "),
    (re.compile(r"\\(?:vee|lor)(?![a-zA-Z])"), " or "),
    (re.compile(r"\\(?:qquad|quad|enspace|thinspace)(?=[a-zA-Z])"), " "),  # "\\quadx" written without a space
    (re.compile(r"\\(?:quad|qquad|enspace|thinspace)(?![a-zA-Z])|\\[,;: >]"), " "),
    (re.compile(r"\\(?:operatorname|mathrm|mathit|mathbf|textbf|textit|textrm|textnormal|text|mbox|hbox|emph|boldsymbol|mathsf|bm)\s*\{([^{}]*)\}"), r" \1 "),
    (re.compile(r"\\mathbb\s*\{?\s*([RZNQC])\s*\}?(?:\s*(?:\^|_)\s*\{?\s*([+*]|\\ge\s*0|>\s*0|\\geq\s*0)\s*\}?)?"),
     lambda m: f" \\set{m.group(1)}{('pos' if m.group(2) in ('+', '>0', '> 0') else 'nonneg' if m.group(2) and 'ge' in m.group(2) else 'nz') if m.group(2) else ''} "),
    (re.compile(r"\\(?:varepsilon|epsilon)"), r"\\epsilon"),
    (re.compile(r"\\(?:tbinom|dbinom)"), r"\\binom"),
    (re.compile(r"\\(?:imath|jmath)(?![a-zA-Z])"), " i "),
    (re.compile(r"\\\$"), " "),  # a currency sign inside math: "\\frac{1}{2} \\$ = ..."
    (re.compile(r"\\(?:measured)?angle\s*"), " "),  # \\angle XYZ = 90: the angle is named by its letters
    (re.compile(r"\blog(2|10)\s*(?=\()"), r"\\log_{\1}"),  # log2(a), log10(x) as programs write them
    (re.compile(r"\{([^{}]*)\\choose([^{}]*)\}"), r"\\binom{\1}{\2}"),  # {n \\choose k}
    (re.compile(r"(?<=[\d)}\]])(or|and)(?=[A-Za-z]\(|[A-Z(\\\d])"), r" \1 "),  # "W(x)=1orW(x)=-1": \\text{ or } that lost its spaces
]
_THIN_GROUP = re.compile(r"(?<=\d)(?:\\,|\{,\}|\\ |~|\\!|,\s*\\!\s*|\{\\,\}|'|\\thinspace)(?=\d{3}(?!\d))")
_COMMA_GROUP = re.compile(r"(?<![\d.(\[{,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,)\]}])")  # never inside a tuple


def _matrix(m: re.Match) -> str:
    rows = [r for r in re.split(r"\\\\", m.group(2)) if r.strip() and not re.fullmatch(r"\s*\\hline\s*", r)]
    cells = [" \\mcol ".join(c.strip() for c in r.replace("\\hline", " ").split("&")) for r in rows]
    return " \\mopen " + " \\mrow ".join(cells) + " \\mclose "


_REPEATING = re.compile(r"(?<![\d.])(\d*)\.(\d*)\s*\\(?:overline|bar|dot)\s*\{\s*(\d{1,12})\s*\}")


def _repeating(m: re.Match) -> str:
    """0.1\\overline{6} as the fraction it denotes (1/6): whole part, fixed digits, repeating digits."""
    whole, fixed, rep = m.group(1) or "0", m.group(2), m.group(3)
    num = int(whole + fixed + rep) - int(whole + fixed)
    den = (10 ** len(rep) - 1) * 10 ** len(fixed)
    return f"({num}/{den})"


def to_latex(text: str) -> str:
    """Rewrite presentation and Unicode into the tokenizer's plain LaTeX form."""
    s = re.sub(r"(?<=\d)[\u2009\u202f\u00a0\u2007](?=\d{3}(?!\d))", "", text)  # 1 431 655 (thin spaces)
    s = fold(s)
    s = _REPEATING.sub(_repeating, s)  # 0.\\overline{3}
    s = _MATRIX_ENV.sub(_matrix, s)
    s = _THIN_GROUP.sub("", s)
    s = _TRIG_DEGREES.sub(lambda m: f"{m.group(1)}({m.group(2)} \\pi / 180)", s)
    s = _E_NOTATION.sub(lambda m: f"({m.group(1)} \\cdot 10^{{{m.group(2)}}})", s)
    s = s.replace("\\\\", " ")
    s = s.replace("**", "^")  # programs write powers as x**2 (markdown bold is gone by now)
    for _ in range(3):  # nested \text{\textbf{...}}
        before = s
        for pattern, repl in _REWRITES:
            s = pattern.sub(repl, s)
        if s == before:
            break
    if re.fullmatch(r"\s*-?\d{1,3}(?:( |,)\d{3})(?:\1\d{3})*(?:\.\d+)?\s*", s):
        s = s.replace(" ", "").replace(",", "")  # "1 000" or "10,455" alone is one number
    s = _COMMA_GROUP.sub(lambda m: m.group(0).replace(",", "") if _grouped(m.group(0)) else m.group(0), s)
    return " ".join(s.split())


def _grouped(text: str) -> bool:
    # "1,431,655,764" is a number; "1,234" alone is ambiguous (a list of 1 and 234) and kept a list
    # unless it has two or more groups or a decimal part.
    return text.count(",") >= 2 or "." in text


_DECIMAL_COMMA = re.compile(r"^\s*([-+]?)(\d+),(\d+)\s*((?:\\?\$|€|£|¥|\\%|%)?)\s*$")


def decimal_comma(text: str) -> str | None:
    """`1000,99`, `1,22`, `0,111`, `2,74 $` read with a decimal comma (`1000.99`), or None.

    Only where a list or a digit group is the unlikely reading: an integer part of 0, exactly two digits
    after the comma, or an integer part too long for a digit group.  `3,7` and `1,234` are not read so
    (a list of two values; a thousands group).  The checker tries this reading only when one side is a
    single value and the other would otherwise be a list of two."""
    m = _DECIMAL_COMMA.match(strip_presentation(text))
    if not m:
        return None
    sign, whole, frac, unit = m.groups()
    if not (whole == "0" or len(frac) == 2 or (len(whole) > 3 and len(frac) != 3)):
        return None
    return f"{sign}{whole}.{frac}{(' ' + unit) if unit else ''}"


# ---- spelled numbers ---------------------------------------------------------------------------------

NUMBER_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
NUMBER_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
NUMBER_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_NUMBER_WORD = "|".join(sorted([*NUMBER_UNITS, *NUMBER_TENS, *NUMBER_SCALES], key=len, reverse=True))
SPELLED_NUMBER = re.compile(
    rf"\b(?:minus\s+|negative\s+)?(?:{_NUMBER_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_NUMBER_WORD}))*\b", re.I
)  # "sixteen", "forty-two", "one hundred and five": read into a number by `imobench.answers.words`


# ---- the words view -----------------------------------------------------------------------------------


def words_text(text: str) -> str:
    """Lower-case plain text for the word reader: `\\text{}` unwrapped, math delimiters gone, relations
    spelled as ASCII operators (`\\neq` is `!=`, never `!= q`)."""
    s = fold(strip_bold(text))
    s = re.sub(r"\\(?:text|textbf|textit|mathrm|mbox|emph|textnormal)\s*\{([^{}]*)\}", r" \1 ", s)
    s = re.sub(r"\\[()\[\]]|\$", " ", s)
    s = re.sub(r"\\mathbb\s*\{?\s*Z\s*\}?\s*(?:\^\s*\{?\s*\+\s*\}?|_\s*\{?\s*>\s*0\s*\}?)", " positive integers ", s)
    s = re.sub(r"\\mathbb\s*\{?\s*N\s*\}?", " natural numbers ", s)
    s = re.sub(r"\\mathbb\s*\{?\s*Z\s*\}?", " integers ", s)
    s = re.sub(r"\\(?:neq|ne)(?![a-zA-Z])", " != ", s)
    s = re.sub(r"\\equiv(?![a-zA-Z])", " ≡ ", s)
    s = re.sub(r"\\pmod\s*\{?\s*(\d+)\s*\}?|\(\s*\\?(?:bmod|mod)\s*(\d+)\s*\)", lambda m: f" (mod {m.group(1) or m.group(2)}) ", s)
    s = re.sub(r"\\(?:geq|ge)(?![a-zA-Z])", " >= ", s)
    s = re.sub(r"\\(?:leq|le)(?![a-zA-Z])", " <= ", s)
    s = re.sub(r"\\(?:quad|qquad|,|;|:| )(?![a-zA-Z])", " ", s)
    s = re.sub(r"\s+", " ", s).strip().lower().rstrip(".;,!").strip()
    return s


# ---- identity -----------------------------------------------------------------------------------------


def identity_key(text: str) -> str:
    """The text with presentation and all spacing removed: equal keys are the same answer."""
    s = strip_presentation(text)
    s = re.sub(r"(?<!\\)\$", "", s)
    s = s.replace("\\$", "")
    s = re.sub(r"\\(?:d|t)frac", r"\\frac", s)
    s = re.sub(r"\\(?:left|right|displaystyle|textstyle|[,;:! ]|q?quad)(?![a-zA-Z])", "", s)
    s = re.sub(r"\\(?:text|textbf|textit|mathrm|mbox|textnormal|operatorname)\s*\{([^{}]*)\}", r"\1", s)
    s = re.sub(r"\\(?:leq|le)(?![a-zA-Z])", "≤", s)
    s = re.sub(r"\\(?:geq|ge)(?![a-zA-Z])", "≥", s)
    s = re.sub(r"\\(?:neq|ne)(?![a-zA-Z])", "≠", s)
    s = re.sub(r"\s+", "", s).rstrip(".")
    if re.fullmatch(r"[A-Za-z' ]+", strip_presentation(text)):
        s = s.lower()  # "White" and "white" name the same thing
    return s
