"""Reasons: values and times as a reader says them ("February 2019", "1 to 3 million", "from July
2022"), for the one-line `reason` each verdict carries (SPEC §5) and the positions of a question.

Every reason reads "<claim_a's side> vs <claim_b's side>: <why>", in the order of the row's
sentences, or "both <side>: <why>" when the sides read the same. A side is what its group of
claims says (`label`, with a `note` for its modality or denial) and, for a state, the time its
claim speaks of (`time_text`). Groups are compared once for all their claims, so the sides are
put together per claim pair: here for the Python, by `side_sql` in the comparisons view.
"""
from __future__ import annotations

import calendar
import functools

from ..intervals import iso_date

EVENT_NOUNS = {"published": "publication", "effective": "start", "deadline": "deadline", "abolished": "abolition",
               "merged": "merger", "royal_assent": "royal assent", "consultation_closed": "consultation's close",
               "other": "event"}
"""Each `dated` event as a noun, for reasons a person reads ("two plans for the start")."""

RELATION_VERBS = {"replaces": ("replaces", "does not replace"), "part_of": ("is part of", "is not part of"),
                  "accountable_to": ("is accountable to", "is not accountable to"),
                  "merges_with": ("merges with", "does not merge with")}
"""How a relation reads, affirmed and denied."""

DENIED_IN_NOTE = {"dated", "has_count", "has_population", "has_duty", "raises_concern"}
"""Predicates whose denial is said beside the value ("42 (denied)"), not in it ("not statutory")."""


def describe_date(claim: dict) -> str:
    return _describe_date(claim.get("date_start"), claim.get("date_end"), claim.get("date_granularity"))


@functools.lru_cache(maxsize=65536)
def _describe_date(start_value, end_value, granularity) -> str:
    start, end = iso_date(start_value), iso_date(end_value)
    if not start or not end:
        return "an unknown date"
    if granularity == "day" or start == end:
        return f"{start.day} {start:%B %Y}"
    if granularity == "month":
        return f"{start:%B %Y}"
    if granularity == "year":
        return str(start.year)
    if granularity == "financial_year":
        return f"{start.year}-{str(end.year)[2:]}"
    return f"{start:%B %Y} to {end:%B %Y}" if (start.year, start.month) != (end.year, end.month) else f"{start:%B %Y}"


def describe_range(claim: dict) -> str:
    lo, hi = claim.get("value_min"), claim.get("value_max")
    fmt = lambda v: f"{int(v):,}"  # noqa: E731
    if lo is not None and hi is not None:
        return fmt(lo) if lo == hi else f"{fmt(lo)} to {fmt(hi)}"
    if lo is not None:
        return f"over {fmt(lo)}"
    if hi is not None:
        return f"up to {fmt(hi)}"
    return "an unknown figure"


# ---------------------------------------------------------------- times
def _last_of_month(d) -> bool:
    return d.day == calendar.monthrange(d.year, d.month)[1]


def _from_text(d) -> str:
    return str(d.year) if (d.month, d.day) == (1, 1) else f"{d:%B %Y}" if d.day == 1 else f"{d.day} {d:%B %Y}"


def _until_text(d) -> str:
    return str(d.year) if (d.month, d.day) == (12, 31) else f"{d:%B %Y}" if _last_of_month(d) else f"{d.day} {d:%B %Y}"


@functools.lru_cache(maxsize=65536)
def describe_time(start_value: str | None, end_value: str | None) -> str:
    """A claim's `as_of` as a reader says it: "April 2021", "2021-22", "from July 2022",
    "until June 2022", "2019 to January 2021", "time unknown"."""
    start, end = iso_date(start_value), iso_date(end_value)
    if start is None and end is None:
        return "time unknown"
    if end is None:
        return f"from {_from_text(start)}"
    if start is None:
        return f"until {_until_text(end)}"
    if start == end:
        return f"{start.day} {start:%B %Y}"
    if start.day == 1 and _last_of_month(end) and (start.year, start.month) == (end.year, end.month):
        return f"{start:%B %Y}"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year} to {end.year}"
    if (start.month, start.day, end.month, end.day) == (4, 1, 3, 31) and end.year == start.year + 1:
        return f"{start.year}-{str(end.year)[2:]}"
    return f"{_from_text(start)} to {_until_text(end)}"


def time_text(claim: dict, states) -> str | None:
    """The time a state claim speaks of, as a reader says it; None for an event (its time does not
    enter its verdicts). `states`: the state predicates."""
    if claim.get("predicate") not in states:
        return None
    return describe_time(claim.get("as_of_start") or None, claim.get("as_of_end") or None)


# ---------------------------------------------------------------- what a group of claims says
def _denied(claim: dict) -> bool:
    return bool(int(claim.get("negated") or 0))


def label(claim: dict) -> str:
    """What a claim says, as a reason names it ("February 2019", "statutory", "42", "integrated
    care board replaces clinical commissioning group"); the same for every claim of its group."""
    predicate = claim.get("predicate")
    if predicate == "dated":
        return describe_date(claim)
    if predicate == "has_count":
        return describe_range(claim)
    if predicate == "has_population":
        return describe_range(claim) + " people"
    if predicate == "has_status":
        status = (claim.get("object") or "").replace("_", "-")
        return f"not {status}" if _denied(claim) else status
    if predicate == "has_duty":
        return claim.get("subject") or "no body named"
    if predicate == "raises_concern":
        return f"a concern about {(claim.get('object') or 'something').replace('_', ' ')}"
    verbs = RELATION_VERBS.get(predicate, (predicate, f"not {predicate}"))
    return f"{claim.get('subject')} {verbs[_denied(claim)]} {claim.get('object')}"


def note(claim: dict) -> str | None:
    """How a claim says it, where not a plain statement: its modality ("plan"), its denial."""
    parts = ["denied"] if claim.get("predicate") in DENIED_IN_NOTE and _denied(claim) else []
    if (claim.get("modality") or "fact") != "fact":
        parts.append(claim["modality"])
    return ", ".join(parts) or None


def value_text(claim: dict) -> str:
    """A claim's answer to its question, for the `positions` table: "January 2019", "42", "1,000,000
    to 3,000,000 people", "statutory", "not statutory", "yes", "no"."""
    predicate = claim.get("predicate")
    if predicate == "has_status":
        statutory = (claim.get("object") == "statutory") != _denied(claim)
        return "statutory" if statutory else "not statutory"
    if predicate in ("dated", "has_count", "has_population", "has_duty"):
        return ("not " if _denied(claim) else "") + label(claim)
    return "no" if _denied(claim) else "yes"


def side(label_text: str, note_text: str | None, time: str | None) -> str:
    """One side of a reason: "statutory (plan, from July 2022)"."""
    parts = [p for p in (note_text, time) if p]
    return f"{label_text} ({', '.join(parts)})" if parts else label_text


def side_sql(g: str, c: str) -> str:
    """`side` for a `claim_groups` row aliased `g` (label, note) and a `claims` row aliased `c` (time_text)."""
    return (f"{g}.label || CASE WHEN {g}.note IS NULL THEN COALESCE(' (' || {c}.time_text || ')', '') "
            f"ELSE ' (' || {g}.note || COALESCE(', ' || {c}.time_text, '') || ')' END")


def versus(side_a: str, side_b: str, why: str) -> str:
    """The reason: both sides in the row's order, then why."""
    return (f"both {side_a}" if side_a == side_b else f"{side_a} vs {side_b}") + f": {why}"


def versus_sql(side_a: str, side_b: str, why: str) -> str:
    """`versus` over three SQL expressions."""
    return (f"CASE WHEN ({side_a}) = ({side_b}) THEN 'both ' || ({side_a}) ELSE ({side_a}) || ' vs ' || ({side_b}) END "
            f"|| ': ' || ({why})")
