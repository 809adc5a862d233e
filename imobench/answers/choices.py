"""Answers that name a winner or an option: "Alice", "Bob", "the second player", "yes", "no".

Such a gold is a `Choice`; a response states it only in a final statement that is unhedged and
unnegated.  "Alice wins", "Alice has a winning strategy", "**Alice**", "The answer is yes", "Yes, such a
set exists" state it; "Bob wins" and "the answer is no" state another choice (incorrect); "Alice does
not win", "Alice or Bob, depending on n", "probably Alice" do not state it (incorrect when the statement
contradicts the gold, undecided when it only fails to commit).  Plain regular expressions over words:
nothing is evaluated.  Only the form builder (`imobench.answers.build`) and the comparison import this.
"""

from __future__ import annotations

import re

from imobench.answers.forms import Choice
from imobench.answers.normalise import fold, strip_bold

MAX_CHOICE_CHARS = 600  # a longer statement is a proof, not a final statement naming a choice

_YES = re.compile(r"^(?:yes|是的?|可以|能|存在|对|肯定的?)$", re.I)
_NO = re.compile(r"^(?:no|否|不是|不可以|不能|不存在|不对|否定的?)$", re.I)
_NOT_NAMES = {
    "The", "A", "An", "All", "None", "No", "Yes", "Answer", "Final", "Therefore", "Thus", "Hence", "So", "If", "Then",
    "We", "It", "This", "That", "There", "Both", "Each", "Every", "Player", "Neither", "Either", "In", "For", "Since",
    "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "First", "Second",
    "Let", "Note", "Because", "Now", "Finally", "Consequently", "Clearly", "Indeed", "Moreover", "However", "Conclusion",
    "Proof", "Case", "Step", "Lemma", "Claim", "Suppose", "Assume", "Otherwise", "When", "Who", "Which", "What",
}
_PLAYER = re.compile(r"^(?:the\s+)?(first|second|1st|2nd)\s+player$|^player\s+(one|two|1|2|[A-Z])$", re.I)
_NAME = re.compile(r"^[A-Z][a-z]{1,15}(?:\s+[A-Z][a-z]{1,15})?$")
_LEAD = re.compile(
    r"^(?:(?:the\s+)?(?:final\s+)?answer\s*(?:is|:)\s*|(?:therefore|thus|hence|so|consequently|in\s+conclusion)\s*,?\s*|"
    r"答案(?:是|为)\s*|所以\s*|因此\s*|综上(?:所述)?\s*[,，]?\s*)",
    re.I,
)
_WIN = (
    r"(?:wins|will\s+win|can\s+(?:always\s+)?win|has\s+a\s+winning\s+strategy|can\s+(?:always\s+)?(?:force|guarantee)\s+a\s+win|"
    r"is\s+the\s+winner|must\s+win|always\s+wins|获胜|必胜|赢|有必胜策略)"
)
_LOSE = (
    r"(?:does\s+not\s+win|doesn't\s+win|cannot\s+win|can't\s+win|will\s+not\s+win|won't\s+win|loses|will\s+lose|"
    r"has\s+no\s+winning\s+strategy|does\s+not\s+have\s+a\s+winning\s+strategy|doesn't\s+have\s+a\s+winning\s+strategy|"
    r"cannot\s+force\s+a\s+win|输|不能获胜|没有必胜策略)"
)
_HEDGE = re.compile(
    r"\b(?:or|either|depending|depends|maybe|perhaps|probably|possibly|likely|unclear|unknown|not\s+sure|cannot\s+be\s+determined)\b|"
    r"或|取决于|可能",
    re.I,
)
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|can't|doesn't|don't|won't|neither|nor)\b|不|没有|无法", re.I)


def choice_of_gold(text: str) -> Choice | None:
    """A gold that names a player or answers yes/no, as a `Choice` (None for any other gold)."""
    s = " ".join(strip_bold(fold(text)).replace("$", " ").split()).strip(" .")
    if _YES.match(s):
        return Choice("yes", "yes-no")
    if _NO.match(s):
        return Choice("no", "yes-no")
    m = _PLAYER.match(s)
    if m:
        return Choice(_player_key(m), "player")
    if _NAME.match(s) and s.split()[0] not in _NOT_NAMES:
        return Choice(s.lower(), "name")
    return None


MAX_PHRASE_WORDS = 8
_PHRASE_STOP = {
    "the", "a", "an", "to", "is", "are", "be", "should", "would", "will", "must", "can", "he", "she", "they", "we", "one",
    "it", "answer", "final", "strategy", "optimal", "best", "move", "by", "of", "player", "always", "just", "simply",
    "so", "thus", "hence", "therefore", "that", "this", "his", "her", "their",
}
_PHRASE_NEGATION = re.compile(r"\b(?:not|no|never|don't|doesn't|shouldn't|cannot|can't|without)\b", re.I)


def phrase_of_gold(text: str) -> Choice | None:
    """A gold that is a short phrase in plain words ("taking the empty card"): a `Choice` whose key is its
    content words (lower case, stemmed, without filler); None for anything with mathematics in it."""
    s = " ".join(strip_bold(fold(text)).replace("$", " ").split()).strip(" .")
    if not s or re.search(r"[^A-Za-z ,'-]", s) or len(s.split()) > MAX_PHRASE_WORDS:
        return None
    key = _content_words(s)
    return Choice(" ".join(key), "phrase") if key else None


def _content_words(s: str) -> tuple[str, ...]:
    words = [w for w in re.findall(r"[a-z]+", s.lower()) if w not in _PHRASE_STOP]
    return tuple(sorted({_stem(w) for w in words}))


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _phrase(s: str, gold: Choice) -> tuple[str, str]:
    """A phrase gold is stated by the same content words; different words are not a decision (the same
    strategy has many wordings), but the same words denied are."""
    if len(s.split()) > 3 * MAX_PHRASE_WORDS:
        return "unsure", "the statement is too long to be the phrase"
    said = " ".join(_content_words(_PHRASE_NEGATION.sub(" ", s)))
    if said != gold.key:
        return "unsure", "the statement does not use the gold's words"
    if _PHRASE_NEGATION.search(s):
        return "other", "the statement denies the gold's phrase"
    return "same", "the same words as the gold's phrase"


def _player_key(m: re.Match) -> str:
    word = (m.group(1) or m.group(2)).lower()
    return {"first": "player 1", "1st": "player 1", "one": "player 1", "1": "player 1", "a": "player a",
            "second": "player 2", "2nd": "player 2", "two": "player 2", "2": "player 2", "b": "player b"}.get(word, f"player {word}")


def stated_choice(text: str, gold: Choice) -> tuple[str, str]:
    """What a response's final statement says about a choice gold: ("same" | "other" | "unsure", why)."""
    s = " ".join(strip_bold(fold(text)).replace("$", " ").split()).strip(" .。")
    if not s or len(s) > MAX_CHOICE_CHARS:
        return "unsure", "no final statement that names a choice"
    s = _LEAD.sub("", s).strip(" ,，:")
    if gold.kind == "yes-no":
        return _yes_no(s, gold)
    if gold.kind == "phrase":
        return _phrase(s, gold)
    return _who(s, gold)


def _yes_no(s: str, gold: Choice) -> tuple[str, str]:
    first = re.split(r"[\s,，.。;;:!]+", s, maxsplit=1)[0] if s else ""
    head = s.split("，")[0].split(",")[0].strip()
    said = "yes" if _YES.match(first) or _YES.match(head) else "no" if _NO.match(first) or _NO.match(head) else None
    if said is None:
        return "unsure", "the statement does not begin with yes or no"
    if _HEDGE.search(s[:80]) or (re.search(r"\byes\b", s, re.I) and re.search(r"\bno\b", s, re.I)):
        return "unsure", f"'{said}' is hedged"
    return ("same" if said == gold.key else "other"), f"the statement says {said}"


_WHO = r"(?:the\s+)?(?:first|second|1st|2nd)\s+player|player\s+(?:one|two|1|2|[A-Z])\b|[A-Z][a-z]{1,15}"


_CONDITIONAL = re.compile(r"\b(?:if|when|whenever|otherwise|unless|depending|depends|for\s+(?:odd|even))\b|当|时|否则", re.I)


def _who(s: str, gold: Choice) -> tuple[str, str]:
    names = _names_in(s)
    if _HEDGE.search(s) and len(names) != 1:
        return "other", "the statement does not commit to one choice"
    if _CONDITIONAL.search(s):
        if len(names) > 1:
            return "other", "the statement makes the winner depend on a case"
        return "unsure", "the statement names a choice under a condition"
    losers = {_key(m.group(1)) for m in re.finditer(rf"({_WHO})\s+{_LOSE}", s, re.I)}
    winners = {_key(m.group(1)) for m in re.finditer(rf"({_WHO})\s+{_WIN}", s, re.I)} - losers
    losers.discard(None)
    winners.discard(None)
    key = gold.key
    if winners:
        if winners == {key}:
            return ("unsure", "the choice is hedged") if _HEDGE.search(s) else ("same", f"the statement says {key} wins")
        return "other", f"the statement says {', '.join(sorted(winners))} wins"
    if key in losers:
        return "other", f"the statement says {key} does not win"
    bare = s.lower()
    if bare == key:
        return "same", "the statement is the choice itself"
    if bare in names and bare != key:
        return "other", f"the statement names {bare}"
    if names == {key} and not _NEGATION.search(s) and not _HEDGE.search(s):
        return "same", f"the statement names {key} and no other"
    return "unsure", "the statement does not say plainly which choice"


def _key(who: str) -> str | None:
    """A subject of "wins"/"loses" in the keys of `choice_of_gold` (None for a word that names no one)."""
    m = _PLAYER.match(who.strip())
    if m:
        return _player_key(m)
    return None if who in _NOT_NAMES or not re.fullmatch(r"[A-Z][a-z]{1,15}", who) else who.lower()


def _names_in(s: str) -> set[str]:
    """The player names and numbered players a statement mentions, in the keys of `choice_of_gold`."""
    out: set[str] = set()
    for m in re.finditer(r"\b(?:the\s+)?(first|second|1st|2nd)\s+player\b|\bplayer\s+(one|two|1|2|[A-Z])\b", s, re.I):
        out.add(_player_key(m))
    for m in re.finditer(r"\b[A-Z][a-z]{1,15}\b", s):
        if m.group(0) not in _NOT_NAMES:
            out.add(m.group(0).lower())
    return out
