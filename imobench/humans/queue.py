"""The order in which one person sees the items, the filters, and where that person resumes.

The order is a seeded shuffle per person: each item is ranked by the sha256 of the person's name
and the item's key, so two people do not see the proofs in the same order (what one person grades
first is not what everyone grades first), the order never changes between visits, and a new log
only inserts its items without reshuffling the rest.  Where a person resumes is derived from the
grades file alone (the first item in their order they have not decided), so a reload or a server
restart loses nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Literal

from imobench.humans.items import Item
from imobench.humans.records import HumanGrade

Coverage = Literal["nobody", "one person", "two or more", "disagreeing"]
COVERAGE: tuple[Coverage, ...] = ("nobody", "one person", "two or more", "disagreeing")


def person_order(items: Iterable[Item], person: str) -> list[Item]:
    """The items in this person's seeded order."""
    seed = person.casefold()
    return sorted(items, key=lambda i: hashlib.sha256(f"{seed}\x00{i.key}".encode()).hexdigest())


def decisions_by_item(items: Iterable[Item], latest: dict[tuple[str, str], HumanGrade]) -> dict[str, dict[str, HumanGrade]]:
    """Per item key: person -> their latest decision, only where the decision is on this exact text."""
    digests = {i.key: i.sha256 for i in items}
    out: dict[str, dict[str, HumanGrade]] = {}
    for (key, person), grade in latest.items():
        if digests.get(key) == grade.sha256:
            out.setdefault(key, {})[person] = grade
    return out


def coverage_of(decisions: dict[str, HumanGrade]) -> list[Coverage]:
    """Which coverage filters an item with these decisions matches."""
    values = {g.value for g in decisions.values()}
    n = len(decisions)
    out: list[Coverage] = ["nobody"] if n == 0 else ["one person"] if n == 1 else ["two or more"]
    if len(values) > 1:
        out.append("disagreeing")
    return out


def filtered(items: list[Item], by_item: dict[str, dict[str, HumanGrade]], *, models: Iterable[str] = (),
             problems: Iterable[str] = (), levels: Iterable[str] = (), coverage: Iterable[str] = ()) -> list[Item]:
    """The items matching every filter given (an empty filter keeps everything)."""
    models, problems, levels, coverage = set(models), set(problems), set(levels), set(coverage)
    return [
        i for i in items
        if (not models or i.model in models) and (not problems or i.problem_id in problems)
        and (not levels or i.level in levels)
        and (not coverage or coverage & set(coverage_of(by_item.get(i.key, {}))))
    ]


def resume_index(order: list[Item], by_item: dict[str, dict[str, HumanGrade]], person: str, at: str | None = None) -> int:
    """Where this person resumes: the item `at` (the page's remembered position) when it is still in
    the queue, else the first item they have not decided, else the last one."""
    keys = [i.key for i in order]
    if at in keys:
        return keys.index(at)
    who = person.casefold()
    for n, item in enumerate(order):
        if who not in by_item.get(item.key, {}):
            return n
    return max(len(order) - 1, 0)


def done_by(order: list[Item], by_item: dict[str, dict[str, HumanGrade]], person: str) -> int:
    who = person.casefold()
    return sum(1 for i in order if who in by_item.get(i.key, {}))
