"""The one definition of two claims "speaking of the same time", in Python and in SQL.

A claim's time is its `as_of` interval; a bound that nothing fixes is unknown, and unknown is
open here (it may be any time), never "for ever". The comparisons view picks each claim pair's
verdict with the SQL twin; tests/compare/test_time.py holds that the two agree.
"""
from __future__ import annotations

import datetime as dt

from ..intervals import intervals_meet, iso_date


def as_of(claim: dict) -> tuple[dt.date, dt.date]:
    """The claim's time as dates, unknown bounds open."""
    return iso_date(claim.get("as_of_start")) or dt.date.min, iso_date(claim.get("as_of_end")) or dt.date.max


def same_time(a: dict, b: dict) -> bool:
    """Do the times the two claims speak of overlap? Unknown bounds are open."""
    return intervals_meet(as_of(a), as_of(b))


SAME_TIME_SQL = ("COALESCE({a}.as_of_start, '0001-01-01') <= COALESCE({b}.as_of_end, '9999-12-31') "
                 "AND COALESCE({b}.as_of_start, '0001-01-01') <= COALESCE({a}.as_of_end, '9999-12-31')")
"""`same_time` for two rows of `claims` aliased {a} and {b} (ISO dates compare as text)."""
