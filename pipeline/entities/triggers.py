"""Trigger words derived from cue patterns: the literal words every match of a pattern contains.

Matching every cue pattern against every sentence costs more than the rest of the tagging; a
sentence with none of the words that every match must contain cannot match, so the patterns are
only tried where one of those words occurs. The words are read from the patterns themselves
(through Python's own regular-expression parser), so adding a cue phrase to
annotations/rules/cues.yml never needs a trigger kept in step by hand, and a phrase from which no
such word can be read (one that starts and ends in open classes such as `\\w+`) is an error.

White space in a pattern counts as one space: `normalise` turns a sentence's white-space runs
into single spaces before the words are looked for.
"""
from __future__ import annotations

import re
from itertools import product

try:  # Python 3.11 moved the parser; the old name still works with a warning
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_constants as sre
    import sre_parse

_MAX_STRINGS = 256  # larger literal sets are not worth enumerating: the pattern keeps a shorter one
MIN_LENGTH = 3  # shorter words ("to", "of") would let nearly every sentence through


def normalise(sentence: str) -> str:
    """Lower case, white-space runs as single spaces: what trigger words are looked for in."""
    return " ".join(sentence.lower().split())


def trigger_words(pattern: str, flags: int = re.I) -> frozenset[str] | None:
    """Strings one of which every match of `pattern` contains (in `normalise`d text), the longest
    such set the pattern yields; None when it yields none of at least MIN_LENGTH characters."""
    best = _necessary(list(sre_parse.parse(pattern, flags)))
    return frozenset(best) if best and min(map(len, best)) >= MIN_LENGTH else None


def minimal(words: set[str]) -> tuple[str, ...]:
    """The words without those that contain another (a sentence holding "duty'" holds "duty")."""
    ordered = sorted(words, key=lambda w: (len(w), w))
    kept: list[str] = []
    for word in ordered:
        if not any(k in word for k in kept):
            kept.append(word)
    return tuple(kept)


def _score(strings: set[str] | None) -> tuple[int, int, int]:
    """Longer words first, up to six characters (long enough to be rare), then fewer of them."""
    if not strings:
        return (-1, 0, 0)
    shortest = min(map(len, strings))
    return (min(6, shortest), -len(strings), shortest)


def _necessary(items: list) -> set[str] | None:
    """The best set of strings one of which every match of this sequence contains."""
    best: set[str] | None = None
    literal = [_expansions(op, av) for op, av in items]
    for start in range(len(items)):  # runs of items with a finite set of expansions, from a word's start
        if literal[start] is None or start and items[start - 1][0] is sre.LITERAL or literal[start] == {" "}:
            continue
        strings: set[str] = {""}
        for end in range(start, len(items)):
            if literal[end] is None or len(strings) * len(literal[end]) > _MAX_STRINGS:
                break
            strings = {a + b for a, b in product(strings, literal[end])}
            if "" not in strings and _score(strings) > _score(best):
                best = strings
    for (op, av), expanded in zip(items, literal):  # a required group: the factors of each of its ways
        if expanded is not None:
            continue
        inner = None
        if op is sre.SUBPATTERN:
            inner = _necessary(list(av[-1]))
        elif op is sre.BRANCH:
            ways = [_necessary(list(way)) for way in av[1]]
            inner = set().union(*ways) if all(ways) else None
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            inner = _necessary(list(av[2]))
        if inner and _score(inner) > _score(best):
            best = inner
    return best


def _expansions(op, av) -> set[str] | None:
    """Every string this item can match, lower case, white space as one space; None if too many."""
    if op is sre.LITERAL:
        return {chr(av).lower()}
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return {""}
    if op is sre.IN:
        if av == [(sre.CATEGORY, sre.CATEGORY_SPACE)]:
            return {" "}
        if all(kind is sre.LITERAL for kind, _ in av):
            return {chr(code).lower() for _, code in av}
        return None
    if op is sre.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is sre.BRANCH:
        ways = [_sequence(list(way)) for way in av[1]]
        return set().union(*ways) if all(w is not None for w in ways) else None
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, inner = av
        expanded = _sequence(list(inner))
        if expanded == {" "}:  # \s+, \s*: one space once normalised
            return {" "} if low else {"", " "}
        if expanded is not None and high == 1:
            return expanded | ({""} if low == 0 else set())
        return None
    return None


def _sequence(items: list) -> set[str] | None:
    strings: set[str] = {""}
    for op, av in items:
        expanded = _expansions(op, av)
        if expanded is None or len(strings) * len(expanded) > _MAX_STRINGS:
            return None
        strings = {a + b for a, b in product(strings, expanded)}
    return strings
