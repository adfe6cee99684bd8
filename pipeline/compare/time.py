"""The one definition of how the times of two claims relate, in Python and in SQL.

A claim's time is its `as_of` interval; a bound that nothing fixes is unknown (None), never "for
ever". Two claims speak of:

- `first` / `second`: disjoint times, the first (or the second) claim's before the other's: one
  ends before the other starts, the bounds that prove it known;
- `same`: the same time: both intervals known, overlapping, neither longer than a year;
- `unknown`: anything else: a bound is missing, or the times overlap but one spans years, so a
  change cannot be told from a contradiction.

A stated change can also order two claims (`transition_orders`): "ICSs became statutory on 1 July
2022" puts a non-statutory claim that may lie before it before a statutory one that may lie after.

The comparisons view picks each claim pair's verdict with the SQL twins; tests/compare/test_time.py
holds that they agree with the Python.
"""
from __future__ import annotations

from ..intervals import iso_date

MAX_SAME_DAYS = 365
"""The longest a known time may last (end minus start, in days) and still be "the same time" as
another it overlaps: a calendar or financial year, not two."""


def _short(start: str, end: str) -> bool:
    first, last = iso_date(start), iso_date(end)
    return first is not None and last is not None and (last - first).days <= MAX_SAME_DAYS


def time_relation(a: dict, b: dict) -> str:
    """How the times of claims `a` and `b` relate: first, second, same or unknown (module docstring)."""
    a0, a1, b0, b1 = a.get("as_of_start"), a.get("as_of_end"), b.get("as_of_start"), b.get("as_of_end")
    if a1 is not None and b0 is not None and a1 < b0:
        return "first"
    if b1 is not None and a0 is not None and b1 < a0:
        return "second"
    if None not in (a0, a1, b0, b1) and _short(a0, a1) and _short(b0, b1):
        return "same"
    return "unknown"


def _known_short_sql(c: str) -> str:
    start, end = c.format(column="as_of_start"), c.format(column="as_of_end")
    return f"{start} IS NOT NULL AND {end} IS NOT NULL AND julianday({end}) - julianday({start}) <= {MAX_SAME_DAYS}"


def time_relation_sql(a: str, b: str) -> str:
    """`time_relation` in SQL (ISO dates compare as text). `a`, `b`: each claim's columns, as a table
    alias ("ca") or a template with a `{column}` hole ("CASE WHEN x THEN ca.{column} ELSE cb.{column} END")."""
    a, b = (c if "{column}" in c else c + ".{column}" for c in (a, b))
    return (f"CASE WHEN {a.format(column='as_of_end')} < {b.format(column='as_of_start')} THEN 'first' "
            f"WHEN {b.format(column='as_of_end')} < {a.format(column='as_of_start')} THEN 'second' "
            f"WHEN {_known_short_sql(a)} AND {_known_short_sql(b)} THEN 'same' ELSE 'unknown' END")


TRANSITION_EVENTS = {"effective": "took effect", "abolished": "was abolished"}
"""The dated events that change a state, and how a reason says them. A body taking effect turns
its denied states (non-statutory, not yet doing X) into affirmed ones; an abolition the reverse."""


def is_transition(claim: dict) -> bool:
    """A dated change the corpus states as a fact: an `effective` or `abolished` event with its date."""
    return (claim.get("predicate") == "dated" and claim.get("event") in TRANSITION_EVENTS
            and claim.get("modality") == "fact" and claim.get("negated") == 0
            and bool(claim.get("date_start")) and bool(claim.get("date_end")))


def transition_orders(transition: dict, before: dict, after: dict) -> bool:
    """Can `before` lie before the change and `after` after it? Unknown bounds do not forbid it."""
    start, end = before.get("as_of_start"), after.get("as_of_end")
    return (start is None or start < transition["date_end"]) and (end is None or end >= transition["date_start"])


def transition_orders_sql(t: str, before_start: str, after_end: str) -> str:
    """`transition_orders` for a `claims` row aliased `t` (the change) and two SQL expressions: the
    start of the claim to lie before it, the end of the claim to lie after it."""
    return (f"(({before_start}) IS NULL OR ({before_start}) < {t}.date_end) "
            f"AND (({after_end}) IS NULL OR ({after_end}) >= {t}.date_start)")


TRANSITION_CLAIMS_SQL = (f"predicate = 'dated' AND event IN ({', '.join(repr(e) for e in TRANSITION_EVENTS)}) "
                         "AND modality = 'fact' AND negated = 0")
"""The claims that may be stated changes: also the condition of their (partial) index."""
TRANSITION_SQL = (" AND ".join(f"{{t}}.{term}" for term in TRANSITION_CLAIMS_SQL.split(" AND "))
                  + " AND {t}.date_start IS NOT NULL AND {t}.date_start != ''"
                  + " AND {t}.date_end IS NOT NULL AND {t}.date_end != ''")
"""`is_transition` for a `claims` row aliased {t}."""
