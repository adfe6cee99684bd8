"""Dates as closed intervals and text spans as half-open ones: one parser, one overlap test each.

Comparison verdicts, gold validation and evaluation all read ISO dates from claim records and
ask whether two intervals or two spans meet; they do it here, the same way.
"""
from __future__ import annotations

import datetime as dt
import functools


@functools.lru_cache(maxsize=65536)
def iso_date(value) -> dt.date | None:
    """The date an ISO string (or its first ten characters) names; None for nothing or a malformed
    date. Cached: a large corpus compares the same few thousand dates millions of times."""
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def date_interval(start, end) -> tuple[dt.date, dt.date] | None:
    """(start, end) as dates, or None when either is missing or malformed."""
    first, last = iso_date(start), iso_date(end)
    return (first, last) if first is not None and last is not None else None


def intervals_meet(a: tuple, b: tuple) -> bool:
    """Do two closed intervals share a point? (Dates, or any ordered values.)"""
    return a[0] <= b[1] and b[0] <= a[1]


def spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Do two half-open character spans [start, end) share a character?"""
    return a[0] < b[1] and b[0] < a[1]
