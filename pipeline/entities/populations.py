"""Population sizes: "around 1-3 million people", "30-50,000", "over 1 million" as ranges.

Pure functions of text. A figure is a POPULATION only with a population cue: a unit
after it ("people", "residents") or "population(s) of" / "covering" / "serving" before
it, so that "2022-23", "£100m" and "42 systems" are never people.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_NUM = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_MAG = r"(?:\s?(?:million|m|thousand|k)\b)"
_APPROX = r"(?:around|about|approximately|approx\.?|roughly|some|circa|c\.|nearly|almost|an estimated|typically)"
_LOWER = r"(?:over|more than|at least|above|upwards of|in excess of|exceeding|a minimum of)"
_UPPER = r"(?:up to|under|fewer than|less than|below|no more than|a maximum of)"
_UNIT = r"(?:\s+(?:people|residents|patients|population|inhabitants|citizens|registered patients))"
_CUE_BEFORE = re.compile(r"(?:populations?\s+(?:of|from)|cover(?:s|ing|ed)?|serv(?:e|es|ing|ed)|population\s+size\s+of"
                         r"|sizes?\s+of)\s*(?:\w+\s+)?$", re.I)

_RANGE = re.compile(
    rf"(?:(?P<approx>{_APPROX})\s+)?(?:(?P<between>between|from)\s+)?(?P<lo>{_NUM})(?P<lomag>{_MAG})?"
    rf"\s?(?:-|–|to|and)\s?(?P<hi>{_NUM})(?P<himag>{_MAG})?(?P<unit>{_UNIT})?", re.I)
_SINGLE = re.compile(
    rf"(?:(?P<bound>{_LOWER}|{_UPPER}|{_APPROX})\s+)?(?P<n>{_NUM})(?P<mag>{_MAG})?(?P<unit>{_UNIT})?", re.I)


@dataclass(frozen=True)
class PopulationSpan:
    start: int
    end: int
    text: str
    pop_min: int | None
    pop_max: int | None


def _number(num: str, mag: str | None) -> float:
    value = float(num.replace(",", ""))
    mag = (mag or "").strip().lower()
    if mag in ("million", "m"):
        value *= 1_000_000
    elif mag in ("thousand", "k"):
        value *= 1_000
    return value


def _range_values(m: re.Match) -> tuple[int, int] | None:
    lomag, himag = m.group("lomag"), m.group("himag")
    hi = _number(m.group("hi"), himag)
    raw_lo = float(m.group("lo").replace(",", ""))
    carries = not lomag and "," not in m.group("lo") and raw_lo < 1000 and raw_lo <= float(m.group("hi").replace(",", ""))
    lo = _number(m.group("lo"), himag if carries else lomag)  # "1-3 million": the magnitude carries back
    if not lomag and not himag and hi >= 1000 and lo < 1000 and lo * 1000 <= hi:
        lo *= 1000  # "30-50,000": the thousands carry back
    if lo > hi or hi < 1000 or hi > MAX_PEOPLE:
        return None
    return int(round(lo)), int(round(hi))


MAX_PEOPLE = 10_000_000_000
"""More people than live on Earth is no population ("99999999999999999999 people" once overflowed SQLite)."""


def _has_cue(text: str, start: int, match: re.Match) -> bool:
    return bool(match.group("unit")) or bool(_CUE_BEFORE.search(text[max(0, start - 40):start]))


_ANY_CUE = re.compile(r"people|residents|patients|population|inhabitants|citizens|cover|serv", re.I)


def _cue_windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text near a population cue; figures elsewhere are never populations."""
    windows: list[tuple[int, int]] = []
    for m in _ANY_CUE.finditer(text):
        start, end = max(0, m.start() - 90), min(len(text), m.end() + 90)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def find_populations(text: str) -> list[PopulationSpan]:
    """POPULATION spans with whole-people bounds (None for an open bound)."""
    found: list[PopulationSpan] = []
    for start, end in _cue_windows(text):
        for span in _find_in(text, start, end):
            if not found or span.start >= found[-1].end:
                found.append(span)
    return found


def _find_in(text: str, window_start: int, window_end: int) -> list[PopulationSpan]:
    found: list[PopulationSpan] = []
    taken: list[tuple[int, int]] = []
    for m in _RANGE.finditer(text, window_start, window_end):
        if not _has_cue(text, m.start(), m) or _is_year_range(m):
            continue
        values = _range_values(m)
        if values:
            found.append(PopulationSpan(m.start(), m.end(), m.group(), *values))
            taken.append((m.start(), m.end()))
    starts = [s for s, _ in taken]  # in text order and disjoint: a figure overlaps at most its neighbours
    for m in _SINGLE.finditer(text, window_start, window_end):
        i = bisect.bisect_right(starts, m.start())
        if any(m.start() < e and s < m.end() for s, e in taken[max(0, i - 1):i + 1]) or not _has_cue(text, m.start(), m):
            continue
        if text[max(0, m.start() - 1):m.start()] in ("£", "$", "€"):
            continue
        value = int(round(_number(m.group("n"), m.group("mag"))))
        if value < 1000 or value > MAX_PEOPLE:
            continue
        bound = (m.group("bound") or "").lower()
        if re.fullmatch(_LOWER, bound, re.I):
            lo, hi = value, None
        elif re.fullmatch(_UPPER, bound, re.I):
            lo, hi = None, value
        else:
            lo = hi = value
        found.append(PopulationSpan(m.start(), m.end(), m.group(), lo, hi))
    return sorted(found, key=lambda p: p.start)


def _is_year_range(m: re.Match) -> bool:
    """"2022-23" or "2019-2021" is a span of years, not of people."""
    lo, hi = m.group("lo"), m.group("hi")
    return (not m.group("lomag") and not m.group("himag") and re.fullmatch(r"(19|20)\d\d", lo) is not None
            and re.fullmatch(r"\d\d|(19|20)\d\d", hi) is not None)


def normalise_population(text: str) -> tuple[int | None, int | None] | None:
    """(pop_min, pop_max) of a population expression, or None; never raises."""
    stripped = " ".join(text.split())
    for pattern in (_RANGE, _SINGLE):
        m = pattern.fullmatch(stripped)
        if not m:
            continue
        if pattern is _RANGE:
            if _is_year_range(m):
                return None
            return _range_values(m)
        span = find_populations("population of " + stripped)
        if span and span[0].text == stripped:
            return span[0].pop_min, span[0].pop_max
    return None
