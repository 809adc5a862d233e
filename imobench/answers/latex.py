"""From answer text to a token list: the tokenizer of the LaTeX / plain-text reader.

The text is first rewritten by the one normaliser (`imobench.answers.normalise.to_latex`); the
tokenizer then splits it into numbers, names, commands, operators and words.  It reads only ASCII:
anything else is a `TokenizeError` (the answer is then read by the word reader or left as prose).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from imobench.answers.normalise import to_latex

MAX_ANSWER_CHARS = 25_000  # an extracted answer longer than this is not parsed (a 20,000-digit number is read)
MAX_TOKENS = 600


class Token(NamedTuple):
    kind: str  # num | id | cmd | op | word
    value: str


class TokenizeError(ValueError):
    """The text contains something the tokenizer does not read."""


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
    "Eq": "Eq",  # sympy's printed equation Eq(lhs, rhs), read as lhs = rhs (never evaluated)
}
_CMD = re.compile(r"\\([a-zA-Z]+|[{}|,;!])")
_NUM = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_WORD = re.compile(r"[A-Za-z]+")
_OPS = set("+-*/^_!=<>,;:()[]{}|'")
_DIGITS = frozenset("0123456789")


def tokenize(text: str) -> list[Token]:
    """Tokens of normalised text; raises TokenizeError on characters it does not read."""
    if len(text) > MAX_ANSWER_CHARS:
        raise TokenizeError(f"answer is {len(text)} characters long (budget {MAX_ANSWER_CHARS})")
    s = to_latex(text)
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
        if c in _DIGITS or (c == "." and i + 1 < n and s[i + 1] in _DIGITS):
            m = _NUM.match(s, i)
            if m is None:  # unreachable for ASCII digits; a reason, never an AssertionError
                raise TokenizeError(f"unreadable number at {i}")
            out.append(Token("num", m.group(0)))
            i = m.end()
            continue
        if c.isalpha() and c.isascii():
            m = _WORD.match(s, i)
            if m is None:
                raise TokenizeError(f"unreadable word at {i}")
            word = m.group(0)
            glued = i > 0 and (s[i - 1].isdigit() or s[i - 1] in ")}")  # "4an", "(x+1)an": letters glued to a factor
            if glued and len(word) <= 4 and word not in PLAIN_FUNCTIONS and word not in GREEK:
                out.extend(Token("id", ch) for ch in word)
            elif word in PLAIN_FUNCTIONS:
                out.append(Token("cmd", PLAIN_FUNCTIONS[word]))
            elif word in GREEK:
                out.append(Token("cmd", word))
            elif len(word) == 1 or (len(word) <= 4 and (word.lower() not in ENGLISH or word.isupper())):
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
