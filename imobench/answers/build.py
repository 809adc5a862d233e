"""The form builder: answer text -> an answer form (`to_form`), the one entry point of reading.

It parses the text with the LaTeX/plain reader (`imobench.answers.parse`) and, where that does not read
it, with the word reader (`imobench.answers.words`, a second front end that only this module imports);
it returns a form of `imobench.answers.forms`, or `Prose` with the reason nothing else fitted.
"""

from __future__ import annotations

import re

import sympy as sp

from imobench.answers import intsets, words
from imobench.answers.choices import choice_of_gold
from imobench.answers.sentence import lone_number
from imobench.answers.forms import (
    INTEGER_NAMES,
    PARAMETER_NAMES,
    Choice,
    Condition,
    Families,
    Family,
    Ints,
    Piecewise,
    Prose,
    RealSet,
    Scalar,
    Seq,
    as_int_set,
    powers,
    progression,
    restricted,
)
from imobench.answers.piecewise import split_pieces
from imobench.answers.normalise import to_latex
from imobench.answers.parse import (
    App,
    Dots,
    Items,
    Matrix,
    ParseError,
    PlusMinus,
    Ratio,
    Rel,
    SetBuilder,
    SetLit,
    SetOp,
    TooLarge,
    Tup,
    as_expr,
    parse_answer,
)

_QUALIFIER = re.compile(r"(?:,\s*|\s+|\(\s*)\b(where|for|with)\b\s+(.*)$", re.S)
MAX_DIVISORS_OF = 10**12  # n | N is read as the divisors of N up to this size
_DEFINITION = re.compile(r"^\\?([A-Za-z]+)\s*=\s*(.+)$", re.S)
_UNIT_WORDS = (
    r"(?:units?|square\s+units|cm|mm|km|meters?|metres?|centimeters?|kilometers?|miles?|feet|foot|ft|inch(?:es)?|yards?|"
    r"seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|degrees?|deg|radians?|rad|"
    r"dollars?|cents?|euros?|yuan|kg|grams?|kilograms?|pounds?|lbs?|liters?|litres?|ml|"
    r"people|persons?|students?|ways?|points?|steps?|moves?|games?|coins?|cards?|"
    r"cm\^2|m\^2|cm\^3|m\^3|sq\.?\s*units|个|种|天|小时|分钟|秒|米|厘米|元|人|次|步)"
)
_NUMBER_TEXT = re.compile(r"^[-+]?(?:\d[\d,]*(?:\.\d+)?|\.\d+|\\frac\s*\{[^{}]*\}\s*\{[^{}]*\}|\d+\s*/\s*\d+|[\d.]+\s*\\cdot\s*10\^\{?-?\d+\}?)$")
_UNITS = re.compile(
    r"^(.*?[\d}).!])\s*(?:\\(?:text|textnormal|mathrm|mbox|textbf|textit|operatorname)\s*\{\s*[^{}]*\}|" + _UNIT_WORDS + r"(?:\s*\^\s*\{?\d\}?)?)\s*$",
    re.S | re.I,
)
_CURRENCY = re.compile(r"^\s*(?:\\\$|\$|€|£|¥|US\$|USD|EUR|RMB)\s*(?=[\d.])|(?<=[\d.])\s*(?:\\\$|\$|€|£|¥|USD|EUR|RMB|元)\s*$")


def split_qualifier(text: str) -> tuple[str, str | None]:
    """`f(x) = ... for some a > 0` -> (`f(x) = ...`, `for some a > 0`)."""
    m = _QUALIFIER.search(text)
    if not m or not text[: m.start()].strip():
        return text, None
    qualifier = m.group(0).strip()
    if qualifier.startswith("("):  # "(for all odd primes p)"
        qualifier = qualifier[1:].rstrip().removesuffix(")")
    return text[: m.start()].strip().rstrip(","), qualifier.lstrip(", ").strip()


_RESTRICTIVE = {  # words of a qualifier that change which objects it allows (with their spellings as relations)
    "odd": (r"\bodd\b",), "even": (r"\beven\b",), "prime": (r"\bprimes?\b",), "composite": (r"\bcomposites?\b",),
    "positive": (r"\bpositive\b", r">\s*0\b"), "negative": (r"\bnegative\b", r"<\s*0\b"),
    "nonnegative": (r"\bnon-?negative\b", r"\\geq?\s*0\b", r">=\s*0\b", r"≥\s*0\b"),
    "nonzero": (r"\bnon-?zero\b", r"\\neq?\s*0\b", r"!=\s*0\b"), "distinct": (r"\bdistinct\b",),
    "rational": (r"\brationals?\b", r"\\mathbb\s*\{?Q"), "irrational": (r"\birrational\b",),
}


def qualifier_words(text: str) -> frozenset[str]:
    """The restrictive words of an answer's qualifier ("for all odd primes p" -> {odd, prime}); empty when
    it has no qualifier."""
    _, qualifier = split_qualifier(text)
    if not qualifier:
        return frozenset()
    q = qualifier.lower()
    return frozenset(word for word, patterns in _RESTRICTIVE.items() if any(re.search(p, q) for p in patterns))


def to_form(text: str) -> object:
    """The form of an answer text.  Raises TooLarge for numbers beyond the size budget.

    A trailing qualifier is handled first: `where φ = ...` substitutes the definition; `for some
    a > 0`, `for n ≥ 1` only restrict parameters and are set aside.
    """
    pieces = split_pieces(text)
    if pieces is not None:
        form = piecewise_form(*pieces)
        if form is not None:
            return form
    choice = choice_of_gold(text)
    if choice is not None:
        return choice
    lead = _LEAD_IN.match(text.strip())
    rest = re.sub(r"(?<!\\)\$", " ", text.strip()[lead.end() :]).strip() if lead and lead.group(0).strip() else ""
    if rest:
        but = _ALL_BUT.match(rest)
        if but and re.search(r"\breal|实数", lead.group(0), re.I):
            left = to_form(but.group(2))
            points = [x.expr for x in (left.items if isinstance(left, Seq) else (left,)) if isinstance(x, Scalar) and x.expr.is_number]
            if points:
                return RealSet(sp.Complement(sp.S.Reals, sp.FiniteSet(*points)), but.group(1))  # "all real x except x = -3"
        form = _to_form(rest)
        if isinstance(form, (RealSet, Condition)) or (isinstance(form, Ints) and form.var):
            return form  # "all real x \\ne -3", "all pairs with ab \\le e^3", "所有实数 x≠-3", "all n \\equiv 1 \\pmod 2"
    main, qualifier = split_qualifier(text)
    if qualifier is not None and words.words_form(text) is None:
        form = to_form(main)
        if isinstance(form, Prose):
            return Prose(text, form.reason)
        q = re.sub(r"(?<!\\)\$", " ", qualifier).strip()
        q = _NAMED_CONSTANTS.sub(lambda m: f"{m.group(1)} = {_CONSTANT_VALUES[m.group(2).lower()]}", q)
        definition = _DEFINITION.match(re.sub(r"^(?:where|with)\s+", "", q))
        if re.match(r"(?:where|with)\b", q) and definition:
            try:
                value = as_expr(parse_answer(definition.group(2)).items[0])
            except ParseError:
                return Prose(text, "a definition in the qualifier could not be read")
            return substitute(form, sp.Symbol(definition.group(1)), value)
        if isinstance(form, Ints) and form.param:
            values = parameter_range(q, form.param[-1])
            got = restricted(form, values) if values is not None else None
            return got if got is not None else Prose(text, f"a range of the parameter {form.param[-1]} that is not read")
        if isinstance(form, Scalar) and not form.note:
            return Scalar(form.expr, form.label, "qualified")  # a value stated under a condition ("... for n ≠ 0")
        if isinstance(form, Family):
            return Family(form.name, form.args, form.expr, qualified=True)
        return form
    return _to_form(text)


def piecewise_form(label: str | None, pieces: list[tuple[str, str]]) -> Piecewise | None:
    """The form of each piece's value and condition (None if some value is not read)."""
    out = []
    for value, cond in pieces:
        v = to_form(value)
        if isinstance(v, Prose) and lone_number(value) is not None:
            v = to_form(lone_number(value))  # "1 such point if ..., and 2 otherwise"
        if isinstance(v, (Prose, Piecewise)):
            return None
        out.append((v, None if cond == "" else condition_of_piece(cond)))
    return Piecewise(tuple(out), label)


def condition_of_piece(text: str):
    """A piece's condition as a form: `x > 0`, `n is even`, `a = 1`, `(p,q,r) = (0,0,0)`; anything else is
    kept as `Prose` (compared by its words)."""
    s = re.sub(r"^(?:the\s+)?(?:integer\s+|number\s+)?", "", text.strip(), flags=re.I)
    try:
        form = to_form(s)
    except TooLarge:
        form = Prose(text, "too large")
    if isinstance(form, (Prose, Choice, Piecewise)):
        return Prose(text, "a condition in words")
    return form


_CONSTANT_VALUES = {"golden ratio": "\\frac{1+\\sqrt{5}}{2}", "silver ratio": "1+\\sqrt{2}"}
_NAMED_CONSTANTS = re.compile(r"(\\?[A-Za-z]+)\s+(?:is\s+|being\s+|=\s*)?the\s+(golden ratio|silver ratio)\b", re.I)
_PARAMETER_WORDS = [  # adjectives of a parameter, as the range they give it
    (re.compile(r"\b(?:nonzero|non-zero)\b"), intsets.IntSet("diff", (intsets.ALL, intsets.finite([0])))),
    (re.compile(r"\b(?:nonnegative|non-negative)\b"), intsets.IntSet("all", (0, None))),
    (re.compile(r"\b(?:positive|natural)\b"), intsets.POSITIVE),
    (re.compile(r"\bnegative\b"), intsets.IntSet("all", (None, -1))),
]


def parameter_range(qualifier: str, name: str) -> intsets.IntSet | None:
    """The integers a qualifier allows for a parameter: "for some integer k" (all), "with k a nonzero
    integer", "k ≥ 1", "k \\in \\mathbb{Z}^+", "for nonnegative k"; None when it says something else."""
    q = re.sub(r"(?<!\\)\$", " ", qualifier).strip().rstrip(".")
    q = re.sub(r"^(?:for\s+(?:some|all|any|every|each)?|with|where|such\s+that)\s*", "", q, flags=re.I).strip()
    if not re.search(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", q):
        return None
    words = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])|\b(?:an?|is|are|some|any|integers?|whole\s+numbers?|number)\b", " ", q, flags=re.I)
    if not words.strip():
        return intsets.ALL  # "for some integer k"
    if re.fullmatch(r"[a-z\s-]+", words.strip(), re.I):
        got = [v for pattern, v in _PARAMETER_WORDS if pattern.search(words.lower())]
        leftover = re.sub(r"nonzero|non-zero|nonnegative|non-negative|positive|natural|negative|\s", "", words.lower())
        return got[0] if len(got) == 1 and not leftover else None
    try:
        form = to_form(re.sub(r"\b(?:an?|is|some|any|integers?)\b", " ", q, flags=re.I).strip())
    except TooLarge:
        return None
    return as_int_set(form) if isinstance(form, (RealSet, Ints)) and getattr(form, "var", None) == name else None


def without_units(text: str) -> str | None:
    """`125 miles`, `1/3 \\text{meters}`, `\\$16386.17`, `7 days` -> the number (None if there is no unit)."""
    s = text.strip()
    bare = _CURRENCY.sub("", s).strip()
    m = _UNITS.match(bare)
    if m and m.group(1).strip():
        bare = m.group(1).strip()
    return bare if bare != s and bare else None


_POWER = r"(?:\^\s*\{?\s*[23]\s*\}?|[²³])"
_NUMBER_WITH_UNIT = re.compile(
    r"^\s*([-+]?(?:\d[\d,]*(?:\.\d+)?|\.\d+))\s*(?:"
    r"\\(?:text|mathrm|textnormal|mbox)\s*\{\s*[A-Za-z]{1,5}\s*\}\s*" + _POWER + r"?"  # \text{m}, \mathrm{cm}^2
    r"|(?:cm|mm|km|kg|mg|ml|ft|mi|yd|lb|lbs|oz|hr|hrs|min|sec|deg|rad)\s*" + _POWER + r"?"
    r"|[mgslh]\s*" + _POWER + r")\s*$"  # one letter is a unit only with a power (m², not 5m)
)


def number_without_unit(text: str) -> str | None:
    """`1,000.99m^{2}`, `35 cm`, `12 km` -> the number.  Letters after a number are read as a unit only
    when the gold is a plain number (the checker asks this for the response side then): against a gold
    such as `4m^2` the same letters are a variable."""
    bare = _CURRENCY.sub("", text.strip()).strip()
    m = _NUMBER_WITH_UNIT.match(bare)
    return m.group(1) if m else None


def substitute(form, sym: sp.Symbol, value: sp.Expr):
    if isinstance(form, Scalar):
        return Scalar(form.expr.xreplace({sym: value}))
    if isinstance(form, Family):
        return Family(form.name, form.args, form.expr.xreplace({sym: value}))
    if isinstance(form, Families):
        return Families(tuple(substitute(f, sym, value) for f in form.items))
    if isinstance(form, Seq):
        return Seq(tuple(substitute(f, sym, value) for f in form.items), form.ordered, form.brackets)
    return form


def _to_form(text: str) -> object:
    if re.fullmatch(r"[A-Za-z\- ]+", text.strip()):
        n = words.number_from_words(text)
        if n is not None:
            return Scalar(sp.Integer(n))  # "six" is not s*i*x
    try:
        items = parse_answer(text)
    except TooLarge:
        raise
    except ParseError as err:
        form = words.words_form(text)
        if form is not None:
            return form
        bare = without_units(text)
        if bare is not None:
            return _to_form(bare)
        only = _ONLY_EXCEPT.match(text.strip())
        if only:
            return _to_form(only.group(1))  # "no solutions except (1, 1)": the exception is the answer
        return Prose(text, f"not read as mathematics ({err})")
    try:
        form = items_form(items)
    except TooLarge:
        raise
    except (ParseError, TypeError, ValueError, AttributeError, NotImplementedError, ZeroDivisionError) as err:
        form = words.words_form(text)
        if form is not None:
            return form
        bare = without_units(text)
        if bare is not None:
            return _to_form(bare)
        return Prose(text, f"structure not understood ({err})")
    if isinstance(form, Scalar) and _unit_symbols(form.expr, text):
        bare = without_units(text)
        if bare is not None:
            return _to_form(bare)  # "5 cm" parsed as 5*c*m
    if isinstance(form, Scalar) and re.search(r"\\percent\s*$", to_latex(text)) and len(items.items) == 1:
        return Scalar(form.expr, form.label, "percent")
    if isinstance(form, Scalar) and not form.note and _DEGREES.search(text) and not _TRIG.search(text):
        return Scalar(form.expr, form.label, "degrees")
    return form


_ONLY_EXCEPT = re.compile(
    r"^(?:there\s+(?:are|is)\s+)?no\s+(?:other\s+)?(?:solutions?|values?|such\s+\w+|pairs?|triples?|integers?|numbers?)"
    r"\s+(?:except(?:\s+for)?|other\s+than|besides|apart\s+from|but)\s+(.+?)\.?$",
    re.I | re.S,
)
_ALL_BUT = re.compile(r"^([a-z])\s+(?:except(?:\s+for)?|other\s+than|but|excluding|besides)\s+(.+)$", re.I)
_LEAD_IN = re.compile(
    r"^(?:(?:all|every|any|the\s+set\s+of(?:\s+all)?)\s+(?:real\s+numbers?|reals?|real|(?:ordered\s+)?pairs?|(?:ordered\s+)?triples?|"
    r"tuples?|points?|numbers?|values?|solutions?)?\s*(?:\([^()]{1,20}\)\s*)?(?:with|such\s+that|satisfying|that\s+satisfy|for\s+which|where)?"
    r"|(?:所有|全体|一切)(?:的)?(?:实数|实数对|数对|有序数对|点)?\s*(?:满足)?)\s*",
    re.I,
)  # the words before a condition, when they add no restriction (never "all positive reals")


_DEGREES = re.compile(r"\^\s*\{?\s*\\circ|\\degree|°|\bdegrees?\b", re.I)
_TRIG = re.compile(r"\\(?:sin|cos|tan|cot|sec|csc)|\b(?:sin|cos|tan)\b")  # sin 30° is a number, not an angle


def _unit_symbols(expr: sp.Expr, text: str) -> bool:
    """`5 cm` read as 5·c·m: only when what is left without the unit is a plain number."""
    bare = without_units(text) if expr.free_symbols else None
    return bare is not None and bool(_NUMBER_TEXT.match(bare.strip()))


def items_form(items: Items) -> object:
    parts = items.items
    if any(isinstance(p, Dots) for p in parts):
        return _range_form(parts)
    grouped = _labelled_solutions(parts)
    if grouped is not None:
        return grouped
    forms = [item_form(p) for p in parts]
    if len(forms) == 1:
        return forms[0]
    form = combine(forms, tuple(items.joiners))
    if isinstance(form, Seq) and not form.brackets and set(items.joiners) == {","} and all(
        isinstance(p, sp.Expr) for p in parts
    ):
        return Seq(form.items, form.ordered, form.brackets, bare=True)
    return form


def _label(p) -> str | None:
    if isinstance(p, Rel) and p.ops == ("=",) and isinstance(p.terms[0], sp.Symbol):
        return p.terms[0].name
    return None


def _labelled_solutions(parts: list):
    """`p=5, q=2; p=7, q=2` or `x=1, y=2 and x=3, y=4`: labels that repeat in the same order are several
    solutions, each the tuple of its labelled values."""
    labels = [_label(p) for p in parts]
    if len(parts) < 4 or None in labels:
        return None
    k = labels.index(labels[0], 1) if labels[0] in labels[1:] else 0
    if k < 2 or len(labels) % k or labels != labels[:k] * (len(labels) // k) or len(set(labels[:k])) != k:
        return None
    tuples = [
        Seq(tuple(item_form(p.terms[1]) for p in parts[i : i + k]), ordered=True, brackets="()")
        for i in range(0, len(parts), k)
    ]
    return Seq(tuple(tuples), ordered=False)


def combine(forms: list, joiners: tuple = ()) -> object:
    """Several top-level answers joined by commas/"and"/"or".

    A statement that only gives a variable its domain ("k \\in \\mathbb{Z}" beside "n = 4k - 1", "x \\in
    \\mathbb{R}" beside "x \\ne -3") restricts, it adds nothing: it is set aside.  Bounds on one variable
    joined by "and" ("c > 0 and c < 1", "c>0 且 c<1") intersect; otherwise pieces are a union."""
    flat: list = []
    for f in forms:
        if isinstance(f, Seq) and not f.ordered and not f.brackets:
            flat.extend(f.items)
        else:
            flat.append(f)
    named = {f.name: f for f in flat if isinstance(f, Family)}
    if named:  # "Q \\equiv -2 and Q(x) = 2x - 2": the constant is the function Q of the same argument
        flat = [Family(f.label, named[f.label].args, f.expr) if isinstance(f, Scalar) and f.label in named else f for f in flat]
        constants = {str(c) for f in flat if isinstance(f, Family) for c in f.expr.free_symbols - set(f.args)}
        flat = [f for f in flat if not (isinstance(f, (RealSet, Condition, Ints)) and _names_only(f) <= constants and _names_only(f))]
        # "g(x) = ..., a > 0", "c \\ne -1": a condition on a family's free constant qualifies it
    if all(isinstance(f, Family) for f in flat):
        return Families(tuple(flat))
    flat = _with_parameter_ranges(flat)
    flat = _without_domains(flat)
    if len(flat) == 1:
        return flat[0]
    same_var = {getattr(f, "var", None) for f in flat}
    if joiners and set(joiners) == {"and"} and all(isinstance(f, RealSet) for f in flat) and len(same_var) == 1 and None not in same_var:
        return RealSet(sp.Intersection(*[f.set for f in flat]), flat[0].var)
    main_vars = {f.var for f in flat if isinstance(f, Ints) and f.var}
    if main_vars and any(isinstance(f, (RealSet, Condition)) and getattr(f, "var", None) not in main_vars for f in flat):
        # "n = 14k, k != 0": a condition on the parameter, not another part of the answer
        return Prose("", "a condition on a parameter of the answer is not compared symbolically")
    if any(isinstance(f, Ints) for f in flat) or (
        any(isinstance(f, RealSet) and f.var in INTEGER_NAMES for f in flat)
        and all(isinstance(f, (Ints, RealSet, Scalar)) for f in flat)
    ):
        sets = [as_int_set(f) for f in flat]
        if all(s is not None for s in sets):
            var = next((f.var for f in flat if getattr(f, "var", None)), None)
            bounds = [s for f, s in zip(flat, sets) if isinstance(f, RealSet)]
            rules = [s for f, s in zip(flat, sets) if isinstance(f, Ints) and (s.kind != "finite" or f.source == "divides")]
            if bounds and rules and len(bounds) + len(rules) == len(sets) and "or" not in joiners:
                # "n | 24, n > 1", "n odd, n >= 5": bounds beside a rule restrict it
                return Ints(intsets.IntSet("inter", (intsets.union(*rules), *bounds)), var, "relation")
            return Ints(intsets.union(*sets), var, "relation")
    if all(isinstance(f, RealSet) for f in flat) or (
        any(isinstance(f, RealSet) for f in flat)
        and all(isinstance(f, RealSet) or (isinstance(f, Scalar) and f.expr.is_number and f.expr.is_real) for f in flat)
        and len({f.var if isinstance(f, RealSet) else f.label for f in flat} - {None}) <= 1
    ):
        return _real_pieces(flat)  # "x < 0 or x = 1/2", "x < -8/3, x \\ne -4"
    return Seq(tuple(flat), ordered=False)


def _real_pieces(flat: list) -> RealSet:
    """Pieces of a set of reals: intervals and points are a union; "x ≠ c" restricts the rest."""
    var = next((f.var for f in flat if isinstance(f, RealSet) and f.var), None)
    pieces = [f.set if isinstance(f, RealSet) else sp.FiniteSet(f.expr) for f in flat]
    missing = [_points_missing(p) for p in pieces]
    rest = [p for p, m in zip(pieces, missing) if m is None]
    out = sp.Union(*rest) if rest else sp.S.Reals
    for m in missing:
        if m is not None:
            out = sp.Complement(out, m)
    return RealSet(out, var)


def _points_missing(s: sp.Set) -> sp.FiniteSet | None:
    """The points a set of reals leaves out when it is all the reals but finitely many ("x ≠ -4")."""
    try:
        rest = sp.Complement(sp.S.Reals, s)
    except (TypeError, ValueError, NotImplementedError):
        return None
    return rest if isinstance(rest, sp.FiniteSet) and len(rest) > 0 else None


_DOMAINS = (sp.S.Reals, sp.S.Integers, sp.S.Naturals, sp.S.Naturals0, sp.S.Rationals, sp.S.Complexes)


def _is_domain(f) -> bool:
    if isinstance(f, RealSet):
        return f.set in _DOMAINS
    if isinstance(f, Ints):
        return f.set in (intsets.ALL, intsets.POSITIVE, intsets.IntSet("all", (0, None)))
    return False


def _without_domains(flat: list) -> list:
    """The parts of an answer without the statements that only give a variable (or a parameter) its domain."""
    named = [f for f in flat if getattr(f, "var", None) or (isinstance(f, Scalar) and f.label)]
    if len(flat) < 2 or not named:
        return flat
    free: set[str] = set()
    for f in flat:
        free |= _free_names(f)
    kept = [f for f in flat if not (_is_domain(f) and getattr(f, "var", None) in free | PARAMETER_NAMES - {None})]
    return kept or flat


def _with_parameter_ranges(flat: list) -> list:
    """"n = 14k, k ≠ 0", "2^k, k ≥ 1": a range given for the parameter of a progression or of powers
    restricts it; a range that cannot be applied leaves the whole answer unread (Prose)."""
    named = {getattr(f, "var", None) for f in flat if isinstance(f, (RealSet, Ints))} & PARAMETER_NAMES
    flat = [_as_parametrised(f, named) if isinstance(f, Scalar) else f for f in flat]  # "2^k, k ≥ 1"
    params = {f.param[-1] for f in flat if isinstance(f, Ints) and f.param}
    ranges = [f for f in flat if isinstance(f, (RealSet, Ints)) and not getattr(f, "param", None) and f.var in params]
    if not ranges:
        return flat
    out = []
    for f in flat:
        if any(f is r for r in ranges):
            continue
        if isinstance(f, Ints) and f.param:
            for r in (r for r in ranges if r.var == f.param[-1]):
                values = as_int_set(r)
                got = restricted(f, values) if values is not None else None
                if got is None:
                    return [Prose("", f"a range of the parameter {r.var} that is not read")]
                f = got
        out.append(f)
    return out


def _names_only(f) -> set[str]:
    if isinstance(f, (RealSet, Ints)):
        return {f.var} if f.var else set()
    if isinstance(f, Condition):
        return {str(x) for _, e in f.relations for x in e.free_symbols}
    return set()


def _as_parametrised(f: Scalar, named: set) -> object:
    """A bare `4k + 3` or `2^k` whose parameter is given a range elsewhere in the answer, as the integer set."""
    free = f.expr.free_symbols
    if len(free) != 1 or next(iter(free)).name not in named:
        return f
    n = sp.Symbol("_n")
    return progression(n, f.expr) or powers(n, f.expr) or f


def _free_names(form) -> set[str]:
    """The names an answer form uses: its free symbols, labels and variables (a domain statement names none)."""
    if isinstance(form, Scalar):
        return {str(x) for x in form.expr.free_symbols} | ({form.label} if form.label else set())
    if isinstance(form, Family):
        return {str(x) for x in form.expr.free_symbols} | {form.name}
    if isinstance(form, (Seq, Families)):
        return set().union(*(_free_names(x) for x in form.items)) if form.items else set()
    if isinstance(form, (Ints, RealSet)) and not _is_domain(form) and form.var:
        return {form.var}
    return set()


def _range_form(parts: list) -> object:
    """`1, 2, ..., n`, `a, a+d, ..., b` (arithmetic, every listed term on the progression) and `1, 2, 4, 8, ...`
    (geometric, the powers of the ratio from the first term): integer lists with an ellipsis."""
    idx = next(i for i, p in enumerate(parts) if isinstance(p, Dots))
    before, after = parts[:idx], parts[idx + 1 :]
    if not before or not all(isinstance(p, sp.Integer) for p in [*before, *after]):
        raise ParseError("a list with an ellipsis that is not an integer range")
    listed = [int(p) for p in before]
    step = listed[1] - listed[0] if len(listed) >= 2 else 0
    arithmetic = step != 0 and all(b - a == step for a, b in zip(listed, listed[1:]))
    if arithmetic and len(after) == 1:
        start, end = listed[0], int(after[0])
        if (end - start) % step == 0 and 0 <= (end - start) // step <= 100_000:
            return Ints(intsets.finite(range(start, end + step, step)), None, "rule")
    if arithmetic and not after and step > 0:
        return Ints(intsets.IntSet("inter", (intsets.residue(listed[0], step), intsets.IntSet("all", (listed[0], None)))), None, "rule")
    ratio = listed[1] // listed[0] if len(listed) >= 3 and listed[0] else 0
    if not after and abs(ratio) >= 2 and all(b == a * ratio for a, b in zip(listed, listed[1:])) and listed[0] == 1:
        return Ints(intsets.powers(ratio), None, "rule")  # 1, 2, 4, 8, ...: the powers of 2
    raise ParseError("a list with an ellipsis that is not an integer range")


def item_form(p) -> object:
    if isinstance(p, Matrix):
        rows = tuple(Seq(tuple(item_form(c) for c in row), ordered=True, brackets="row") for row in p.rows)
        return Seq(rows, ordered=True, brackets="matrix")
    if isinstance(p, Ratio):
        a, b = as_expr(p.left if not isinstance(p.left, Ratio) else item_form(p.left).expr), as_expr(p.right)
        if p.clock:
            return Scalar(60 * a + b, note="clock")
        if b == 0:
            raise ParseError("a ratio with a zero term")
        return Scalar(sp.Mul(a, sp.Pow(b, -1)))
    if isinstance(p, sp.Set):
        return set_const_form(p)
    if isinstance(p, PlusMinus):
        return Seq((item_form(p.plus), item_form(p.minus)), ordered=False)
    if isinstance(p, Tup):
        return tup_form(p)
    if isinstance(p, SetLit):
        if any(isinstance(x, Dots) for x in p.items):
            return _range_form(list(p.items))
        items: list = []
        for x in p.items:
            f = item_form(x)
            items.extend(f.items if isinstance(f, Seq) and not f.ordered and not f.brackets else [f])  # {0, ±2/3}
        return Seq(tuple(items), ordered=False, brackets="{}")
    if isinstance(p, SetOp):
        got = int_set_of(p)
        dots = any(isinstance(side, SetLit) and any(isinstance(x, Dots) for x in side.items) for side in (p.left, p.right))
        if got is not None and (dots or (int_set_of(p.left) is not None and (isinstance(p.left, sp.Set) or isinstance(p.right, sp.Set)))):
            return Ints(got, None, "rule")  # ℕ \ {1}, {1} ∪ {3, 4, 5, ...}: integers, not reals
        return RealSet(to_real_set(p))
    if isinstance(p, SetBuilder):
        return condition_form(list(p.condition), element=p.element)
    if isinstance(p, Rel):
        return rel_form(p)
    if isinstance(p, App):
        return Scalar(as_expr(p))
    if isinstance(p, sp.Expr):
        return Scalar(p)
    raise ParseError(f"unexpected item {type(p).__name__}")


def set_const_form(s: sp.Set) -> object:
    got = int_set_of(s)
    if got is not None:
        return Ints(got)
    if s == sp.S.EmptySet:
        return Seq((), ordered=False, brackets="{}")
    return RealSet(s)


def int_set_of(p) -> intsets.IntSet | None:
    """ℤ, ℕ, ℤ⁺, ℕ \\ {1}, {1, 2, 3} ∪ 2ℤ ... as a set of integers (None if some part is not one)."""
    if isinstance(p, sp.Set):
        if p == sp.S.Integers:
            return intsets.ALL
        if p == sp.S.Naturals:
            return intsets.POSITIVE
        if p == sp.S.Naturals0:
            return intsets.IntSet("all", (0, None))
        if isinstance(p, sp.Complement) and p.args[0] in (sp.S.Integers, sp.S.Naturals, sp.S.Naturals0):
            a, b = int_set_of(p.args[0]), int_set_of(p.args[1])
            return intsets.IntSet("diff", (a, b)) if a is not None and b is not None else None
        if isinstance(p, sp.FiniteSet) and all(x.is_Integer for x in p.args):
            return intsets.finite(int(x) for x in p.args)
        if isinstance(p, sp.ImageSet) and p.base_sets == (sp.S.Integers,) and len(p.lamda.variables) == 1:
            got = progression(sp.Symbol("_n"), p.lamda.expr.xreplace({p.lamda.variables[0]: sp.Symbol("k")}))
            return got.set if got is not None else None  # 14\\mathbb{Z}
        return None
    if isinstance(p, SetLit) and all(isinstance(x, sp.Expr) and x.is_Integer for x in p.items):
        return intsets.finite(int(x) for x in p.items)
    if isinstance(p, SetLit) and any(isinstance(x, Dots) for x in p.items):
        try:
            got = _range_form(list(p.items))
        except ParseError:
            return None
        return got.set if isinstance(got, Ints) else None  # \\{3, 4, 5, \\dots\\}
    if isinstance(p, SetOp):
        a, b = int_set_of(p.left), int_set_of(p.right)
        if a is None or b is None:
            return None
        if p.op == "cup":
            return intsets.union(a, b)
        return intsets.IntSet("inter" if p.op == "cap" else "diff", (a, b))
    return None


def tup_form(p: Tup) -> object:
    if len(p.items) == 2 and (p.left, p.right) != ("(", ")"):
        return RealSet(_interval(p))
    return Seq(tuple(item_form(x) for x in p.items), ordered=True, brackets=p.left + p.right)


def _interval(p: Tup) -> sp.Set:
    a, b = (as_expr(x) for x in p.items)
    return sp.Interval(a, b, left_open=p.left == "(", right_open=p.right == ")")


def to_real_set(p) -> sp.Set:
    if isinstance(p, SetOp):
        a, b = to_real_set(p.left), to_real_set(p.right)
        return {"cup": sp.Union, "cap": sp.Intersection, "setminus": sp.Complement}[p.op](a, b)
    if isinstance(p, Tup) and len(p.items) == 2:
        return _interval(p)
    if isinstance(p, SetLit):
        return sp.FiniteSet(*[as_expr(x) for x in p.items])
    if isinstance(p, sp.Set):
        return p
    if isinstance(p, sp.Expr) and p.is_number:
        return sp.FiniteSet(p)
    raise ParseError("not a set of real numbers")


def rel_form(r: Rel) -> object:
    ops = r.ops
    terms = tuple(as_expr(t) if isinstance(t, Ratio) and not t.clock else t for t in r.terms)  # S_1 : S = 7 : 32
    if ops == ("equiv",) and r.modulus is None and (isinstance(terms[0], App) or _is_function_name(terms[0])):
        ops = ("=",)  # P(x) \\equiv -1, Q \\equiv -2: identically equal
    if ops == ("=",) and isinstance(terms[0], App) and isinstance(terms[1], PlusMinus):
        return combine([rel_form(Rel(("=",), (terms[0], v))) for v in (terms[1].plus, terms[1].minus)])  # g(x) = ±2x^3 + C
    if ops == ("equiv",) and r.modulus is not None:
        lhs, rhs, m = as_expr(terms[0]), as_expr(terms[1]), as_expr(r.modulus)
        if isinstance(lhs, sp.Symbol) and rhs.is_Integer and m.is_Integer:
            return Ints(intsets.residue(int(rhs), int(m)), lhs.name, "relation")
        raise ParseError("congruence not of the form n ≡ a (mod m)")
    if ops and all(op == "approx" for op in ops):
        # "x ≈ 11": the value; "√3/3 ≈ 0.577": the exact value stated first
        return item_form(terms[1] if _is_label(terms[0]) else terms[0])
    if ops and all(op in ("=", "approx") for op in ops) and ops[0] == "=" and len(ops) > 1:
        # x = 5 + 5 + 1 = 11 (≈ 11.0), x = y = 1: the stated value is the last exact one
        exact = [t for op, t in zip(("=",) + ops, terms) if op == "="]
        return rel_form(Rel(("=",), (terms[0], exact[-1])))
    if ops and all(op == "=" for op in ops) and all(isinstance(t, sp.Expr) and t.is_number for t in terms):
        return item_form(terms[-1])  # "3 * 4 = 12", "2 + 2 = 4": the value stated last
    if ops == ("=",) and isinstance(terms[1], sp.Symbol) and isinstance(terms[0], sp.Expr) and terms[0].is_number:
        return rel_form(Rel(("=",), (terms[1], terms[0])))  # "5 = n"
    if ops == ("=",) and _is_name_expr(terms[0]) and isinstance(terms[1], sp.Expr) and terms[1].is_number:
        return Scalar(terms[1], label=str(terms[0]))  # |AB| = 4, AB = 4, \\cos\\theta = 1/2: a named quantity's value
    if ops == ("=",) and _is_point_name(terms[0]) and isinstance(terms[1], sp.Expr) and not (terms[0].free_symbols & terms[1].free_symbols):
        return Scalar(terms[1], label=str(terms[0]))  # \\angle XYZ = 180 - 2\\alpha, XY = 2r: a figure's quantity
    if ops == ("=",):
        lhs, rhs = terms
        if isinstance(lhs, App):
            args = tuple(as_expr(a) for a in lhs.args)
            if all(a.is_number for a in args):
                return item_form(rhs)  # f(2) = 17: the value of f at a point
            return Family(lhs.name, args, as_expr(rhs))
        if isinstance(lhs, sp.Symbol):
            ap = progression(lhs, rhs) or powers(lhs, rhs)
            if ap is not None:
                return ap
            form = item_form(rhs)
            if isinstance(form, (RealSet, Ints)):
                return type(form)(form.set, lhs.name, *(() if isinstance(form, RealSet) else (form.source,)))
            if isinstance(form, Scalar):
                return Scalar(form.expr, label=lhs.name, note=form.note)
            return form
        if isinstance(lhs, Tup) and isinstance(rhs, Tup):
            return item_form(rhs)
    if ops == ("divides",):
        a, b = (as_expr(t) for t in terms)
        if a.is_Integer and isinstance(b, sp.Symbol) and a != 0:
            return Ints(intsets.residue(0, int(a)), b.name, "relation")  # 3 | n: the multiples of 3
        if isinstance(a, sp.Symbol) and b.is_Integer and b != 0 and abs(int(b)) <= MAX_DIVISORS_OF:
            divisors = [int(d) for d in sp.divisors(abs(int(b)))]
            return Ints(intsets.finite(divisors + [-d for d in divisors]), a.name, "divides")  # n | 24: a rule, not a list
    if ops in (("in",),) and isinstance(_value_name(terms[0], sizes=True), sp.Symbol):
        name = _value_name(terms[0], sizes=True).name  # n \\in S, C(1234) \\in \\{1, ..., 1235\\}, f(0) \\in (-\\infty, 0)
        form = item_form(terms[1])
        if isinstance(form, RealSet):
            return RealSet(form.set, name)
        if isinstance(form, Ints):
            return Ints(form.set, name, "relation")
        return form
    if all(op in ("<", ">", "le", "ge", "ne") for op in ops):
        real = _interval_chain(ops, tuple(_value_name(t) for t in terms))
        if real is not None:
            return real
    return condition_form([r])


def _value_name(t, sizes: bool = False):
    """`f(x)` in `0 < f(x) < 1`, and with `sizes` `|K|` in `|K| \\in \\{43, 47\\}`: the quantity named (one
    variable), not a product f·x.  Bounds on |z| stay bounds on z (`1 \\le |z| \\le 2` is solved for z)."""
    if isinstance(t, App):
        return sp.Symbol(f"{t.name}({', '.join(str(as_expr(a)) for a in t.args)})")
    if sizes and isinstance(t, sp.Abs) and isinstance(t.args[0], sp.Symbol):
        return sp.Symbol(f"|{t.args[0].name}|")
    return t


def _is_label(e) -> bool:
    return isinstance(e, (sp.Symbol, App)) or _is_name_expr(e)


def _is_name_expr(e) -> bool:
    """A quantity named by letters only (AB, |AB|, S_1): no numbers, no sums."""
    if not isinstance(e, sp.Expr) or isinstance(e, sp.Symbol):
        return False
    if isinstance(e, sp.Abs):
        e = e.args[0]
    if isinstance(e, sp.Function) and len(e.args) == 1 and isinstance(e.args[0], sp.Symbol):
        return True  # \\cos\\theta, \\sin A, \\tan x: a function of one named angle
    factors = sp.Mul.make_args(e)
    return isinstance(e, (sp.Mul, sp.Symbol, sp.Pow)) and all(
        isinstance(a, sp.Symbol) or (isinstance(a, sp.Pow) and isinstance(a.base, sp.Symbol) and a.exp == -1) for a in factors
    )  # AB, NO/BO, S_1 : S


def _is_function_name(e) -> bool:
    return isinstance(e, sp.Symbol) and bool(re.fullmatch(r"[A-Za-z]", e.name))  # f \\equiv 0: identically zero


def _is_point_name(e) -> bool:
    """Two or three capital letters (XY, XYZ, |AB|): a segment or an angle of a figure, never algebra."""
    if isinstance(e, sp.Abs):
        e = e.args[0]
    factors = sp.Mul.make_args(e) if isinstance(e, (sp.Mul, sp.Symbol)) else ()
    return 2 <= len(factors) <= 3 and all(isinstance(a, sp.Symbol) and re.fullmatch(r"[A-Z]", a.name) for a in factors)


def _interval_chain(ops: tuple, terms: tuple) -> RealSet | None:
    """`a < x <= b`, `x >= c`, `x != c` with one variable and numeric bounds."""
    exprs = [as_expr(t) for t in terms]
    syms = [e for e in exprs if isinstance(e, sp.Symbol)]
    if len(syms) != 1 or any(not e.is_number for e in exprs if e is not syms[0]):
        return _solved_chain(ops, exprs)
    var = syms[0]
    result: sp.Set = sp.S.Reals
    for op, a, b in zip(ops, exprs, exprs[1:]):
        if var not in (a, b):
            continue
        other = b if a == var else a
        flipped = a != var  # relation reads "other op var"
        op2 = {"<": ">", ">": "<", "le": "ge", "ge": "le", "ne": "ne"}[op] if flipped else op
        piece = {
            "<": sp.Interval.open(-sp.oo, other),
            "le": sp.Interval(-sp.oo, other),
            ">": sp.Interval.open(other, sp.oo),
            "ge": sp.Interval(other, sp.oo),
            "ne": sp.Complement(sp.S.Reals, sp.FiniteSet(other)),
        }[op2]
        result = sp.Intersection(result, piece)
    return RealSet(result, var.name)


def _solved_chain(ops: tuple, exprs: list) -> RealSet | None:
    """`-x > -1`, `1 <= |z| <= 3/2`: one variable in expressions, solved into a set of reals."""
    free = set().union(*(e.free_symbols for e in exprs))
    if len(free) != 1:
        return None
    var = next(iter(free))
    real = sp.Symbol(var.name, real=True)
    result: sp.Set = sp.S.Reals
    make = {"<": sp.StrictLessThan, ">": sp.StrictGreaterThan, "le": sp.LessThan, "ge": sp.GreaterThan, "ne": sp.Ne}
    for op, a, b in zip(ops, exprs, exprs[1:]):
        rel = make[op](a.xreplace({var: real}), b.xreplace({var: real}))
        try:
            piece = sp.solve_univariate_inequality(rel, real, relational=False) if op != "ne" else sp.Complement(
                sp.S.Reals, sp.solveset(sp.Eq(rel.lhs, rel.rhs), real, sp.S.Reals)
            )
        except (NotImplementedError, ValueError, TypeError):
            return None
        result = sp.Intersection(result, piece)
    return RealSet(result, var.name)


def condition_form(relations: list, element=None) -> Condition:
    out = []
    for r in relations:
        if not isinstance(r, Rel):
            raise ParseError("a condition that is not a relation")
        for op, a, b in zip(r.ops, r.terms, r.terms[1:]):
            lhs, rhs = as_expr(a), as_expr(b)
            if op in (">", "ge"):
                lhs, rhs = rhs, lhs
                op = "<" if op == ">" else "le"
            if op not in ("=", "<", "le", "ne"):
                raise ParseError(f"relation {op} in a condition")
            out.append((op, sp.expand(lhs - rhs)))
    variables = ()
    if element is not None:
        variables = tuple(str(v) for v in (element.items if isinstance(element, Tup) else (element,)))
    return Condition(tuple(out), variables)


