"""From answer text (LaTeX, Unicode math or plain text) to a token list.

Normalisation is string rewriting only: it never evaluates anything.  It folds presentation
(`\\left`, `\\dfrac`, thin spaces, `\\text{}`), Unicode math (≤ √ π · −) and digit grouping
(`1\\,431\\,655\\,764`, `1{,}000`, `1,431,655,764`) into one plain LaTeX-like form that the
parser in `imobench.answers.parse` reads.
"""

from __future__ import annotations

import re
from typing import NamedTuple

MAX_ANSWER_CHARS = 2_000  # an extracted answer longer than this is not parsed (undecided)
MAX_TOKENS = 600


class Token(NamedTuple):
    kind: str  # num | id | cmd | op | word
    value: str


class TokenizeError(ValueError):
    """The text contains something the tokenizer does not read."""


_UNICODE = {
    "≤": r" \le ", "⩽": r" \le ", "≥": r" \ge ", "⩾": r" \ge ", "≠": r" \ne ", "√": r"\sqrt ",
    "π": r"\pi ", "·": r" \cdot ", "⋅": r" \cdot ", "×": r" \times ", "−": "-", "–": "-", "—": "-",
    "∞": r"\infty ", "∪": r" \cup ", "∩": r" \cap ", "∈": r" \in ", "∉": r" \notin ", "ℝ": r"\mathbb{R}",
    "ℤ": r"\mathbb{Z}", "ℕ": r"\mathbb{N}", "ℚ": r"\mathbb{Q}", "ℂ": r"\mathbb{C}", "±": r" \pm ",
    "∓": r" \mp ", "÷": " / ", "⌊": r"\lfloor ", "⌋": r"\rfloor ", "⌈": r"\lceil ", "⌉": r"\rceil ",
    "∅": r"\emptyset ", "≡": r" \equiv ", "…": r" \ldots ", "⋯": r" \cdots ", "°": "", "∖": r" \setminus ",
    "α": r"\alpha ", "β": r"\beta ", "γ": r"\gamma ", "θ": r"\theta ", "λ": r"\lambda ", "ρ": r"\rho ",
    "φ": r"\varphi ", "ϕ": r"\varphi ", "²": "^2", "³": "^3", "¹": "^1", "⁴": "^4",
    "\u2009": " ", "\u202f": " ", "\u00a0": " ", "\u2007": " ", "\u200b": "",
}
_SUPERSCRIPT_RE = re.compile("|".join(re.escape(k) for k in _UNICODE))

# \command -> replacement (string level)
_REWRITES = [
    (re.compile(r"\\(?:d|t|c)frac"), r"\\frac"),
    (re.compile(r"\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|big|Big|bigg|Bigg)(?![a-zA-Z])\s*\.?"), ""),
    (re.compile(r"\\(?:displaystyle|textstyle|scriptstyle|limits|nolimits|!)(?![a-zA-Z])"), ""),
    (re.compile(r"\^\s*\{\s*\\circ\s*\}|\^\s*\\circ|\\circ|\\degree|\^\s*\{\s*o\s*\}(?![a-zA-Z])"), ""),
    (re.compile(r"\\%|%|\b(?:percent|percentage|pct)\b"), r" \\percent "),
    (re.compile(r"\\(?:leq|leqslant|le)(?![a-zA-Z])"), r" \\le "),
    (re.compile(r"\\(?:geq|geqslant|ge)(?![a-zA-Z])"), r" \\ge "),
    (re.compile(r"\\(?:neq|ne)(?![a-zA-Z])|!="), r" \\ne "),
    (re.compile(r"\\(?:lt)(?![a-zA-Z])"), " < "),
    (re.compile(r"\\(?:gt)(?![a-zA-Z])"), " > "),
    (re.compile(r"\\(?:dots|ldots|cdots|dotsc|dotsb)(?![a-zA-Z])"), r" \\ldots "),
    (re.compile(r"\\(?:lbrace)(?![a-zA-Z])"), r"\\{"),
    (re.compile(r"\\(?:rbrace)(?![a-zA-Z])"), r"\\}"),
    (re.compile(r"\\(?:varnothing)(?![a-zA-Z])"), r"\\emptyset"),
    (re.compile(r"\\(?:times|ast)(?![a-zA-Z])"), r" \\cdot "),
    (re.compile(r"\\(?:div)(?![a-zA-Z])"), " / "),
    (re.compile(r"\\(?:colon|mid)(?![a-zA-Z])"), " : "),
    (re.compile(r"\\(?:wedge|land)(?![a-zA-Z])"), " and "),
    (re.compile(r"\\(?:vee|lor)(?![a-zA-Z])"), " or "),
    (re.compile(r"\\(?:quad|qquad|,|;|:| |>)(?![a-zA-Z])"), " "),
    (re.compile(r"\\(?:operatorname|mathrm|mathit|mathbf|textbf|textit|textrm|text|mbox|hbox|emph)\s*\{([^{}]*)\}"), r" \1 "),
    (re.compile(r"\\(?:boldsymbol|mathsf)\s*\{([^{}]*)\}"), r" \1 "),
    (re.compile(r"\\mathbb\s*\{?\s*([RZNQC])\s*\}?(?:\s*(?:\^|_)\s*\{?\s*([+*]|\\ge\s*0|>\s*0)\s*\}?)?"), lambda m: f" \\set{m.group(1)}{'pos' if m.group(2) else ''} "),
    (re.compile(r"\\(?:varepsilon|epsilon)"), r"\\epsilon"),
    (re.compile(r"\\tbinom|\\dbinom"), r"\\binom"),
]
# Digit grouping: 1\,431 and 1{,}431 and 1 431 (thin spaces already turned into spaces).
_THIN_GROUP = re.compile(r"(?<=\d)(?:\\,|\{,\}|\\ |~)(?=\d{3}(?!\d))")
_COMMA_GROUP = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])")

# Short words that are English in answers; other short letter runs are products of variables.
ENGLISH = {
    "and", "or", "for", "all", "if", "is", "are", "the", "of", "no", "none", "mod", "with", "some", "any",
    "odd", "even", "not", "in", "only", "form", "when", "then", "else", "each", "real", "reals", "one",
    "two", "four", "five", "nine", "ten", "zero", "both", "has", "have", "be", "it", "its", "so", "as",
    "at", "to", "an", "on", "by", "we", "get", "find", "thus", "also", "case", "cases", "any", "such",
    "that", "than", "from", "but", "else", "x", "i",
}
GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu",
    "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma",
    "Delta", "Theta", "Lambda", "Xi", "Sigma", "Phi", "Psi", "Omega",
}
# Plain-text function names (sqrt(2), floor(x), x**2 written by programs) read as their LaTeX command.
PLAIN_FUNCTIONS = {
    "sqrt": "sqrt", "floor": "floor", "ceil": "ceil", "ceiling": "ceil", "log": "log", "ln": "ln",
    "exp": "exp", "sin": "sin", "cos": "cos", "tan": "tan", "pi": "pi", "binomial": "binomial",
    "factorial": "factorial", "factorial2": "factorial2", "abs": "abs", "Abs": "abs", "oo": "infty",
    "infinity": "infty", "infty": "infty", "max": "max", "min": "min", "gcd": "gcd", "lcm": "lcm",
}
_CMD = re.compile(r"\\([a-zA-Z]+|[{}|,;!])")
_NUM = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_WORD = re.compile(r"[A-Za-z]+")
_OPS = set("+-*/^_!=<>,;:()[]{}|'")


def normalize(text: str) -> str:
    """Rewrite presentation and Unicode into the parser's plain LaTeX form."""
    s = re.sub(r"(?<=\d)[\u2009\u202f\u00a0](?=\d{3}(?!\d))", "", text)
    s = _THIN_GROUP.sub("", s)
    s = _SUPERSCRIPT_RE.sub(lambda m: _UNICODE[m.group(0)], s)
    s = s.replace("\\\\", " ").replace("**", "^")
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
    # unless it has two or more groups.
    return text.count(",") >= 2 or "." in text


def tokenize(text: str) -> list[Token]:
    """Tokens of normalised text; raises TokenizeError on characters it does not read."""
    if len(text) > MAX_ANSWER_CHARS:
        raise TokenizeError(f"answer is {len(text)} characters long (budget {MAX_ANSWER_CHARS})")
    s = normalize(text)
    out: list[Token] = []
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c.isspace():
            i += 1
            continue
        if c == "\\":
            m = _CMD.match(s, i)
            if not m:
                raise TokenizeError(f"stray backslash at {i}")
            name = m.group(1)
            if name in "{}":
                out.append(Token("op", "\\" + name))
            elif name == "|":
                out.append(Token("op", "|"))
            elif name in ",;!":
                pass
            else:
                out.append(Token("cmd", name))
            i = m.end()
            continue
        if c.isdigit() or (c == "." and i + 1 < n and s[i + 1].isdigit()):
            m = _NUM.match(s, i)
            assert m is not None
            out.append(Token("num", m.group(0)))
            i = m.end()
            continue
        if c.isalpha() and c.isascii():
            m = _WORD.match(s, i)
            assert m is not None
            word = m.group(0)
            if word in PLAIN_FUNCTIONS:
                out.append(Token("cmd", PLAIN_FUNCTIONS[word]))
            elif word in GREEK:
                out.append(Token("cmd", word))
            elif len(word) == 1 or (len(word) <= 4 and word.lower() not in ENGLISH):
                out.extend(Token("id", ch) for ch in word)  # LaTeX "ab" is a times b
            else:
                out.append(Token("word", word))
            i = m.end()
            continue
        if c in _OPS:
            out.append(Token("op", c))
            i += 1
            continue
        if c in "&":
            i += 1
            continue
        if c == '"':
            i += 1
            continue
        raise TokenizeError(f"unexpected character {c!r}")
        
    if len(out) > MAX_TOKENS:
        raise TokenizeError(f"answer has {len(out)} tokens (budget {MAX_TOKENS})")
    return out
