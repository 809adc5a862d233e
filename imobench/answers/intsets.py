"""Sets of integers described by rules: residue classes, multiples, powers, primes, finite sets,
and their unions and differences.

Golds such as "all powers of 2", "all multiples of 14, excluding 0", "n = 4k+3", "n ≡ 3 (mod 4)",
"1 and odd prime numbers" or "no positive integers" are parsed into these and compared by membership
on a window of integers.  Every rule here is periodic, a power sequence, or the primes, so two
different descriptions already differ on small integers; the window makes equality of these rule
sets decidable in practice, and the verdict says that it was decided on a window.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

WINDOW = (-300, 3000)  # the least window; it grows with the numbers a description mentions
MAX_WINDOW = 200_000


@dataclass(frozen=True)
class IntSet:
    """A set of integers with a human-readable description."""

    kind: str  # all | residue | powers | kth_powers | primes | composites | finite | union | diff | inter | intervals
    args: tuple = ()

    def contains(self, n: int) -> bool:
        k, a = self.kind, self.args
        if k == "all":
            lo, hi = a if a else (None, None)
            return (lo is None or n >= lo) and (hi is None or n <= hi)
        if k == "residue":
            r, m = a
            return (n - r) % m == 0
        if k == "powers":  # {b^j : j >= 0} with |b| >= 2 (see `powers` for the other bases)
            (b,) = a
            if n == 0:
                return False
            m, j = abs(n), 0
            while m % abs(b) == 0:
                m //= abs(b)
                j += 1
            return m == 1 and (b > 0 and n > 0 or b < 0 and (n > 0) == (j % 2 == 0))
        if k == "kth_powers":  # {m^e : m >= 0 integer}
            (e,) = a
            if n < 0:
                return e % 2 == 1 and sp.integer_nthroot(-n, e)[1]
            return bool(sp.integer_nthroot(n, e)[1])
        if k == "composites":
            return n > 3 and not _is_prime(n)
        if k == "primes":
            return n > 1 and _is_prime(n)
        if k == "finite":
            return n in a
        if k == "union":
            return any(s.contains(n) for s in a)
        if k == "inter":
            return all(s.contains(n) for s in a)
        if k == "diff":
            return a[0].contains(n) and not a[1].contains(n)
        if k == "intervals":
            return any(_in_interval(n, piece) for piece in a)
        raise ValueError(k)

    def members(self, lo: int, hi: int) -> frozenset[int]:
        return frozenset(n for n in range(lo, hi + 1) if self.contains(n))

    def __str__(self) -> str:
        k, a = self.kind, self.args
        if k == "all":
            lo, hi = a if a else (None, None)
            if lo is None and hi is None:
                return "all integers"
            return f"integers {'' if lo is None else f'>= {lo}'}{' and ' if lo is not None and hi is not None else ''}{'' if hi is None else f'<= {hi}'}"
        if k == "residue":
            return f"n ≡ {a[0] % a[1]} (mod {a[1]})"
        if k == "powers":
            return f"powers of {a[0]}"
        if k == "kth_powers":
            return {2: "perfect squares", 3: "perfect cubes"}.get(a[0], f"perfect {a[0]}th powers")
        if k == "composites":
            return "composite numbers"
        if k == "primes":
            return "primes"
        if k == "finite":
            return "{" + ", ".join(str(x) for x in sorted(a)) + "}"
        if k == "union":
            return " ∪ ".join(str(s) for s in a)
        if k == "inter":
            return " ∩ ".join(str(s) for s in a)
        if k == "intervals":
            return "integers in " + " ∪ ".join(f"{'(' if p[2] else '['}{p[0]}, {p[1]}{')' if p[3] else ']'}" for p in a)
        return f"({a[0]}) minus ({a[1]})"


def _in_interval(n: int, piece: tuple) -> bool:
    lo, hi, lo_open, hi_open = piece
    if lo is not None and (n < lo or (lo_open and n == lo)):
        return False
    return not (hi is not None and (n > hi or (hi_open and n == hi)))


@lru_cache(maxsize=8192)
def _is_prime(n: int) -> bool:
    return bool(sp.isprime(n))


ALL = IntSet("all")
POSITIVE = IntSet("all", (1, None))
EMPTY = IntSet("finite", frozenset())


def union(*sets: IntSet) -> IntSet:
    flat = [s for s in sets if not (s.kind == "finite" and not s.args)]
    if not flat:
        return EMPTY
    return flat[0] if len(flat) == 1 else IntSet("union", tuple(flat))


def finite(values) -> IntSet:
    return IntSet("finite", frozenset(int(v) for v in values))


def powers(base: int) -> IntSet:
    """{base^k : k >= 0}.  Bases 0, 1 and -1 give finite sets ({1, 0}, {1}, {1, -1}), so membership
    never loops or divides by zero."""
    if base == 0:
        return finite([0, 1])
    if base in (1, -1):
        return finite([1, base])
    return IntSet("powers", (base,))


def residue(r: int, m: int) -> IntSet:
    m = abs(m)
    if m == 0:
        return finite([r])
    if m == 1:
        return ALL
    return IntSet("residue", (r % m, m))


def _scale(s: IntSet) -> int:
    """The largest number a description mentions (a member, a bound, a modulus): two descriptions that
    differ somewhere differ within a few times this of 0 (every rule is periodic, sparse or the primes)."""
    k, a = s.kind, s.args
    if k == "finite":
        return max((abs(x) for x in a), default=0)
    if k == "residue":
        return a[1]
    if k == "all":
        return max((abs(x) for x in a if x is not None), default=0)
    if k in ("powers", "kth_powers"):
        return abs(a[0])
    if k == "intervals":
        return max((abs(int(x)) + 1 for piece in a for x in piece[:2] if x is not None), default=0)
    if k in ("union", "inter", "diff"):
        return max((_scale(x) for x in a), default=0)
    return 0


def _points(a: IntSet, b: IntSet) -> tuple[int, int]:
    scale = max(_scale(a), _scale(b))
    hi = min(max(WINDOW[1], 4 * scale + 10), MAX_WINDOW)
    lo = max(min(WINDOW[0], -(4 * scale + 10)), -MAX_WINDOW)
    return lo, hi


def _literals(s: IntSet) -> set[int]:
    if s.kind == "finite":
        return {y for x in s.args for y in (x - 1, x, x + 1)}
    if s.kind in ("union", "inter", "diff"):
        return set().union(*(_literals(x) for x in s.args)) if s.args else set()
    return set()


DOMAINS = {"positive": 1, "nonnegative": 0}  # the least integer of a problem's domain ("all": no bound)


def compare(a: IntSet, b: IntSet, domain: str | None = None) -> tuple[str, str]:
    """('equal' | 'equal-on-positives' | 'different', reason).

    Membership is compared on a window that grows with the numbers the descriptions mention, and at
    every finite member they mention (and its neighbours), so `powers of 2` and `powers of 2 except
    4096` differ.  `domain` is the problem's ("positive", "nonnegative", "all"): only its integers
    count; without it, sets that differ only at 0 or below are 'equal-on-positives' (undecided)."""
    lo, hi = _points(a, b)
    if domain in DOMAINS:
        lo = DOMAINS[domain]
    far = sorted(x for x in _literals(a) | _literals(b) if x > hi or (x < lo and domain not in DOMAINS))
    for x in far:
        if a.contains(x) != b.contains(x):
            return "different", f"the sets differ at {x}"
    pos_a, pos_b = a.members(1, hi), b.members(1, hi)
    if pos_a != pos_b:
        diff = sorted(pos_a ^ pos_b)[:5]
        return "different", f"the sets differ on positive integers, e.g. at {', '.join(map(str, diff))}"
    rest_a, rest_b = a.members(lo, 0), b.members(lo, 0)
    if rest_a == rest_b:
        return "equal", f"same members on the integers {lo}..{hi}" + (f" (the problem asks for {domain} integers)" if domain in DOMAINS else "")
    if domain == "all" or domain in DOMAINS:
        diff = sorted(rest_a ^ rest_b)[-5:]
        return "different", f"the sets differ at {', '.join(map(str, diff))} (the problem asks for {domain} integers)"
    return "equal-on-positives", "same positive members, different at 0 or negative integers (depends on the problem's domain)"
